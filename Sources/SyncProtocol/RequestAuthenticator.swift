import Crypto

/// What the server saw of a request, before trusting any of it.
public struct SignedRequestParts: Sendable {
    public var method: String
    public var pathWithQuery: String
    /// The principal header (`X-IC-Kiosk` or `X-IC-Client`), nil when absent.
    public var principal: String?
    public var timestamp: String?
    public var nonce: String?
    public var signature: String?
    public var body: [UInt8]

    public init(method: String, pathWithQuery: String, principal: String?, timestamp: String?, nonce: String?,
                signature: String?, body: [UInt8]) {
        self.method = method
        self.pathWithQuery = pathWithQuery
        self.principal = principal
        self.timestamp = timestamp
        self.nonce = nonce
        self.signature = signature
        self.body = body
    }
}

/// A request that passed every check.
public struct AuthenticatedRequest: Hashable, Sendable {
    public let principal: String
    public let timestamp: Int64
    public let nonce: String
}

/// Why a request is refused. Every case's message says what was expected; none echoes the secret.
public enum AuthenticationRejection: Error, Hashable, Sendable, CustomStringConvertible {
    case malformedHeader(name: String, expected: String, found: String)
    case unknownPrincipal(header: String, id: String)
    case staleTimestamp(timestamp: Int64, now: Int64, windowMilliseconds: Int64)
    case badSignature
    case replayedNonce(nonce: String)

    public var code: SyncErrorCode {
        switch self {
        case .malformedHeader: .malformedHeader
        case .unknownPrincipal(let header, _): header == SignatureHeader.client ? .unknownClient : .unknownKiosk
        case .staleTimestamp: .staleTimestamp
        case .badSignature: .badSignature
        case .replayedNonce: .replayedNonce
        }
    }

    public var description: String {
        switch self {
        case .malformedHeader(let name, let expected, let found): "header \(name): expected \(expected), found \(found)"
        case .unknownPrincipal(let header, let id): "\(header): expected a configured id, found \(ByteText.preview(id))"
        case .staleTimestamp(let timestamp, let now, let window):
            "X-IC-Timestamp: expected within ±\(window / 1_000) s of the server's clock \(now), found \(timestamp) "
                + "(\(timestamp < now ? "behind" : "ahead") by \((timestamp - now).magnitude / 1_000) s)"
        case .badSignature:
            "X-IC-Signature: expected HMAC-SHA256 over IC1, method, path with query, timestamp, nonce and body hash "
                + "with this principal's secret; it does not match"
        case .replayedNonce(let nonce): "X-IC-Nonce: expected a nonce not used before, found \(nonce) again"
        }
    }
}

/// Checks a signed request. Pure: the caller supplies the secret lookup, the time and the nonce memory.
///
/// Order: headers well-formed → principal known → timestamp in window → signature (constant time) → nonce
/// unused. The nonce is consulted last so unauthenticated traffic cannot fill the server's nonce table.
public struct RequestAuthenticator: Sendable {
    public let principalHeader: String
    /// Allowed clock difference either way, in milliseconds (default 300 s).
    public let windowMilliseconds: Int64

    public static let defaultWindowMilliseconds: Int64 = 300_000

    public init(principalHeader: String = SignatureHeader.kiosk, windowMilliseconds: Int64 = defaultWindowMilliseconds) {
        self.principalHeader = principalHeader
        self.windowMilliseconds = windowMilliseconds
    }

    /// - Parameters:
    ///   - secret: the principal's secret, nil when the principal is unknown.
    ///   - now: the server's clock, unix milliseconds.
    ///   - nonceWasSeen: true when this principal used the nonce before. Called only for an otherwise valid
    ///     request; a server records the nonce in the same step (check-and-insert).
    public func verify(_ request: SignedRequestParts, now: Int64, secret: (String) -> [UInt8]?,
                       nonceWasSeen: (_ principal: String, _ nonce: String, _ timestamp: Int64) throws -> Bool)
        rethrows -> Result<AuthenticatedRequest, AuthenticationRejection> {
        guard let principal = request.principal, !principal.isEmpty, principal.utf8.count <= 64 else {
            return .failure(.malformedHeader(name: principalHeader, expected: "an id of 1–64 bytes", found: describe(request.principal)))
        }
        guard let stampText = request.timestamp, (1...16).contains(stampText.utf8.count),
              stampText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let timestamp = Int64(stampText) else {
            return .failure(.malformedHeader(name: SignatureHeader.timestamp, expected: "unix milliseconds as 1–16 decimal digits",
                                             found: describe(request.timestamp)))
        }
        guard let nonce = request.nonce, (32...128).contains(nonce.utf8.count), nonce.utf8.count % 2 == 0,
              ByteText.isLowercaseHex(nonce) else {
            return .failure(.malformedHeader(name: SignatureHeader.nonce, expected: "16–64 random bytes as lowercase hex",
                                             found: describe(request.nonce)))
        }
        guard let signatureText = request.signature, signatureText.utf8.count == 64, ByteText.isLowercaseHex(signatureText),
              let signature = ByteText.bytes(fromHex: signatureText) else {
            return .failure(.malformedHeader(name: SignatureHeader.signature, expected: "64 lowercase hex digits (HMAC-SHA256)",
                                             found: describe(request.signature)))
        }
        guard let key = secret(principal) else { return .failure(.unknownPrincipal(header: principalHeader, id: principal)) }
        // Subtraction cannot overflow: both values are below 10^16.
        guard (timestamp - now).magnitude <= windowMilliseconds.magnitude else {
            return .failure(.staleTimestamp(timestamp: timestamp, now: now, windowMilliseconds: windowMilliseconds))
        }
        let message = RequestSigner.stringToSign(method: request.method, pathWithQuery: request.pathWithQuery,
                                                 timestamp: stampText, nonce: nonce, body: request.body)
        // Constant-time comparison inside swift-crypto.
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: SymmetricKey(data: key)) else {
            return .failure(.badSignature)
        }
        if try nonceWasSeen(principal, nonce, timestamp) { return .failure(.replayedNonce(nonce: nonce)) }
        return .success(AuthenticatedRequest(principal: principal, timestamp: timestamp, nonce: nonce))
    }

    private func describe(_ value: String?) -> String {
        value.map { ByteText.preview($0, limit: 70) } ?? "no header"
    }
}

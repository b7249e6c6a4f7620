import Crypto
import Foundation

/// Header names of a signed request.
public enum SignatureHeader {
    /// Kiosk id on `/sync/v1/…`.
    public static let kiosk = "X-IC-Kiosk"
    /// Economics-client id on `/econ/v1/…` (same scheme, separate secrets).
    public static let client = "X-IC-Client"
    public static let timestamp = "X-IC-Timestamp"
    public static let nonce = "X-IC-Nonce"
    public static let signature = "X-IC-Signature"
}

/// The four header values a signed request carries besides the principal.
public struct RequestSignature: Hashable, Sendable {
    /// Unix milliseconds, decimal.
    public var timestamp: String
    /// At least 16 random bytes, lowercase hex.
    public var nonce: String
    /// HMAC-SHA256 of `RequestSigner.stringToSign`, lowercase hex.
    public var signature: String

    public init(timestamp: String, nonce: String, signature: String) {
        self.timestamp = timestamp
        self.nonce = nonce
        self.signature = signature
    }
}

/// Signs requests with a per-kiosk (or per-client) secret:
///
///     HMAC-SHA256(secret, "IC1\n" + METHOD + "\n" + PATH_WITH_QUERY + "\n" + TIMESTAMP_MS + "\n" + NONCE + "\n" + hex(SHA256(body)))
///
/// METHOD is upper case; PATH_WITH_QUERY is the request target exactly as sent (`/sync/v1/deltas?cursor=5&limit=100`).
public struct RequestSigner: Sendable {
    // Kept as bytes: swift-crypto 3's SymmetricKey is not Sendable; a key is made per signature.
    private let secret: [UInt8]

    /// Secrets shorter than this are refused by the config loaders (HMAC key strength).
    public static let minimumSecretBytes = 32

    public init(secret: [UInt8]) { self.secret = secret }

    public static func stringToSign(method: String, pathWithQuery: String, timestamp: String, nonce: String, body: [UInt8]) -> [UInt8] {
        let bodyHash = ByteText.hex(SHA256.hash(data: body))
        return Array("IC1\n\(method.uppercased())\n\(pathWithQuery)\n\(timestamp)\n\(nonce)\n\(bodyHash)".utf8)
    }

    /// Signs with an explicit timestamp and nonce (tests and vectors); `sign(…, now:)` draws a fresh nonce.
    public func sign(method: String, pathWithQuery: String, timestamp: Int64, nonce: String, body: [UInt8]) -> RequestSignature {
        let stamp = String(timestamp)
        let message = Self.stringToSign(method: method, pathWithQuery: pathWithQuery, timestamp: stamp, nonce: nonce, body: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return RequestSignature(timestamp: stamp, nonce: nonce, signature: ByteText.hex(mac))
    }

    public func sign(method: String, pathWithQuery: String, body: [UInt8], now: Int64) -> RequestSignature {
        sign(method: method, pathWithQuery: pathWithQuery, timestamp: now, nonce: Self.freshNonce(), body: body)
    }

    /// 16 bytes from the system CSPRNG, lowercase hex.
    public static func freshNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return ByteText.hex((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

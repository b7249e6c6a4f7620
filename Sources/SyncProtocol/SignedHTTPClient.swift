import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why a call to the town server did not produce the expected answer.
public enum SyncClientError: Error, Sendable, CustomStringConvertible {
    /// No answer (refused, timed out, DNS…). For a push the outcome is unknown: resend the same records;
    /// the server applies each (kiosk, sequence) once.
    case transport(String)
    /// The server answered with a protocol error (`gap`, `fork`, `bad_signature`, …).
    case rejected(status: Int, SyncErrorBody)
    /// The server answered something that is not this protocol (a proxy's HTML page, bad JSON).
    case unexpectedResponse(status: Int, detail: String)

    public var description: String {
        switch self {
        case .transport(let detail): "no answer from the town server: \(detail)"
        case .rejected(let status, let body): "town server refused (HTTP \(status)): \(body)"
        case .unexpectedResponse(let status, let detail): "unexpected answer from the town server (HTTP \(status)): \(detail)"
        }
    }

    /// The server's error code, when it sent one.
    public var code: SyncErrorCode? {
        if case .rejected(_, let body) = self { return body.code }
        return nil
    }
}

/// Sends HMAC-signed requests (see `RequestSigner`) and decodes JSON answers or typed errors.
/// Used by `SyncClient` (kiosk) and by the economics stand-in.
public struct SignedHTTPClient: Sendable {
    public let baseURL: URL
    public let principalHeader: String
    public let principal: String
    public let signer: RequestSigner
    public let timeoutSeconds: Double
    private let session: URLSession
    private let clock: @Sendable () -> Int64

    /// - Parameters:
    ///   - baseURL: scheme, host and port only (e.g. `https://town.example`); the signed path is the request's own.
    ///   - clock: unix milliseconds; injectable for tests.
    public init(baseURL: URL, principalHeader: String, principal: String, secret: [UInt8], timeoutSeconds: Double = 30,
                session: URLSession = .shared, clock: @escaping @Sendable () -> Int64 = SignedHTTPClient.wallClockMilliseconds) {
        self.baseURL = baseURL
        self.principalHeader = principalHeader
        self.principal = principal
        self.signer = RequestSigner(secret: secret)
        self.timeoutSeconds = timeoutSeconds
        self.session = session
        self.clock = clock
    }

    public static let wallClockMilliseconds: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1_000).rounded()) }

    /// Sends one signed request and returns the status and body; statuses ≥ 400 become `.rejected` when the
    /// body is a protocol error.
    public func send(method: String, pathWithQuery: String, body: [UInt8] = [],
                     contentType: String = "application/json") async throws(SyncClientError) -> (status: Int, body: [UInt8]) {
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        guard let url = URL(string: base + pathWithQuery) else {
            throw .transport("cannot form a URL from \(base) and \(pathWithQuery)")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeoutSeconds)
        request.httpMethod = method
        let signature = signer.sign(method: method, pathWithQuery: pathWithQuery, body: body, now: clock())
        request.setValue(principal, forHTTPHeaderField: principalHeader)
        request.setValue(signature.timestamp, forHTTPHeaderField: SignatureHeader.timestamp)
        request.setValue(signature.nonce, forHTTPHeaderField: SignatureHeader.nonce)
        request.setValue(signature.signature, forHTTPHeaderField: SignatureHeader.signature)
        if !body.isEmpty || method != "GET" {
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body)
        }
        let (status, data) = try await perform(request)
        if status >= 400 {
            if let error = try? WireJSON.decode(SyncErrorBody.self, from: data) { throw .rejected(status: status, error) }
            throw .unexpectedResponse(status: status, detail: ByteText.preview(String(decoding: data, as: UTF8.self), limit: 200))
        }
        return (status, data)
    }

    /// Sends and decodes a JSON answer of type `T`.
    public func sendJSON<T: Decodable>(_ type: T.Type, method: String, pathWithQuery: String, body: [UInt8] = [],
                                       contentType: String = "application/json") async throws(SyncClientError) -> T {
        let (status, data) = try await send(method: method, pathWithQuery: pathWithQuery, body: body, contentType: contentType)
        do {
            return try WireJSON.decode(type, from: data)
        } catch {
            throw .unexpectedResponse(status: status, detail: "expected \(T.self): \(error)")
        }
    }

    private func perform(_ request: URLRequest) async throws(SyncClientError) -> (Int, [UInt8]) {
        let session = self.session
        let result: Result<(Int, [UInt8]), SyncClientError> = await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(returning: .failure(.transport(error.localizedDescription)))
                } else if let http = response as? HTTPURLResponse {
                    continuation.resume(returning: .success((http.statusCode, data.map(Array.init) ?? [])))
                } else {
                    continuation.resume(returning: .failure(.transport("no HTTP response")))
                }
            }
            task.resume()
        }
        return try result.get()
    }
}

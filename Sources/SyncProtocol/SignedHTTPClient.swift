import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

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
    private let http: HTTPClient
    private let clock: @Sendable () -> Int64

    /// - Parameters:
    ///   - baseURL: scheme, host and port only (e.g. `https://town.example`); the signed path is the request's own.
    ///   - clock: unix milliseconds; injectable for tests.
    public init(baseURL: URL, principalHeader: String, principal: String, secret: [UInt8], timeoutSeconds: Double = 30,
                http: HTTPClient = SignedHTTPClient.sharedClient, clock: @escaping @Sendable () -> Int64 = SignedHTTPClient.wallClockMilliseconds) {
        self.baseURL = baseURL
        self.principalHeader = principalHeader
        self.principal = principal
        self.signer = RequestSigner(secret: secret)
        self.timeoutSeconds = timeoutSeconds
        self.http = http
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
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        let signature = signer.sign(method: method, pathWithQuery: pathWithQuery, body: body, now: clock())
        request.headers.add(name: principalHeader, value: principal)
        request.headers.add(name: SignatureHeader.timestamp, value: signature.timestamp)
        request.headers.add(name: SignatureHeader.nonce, value: signature.nonce)
        request.headers.add(name: SignatureHeader.signature, value: signature.signature)
        if !body.isEmpty || method != "GET" {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
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

    /// The process's client for the town server: it fails at once when the server is down (no connection retries
    /// until the request's deadline: the sync agent has its own backoff) and follows no redirect (the signature
    /// covers the path).
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The most a server answer may hold (a delta page is far smaller); more is a transport failure.
    static let maximumAnswerBytes = 64 << 20

    private func perform(_ request: HTTPClientRequest) async throws(SyncClientError) -> (Int, [UInt8]) {
        do {
            let response = try await http.execute(request, timeout: .milliseconds(Int64(timeoutSeconds * 1_000)))
            var body = try await response.body.collect(upTo: Self.maximumAnswerBytes)
            return (Int(response.status.code), body.readBytes(length: body.readableBytes) ?? [])
        } catch {
            throw .transport("\(error)")
        }
    }

    /// The `Date` header of a plain GET (no signature), or nil when there is no answer.
    public static func dateHeader(of url: URL, timeoutSeconds: Double, http: HTTPClient = SignedHTTPClient.sharedClient) async -> String? {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        guard let response = try? await http.execute(request, timeout: .milliseconds(Int64(timeoutSeconds * 1_000))) else { return nil }
        _ = try? await response.body.collect(upTo: maximumAnswerBytes)
        return response.headers.first(name: "Date")
    }
}

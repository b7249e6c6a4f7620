import Hummingbird
import SyncProtocol

/// Small helpers shared by the route handlers: JSON answers, error answers, signed-request checks.
enum HTTPAnswer {
    static let maximumBodyBytes = 16 << 20

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: WireJSON.encode(value))))
    }

    static func error(_ status: HTTPResponse.Status, _ code: SyncErrorCode, _ message: String, expectedSequence: Int64? = nil) -> Response {
        json(SyncErrorBody(code: code, message: message, expectedSequence: expectedSequence), status: status)
    }

    static func error(_ status: HTTPResponse.Status, _ body: SyncErrorBody) -> Response { json(body, status: status) }

    static func internalError(_ error: any Error) -> Response {
        self.error(.internalServerError, .internalError, "the server could not store or read its database: \(error)")
    }

    enum Decoded<T> {
        case value(T)
        /// The 400 answer saying what was wrong with the body.
        case answer(Response)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) -> Decoded<T> {
        do {
            return .value(try WireJSON.decode(type, from: body))
        } catch {
            return .answer(self.error(.badRequest, .badRequest, error.description))
        }
    }
}

/// A request that passed signature checks, with its body.
struct VerifiedRequest {
    let principal: String
    let body: [UInt8]
    let request: Request
}

extension ServerStore {
    /// Collects the body, checks the signature for `kind`, and runs `handler`, or answers 401 / 500.
    nonisolated func verified(_ request: Request, as kind: PrincipalKind,
                              _ handler: (VerifiedRequest) async throws -> Response) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: HTTPAnswer.maximumBodyBytes)
        let body = Array(buffer.readableBytesView)
        let headers = request.headers
        func header(_ name: String) -> String? {
            let wanted = name.lowercased()
            return headers.first { $0.name.canonicalName == wanted }?.value
        }
        let parts = SignedRequestParts(method: request.method.rawValue, pathWithQuery: request.head.path ?? request.uri.string,
                                       principal: header(kind.header), timestamp: header(SignatureHeader.timestamp),
                                       nonce: header(SignatureHeader.nonce), signature: header(SignatureHeader.signature), body: body)
        let outcome: Result<AuthenticatedRequest, AuthenticationRejection>
        do {
            outcome = try await authenticate(parts, as: kind)
        } catch {
            return HTTPAnswer.internalError(error)
        }
        switch outcome {
        case .failure(let rejection):
            return HTTPAnswer.error(.unauthorized, rejection.code, rejection.description)
        case .success(let authenticated):
            return try await handler(VerifiedRequest(principal: authenticated.principal, body: body, request: request))
        }
    }
}

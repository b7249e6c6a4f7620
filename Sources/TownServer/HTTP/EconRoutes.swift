import Hummingbird
import Logging
import SyncProtocol
import TownCore

/// `/econ/v1/…`: the economics-system routes, signed with an econ client's secret (`X-IC-Client`).
struct EconRoutes {
    let store: ServerStore
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        let prefix = SyncVersion.econPathPrefix
        router.post("\(prefix)/receivables") { request, _ in try await receivables(request) }
        router.post("\(prefix)/fees") { request, _ in try await fees(request) }
        router.post("\(prefix)/vouchers") { request, _ in try await vouchers(request) }
        router.post("\(prefix)/cancellations") { request, _ in try await cancellations(request) }
        router.get("\(prefix)/postings") { request, _ in try await postings(request) }
        router.post("\(prefix)/postings/ack") { request, _ in try await acknowledge(request) }
        router.get("\(prefix)/health") { request, _ in
            try await store.verified(request, as: .econ) { _ in
                do { return HTTPAnswer.json(try await store.health()) } catch { return HTTPAnswer.internalError(error) }
            }
        }
    }

    private static func isCSV(_ request: Request) -> Bool {
        (request.headers[.contentType] ?? "").lowercased().hasPrefix("text/csv")
    }

    private func answer(_ outcome: Result<ImportResult, ImportRejection>) -> Response {
        switch outcome {
        case .success(let result): HTTPAnswer.json(result)
        case .failure(let rejection): HTTPAnswer.error(.conflict, .conflict, rejection.message)
        }
    }

    func receivables(_ request: Request) async throws -> Response {
        try await store.verified(request, as: .econ) { verified in
            let obligations: [Obligation]
            if Self.isCSV(verified.request) {
                do { obligations = try EconCSV.receivables(String(decoding: verified.body, as: UTF8.self)) } catch {
                    return HTTPAnswer.error(.badRequest, .badRequest, "receivables CSV: \(error)")
                }
            } else {
                switch HTTPAnswer.decode(ReceivablesImport.self, verified.body) {
                case .answer(let answer): return answer
                case .value(let value): obligations = value.receivables
                }
            }
            do { return answer(try await store.importReceivables(obligations)) } catch { return HTTPAnswer.internalError(error) }
        }
    }

    func fees(_ request: Request) async throws -> Response {
        try await store.verified(request, as: .econ) { verified in
            let catalog: FeeCatalog
            if Self.isCSV(verified.request) {
                do { catalog = try EconCSV.fees(String(decoding: verified.body, as: UTF8.self)) } catch {
                    return HTTPAnswer.error(.badRequest, .badRequest, "fees CSV: \(error)")
                }
            } else {
                switch HTTPAnswer.decode(FeesImport.self, verified.body) {
                case .answer(let answer): return answer
                case .value(let value): catalog = value.fees
                }
            }
            do { return HTTPAnswer.json(try await store.importFees(catalog)) } catch { return HTTPAnswer.internalError(error) }
        }
    }

    func vouchers(_ request: Request) async throws -> Response {
        try await store.verified(request, as: .econ) { verified in
            switch HTTPAnswer.decode(VouchersImport.self, verified.body) {
            case .answer(let answer): return answer
            case .value(let value):
                do {
                    let outcome = try await store.importVouchers(value.vouchers)
                    if case .failure(let rejection) = outcome { return HTTPAnswer.error(.badRequest, .badRequest, rejection.message) }
                    return answer(outcome)
                } catch { return HTTPAnswer.internalError(error) }
            }
        }
    }

    func cancellations(_ request: Request) async throws -> Response {
        try await store.verified(request, as: .econ) { verified in
            switch HTTPAnswer.decode(CancellationsImport.self, verified.body) {
            case .answer(let answer): return answer
            case .value(let value):
                do { return answer(try await store.importCancellations(value.cancellations)) } catch { return HTTPAnswer.internalError(error) }
            }
        }
    }

    func postings(_ request: Request) async throws -> Response {
        try await store.verified(request, as: .econ) { verified in
            let query = verified.request.uri.queryParameters
            var after: Int64?
            if let text = query.get("after") {
                guard let value = ServerStore.parseCursor(text) else {
                    return HTTPAnswer.error(.badRequest, .badRequest, "after: expected a posting cursor (digits), found \(ByteText.preview(text))")
                }
                after = value
            }
            var limit = ServerStore.defaultDeltaLimit
            if let text = query.get("limit") {
                guard let value = Int(text), (1...ServerStore.maximumDeltaLimit).contains(value) else {
                    return HTTPAnswer.error(.badRequest, .badRequest, "limit: expected 1–\(ServerStore.maximumDeltaLimit), found \(ByteText.preview(text))")
                }
                limit = value
            }
            do {
                return HTTPAnswer.json(try await store.postings(client: verified.principal, after: after, limit: limit))
            } catch { return HTTPAnswer.internalError(error) }
        }
    }

    func acknowledge(_ request: Request) async throws -> Response {
        try await store.verified(request, as: .econ) { verified in
            switch HTTPAnswer.decode(PostingsAcknowledgement.self, verified.body) {
            case .answer(let answer): return answer
            case .value(let value):
                guard let through = ServerStore.parseCursor(value.through) else {
                    return HTTPAnswer.error(.badRequest, .badRequest, "through: expected a posting cursor (digits), found \(ByteText.preview(value.through))")
                }
                do {
                    switch try await store.acknowledgePostings(client: verified.principal, through: through) {
                    case .success(let acknowledgement): return HTTPAnswer.json(acknowledgement)
                    case .failure(let rejection): return HTTPAnswer.error(.badRequest, .badRequest, rejection.message)
                    }
                } catch { return HTTPAnswer.internalError(error) }
            }
        }
    }
}

import Failpoints
import Hummingbird
import Logging
import SyncProtocol

/// `/sync/v1/…`: the kiosk-authenticated routes.
struct SyncRoutes {
    let store: ServerStore
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.post("\(SyncVersion.pathPrefix)/journal") { request, _ in try await pushJournal(request) }
        router.get("\(SyncVersion.pathPrefix)/deltas") { request, _ in try await deltas(request) }
        router.post("\(SyncVersion.pathPrefix)/vouchers/:id/claim") { request, context in
            try await claim(request, voucherID: context.parameters.get("id") ?? "")
        }
    }

    func pushJournal(_ request: Request) async throws -> Response {
        try await store.verified(request, as: .kiosk) { verified in
            let push: JournalPush
            if verified.request.headers[.contentType]?.hasPrefix(JournalBatchBinary.contentType) == true {
                do throws(WireDecodingError) {
                    push = try JournalBatchBinary.decode(verified.body)
                } catch {
                    return HTTPAnswer.error(.badRequest, .badRequest, error.description)
                }
            } else {
                switch HTTPAnswer.decode(JournalPush.self, verified.body) {
                case .answer(let answer): return answer
                case .value(let value): push = value
                }
            }
            guard push.kiosk == verified.principal else {
                return HTTPAnswer.error(.forbidden, .kioskMismatch,
                                        "kiosk: expected \(verified.principal) (the signing kiosk), found \(ByteText.preview(push.kiosk))")
            }
            guard push.records.count <= JournalPush.maximumRecords else {
                return HTTPAnswer.error(.badRequest, .batchTooLarge,
                                        "records: expected at most \(JournalPush.maximumRecords), found \(push.records.count)")
            }
            do {
                switch try await store.applyJournal(kiosk: push.kiosk, records: push.records) {
                case .success(let acknowledgement):
                    // Nemesis tests: the batch is committed, the answer is lost (error → 500, kill → no answer).
                    do { try Failpoints.hit("server.journal.after_commit") } catch { return HTTPAnswer.internalError(error) }
                    return HTTPAnswer.json(acknowledgement)
                case .failure(let rejection):
                    logger.info("journal batch refused", metadata: [
                        "sync.kiosk": "\(push.kiosk)", "sync.code": "\(rejection.code)", "sync.sequence": "\(rejection.sequence)",
                    ])
                    return HTTPAnswer.error(.conflict, rejection.body)
                }
            } catch {
                return HTTPAnswer.internalError(error)
            }
        }
    }

    func deltas(_ request: Request) async throws -> Response {
        try await store.verified(request, as: .kiosk) { verified in
            let query = verified.request.uri.queryParameters
            guard let cursor = ServerStore.parseCursor(query.get("cursor")) else {
                return HTTPAnswer.error(.badRequest, .badRequest, "cursor: expected a cursor from an earlier page (digits), found \(ByteText.preview(query.get("cursor") ?? ""))")
            }
            var limit = ServerStore.defaultDeltaLimit
            if let text = query.get("limit") {
                guard let value = Int(text), (1...ServerStore.maximumDeltaLimit).contains(value) else {
                    return HTTPAnswer.error(.badRequest, .badRequest, "limit: expected 1–\(ServerStore.maximumDeltaLimit), found \(ByteText.preview(text))")
                }
                limit = value
            }
            do {
                return HTTPAnswer.json(try await store.deltas(kiosk: verified.principal, after: cursor, limit: limit))
            } catch {
                return HTTPAnswer.internalError(error)
            }
        }
    }

    func claim(_ request: Request, voucherID: String) async throws -> Response {
        try await store.verified(request, as: .kiosk) { verified in
            do {
                switch try await store.claim(voucherID: voucherID, kiosk: verified.principal) {
                case .success(let claim): return HTTPAnswer.json(claim)
                case .failure(let body): return HTTPAnswer.error(body.code == .notFound ? .notFound : .conflict, body)
                }
            } catch {
                return HTTPAnswer.internalError(error)
            }
        }
    }
}

import SQLiteDB
import SyncProtocol
import TownCore

/// An import refused whole: nothing of it was stored.
public struct ImportRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension ServerStore {
    // MARK: Imports (all or nothing, one transaction each)

    /// Adds or replaces receivables. An unchanged document does not become a delta; a cancelled id is refused.
    public func importReceivables(_ obligations: [Obligation]) throws(ServerStoreError) -> Result<ImportResult, ImportRejection> {
        try importDocuments(obligations.map { ($0.id, WireJSON.encode($0), nil as String?) }, table: "receivables", noun: "receivable")
    }

    /// Replaces the fee catalogue (one delta entity).
    public func importFees(_ catalog: FeeCatalog) throws(ServerStoreError) -> ImportResult {
        let document = String(decoding: WireJSON.encode(catalog), as: UTF8.self)
        return try write { connection in
            let stored = try connection.cached("SELECT document FROM fee_catalog WHERE singleton = 1").firstRow()
            guard try stored?.string(0) != document else { return ImportResult(received: catalog.items.count, changed: 0) }
            let seq = try Self.nextChangeSeq(connection)
            try connection.cached("INSERT OR REPLACE INTO fee_catalog (singleton, document, change_seq) VALUES (1, ?, ?)").run([document, seq])
            return ImportResult(received: catalog.items.count, changed: 1)
        }
    }

    /// Stores signed vouchers as given. The server does not verify signatures (the kiosk does, offline);
    /// it refuses structurally bad ones: not a fresh voucher, dual control not met by the approvals' roles
    /// and people, or bound to a kiosk this server does not know.
    public func importVouchers(_ vouchers: [PayoutVoucher]) throws(ServerStoreError) -> Result<ImportResult, ImportRejection> {
        for voucher in vouchers {
            let id = voucher.id.value
            guard voucher.status == .approved || voucher.status == .issued, voucher.paidSoFar.isZero,
                  voucher.failedPinAttempts == 0, voucher.pinCheck == .idle else {
                return .failure(ImportRejection(message: "voucher \(id): expected a fresh voucher (status approved, nothing paid, no PIN attempts), "
                    + "found status \(voucher.status.rawValue), paid \(voucher.paidSoFar.halere), \(voucher.failedPinAttempts) attempts"))
            }
            do throws(ApprovalProblem) {
                try DualControl.check(voucher.approvals)
            } catch {
                return .failure(ImportRejection(message: "voucher \(id): \(error)"))
            }
            if let bound = voucher.boundKiosk, config.kiosk(bound.value) == nil {
                return .failure(ImportRejection(message: "voucher \(id): expected bound_kiosk to be a configured kiosk, found \(bound.value)"))
            }
        }
        return try importDocuments(vouchers.map { ($0.id.value, WireJSON.encode($0), $0.boundKiosk?.value) }, table: "vouchers", noun: "voucher")
    }

    private func importDocuments(_ documents: [(id: String, document: [UInt8], bound: String?)], table: String,
                                 noun: String) throws(ServerStoreError) -> Result<ImportResult, ImportRejection> {
        var seen: Set<String> = []
        for item in documents where !seen.insert(item.id).inserted {
            return .failure(ImportRejection(message: "expected each \(noun) id once, found \(item.id) twice"))
        }
        do {
            let changed = try write { connection -> Int in
                var changed = 0
                for item in documents {
                    let text = String(decoding: item.document, as: UTF8.self)
                    let stored = try connection.cached("SELECT document, cancelled\(table == "vouchers" ? ", claimed_by" : ", NULL") FROM \(table) WHERE id = ?")
                        .firstRow([item.id])
                    if let stored {
                        if try stored.int64(1) != 0 {
                            throw ImportRejection(message: "\(noun) \(item.id) was cancelled; expected a new id for a re-issued \(noun)")
                        }
                        if try stored.string(0) == text { continue }
                        if try stored.optionalString(2) != nil {
                            throw ImportRejection(message: "\(noun) \(item.id) is claimed by a kiosk and may be paid; expected it unchanged")
                        }
                    }
                    let seq = try Self.nextChangeSeq(connection)
                    if table == "vouchers" {
                        try connection.cached("""
                            INSERT INTO vouchers (id, document, bound_kiosk, change_seq) VALUES (?, ?, ?, ?)
                            ON CONFLICT (id) DO UPDATE SET document = excluded.document, bound_kiosk = excluded.bound_kiosk, change_seq = excluded.change_seq
                            """).run([item.id, text, item.bound, seq])
                    } else {
                        try connection.cached("""
                            INSERT INTO receivables (id, document, change_seq) VALUES (?, ?, ?)
                            ON CONFLICT (id) DO UPDATE SET document = excluded.document, change_seq = excluded.change_seq
                            """).run([item.id, text, seq])
                    }
                    changed += 1
                }
                return changed
            }
            return .success(ImportResult(received: documents.count, changed: changed))
        } catch {
            guard let rejection = error.importRejection else { throw error }
            return .failure(rejection)
        }
    }

    /// Cancels receivables and vouchers. An unknown id refuses the whole import; cancelling twice is harmless.
    public func importCancellations(_ cancellations: [Cancellation]) throws(ServerStoreError) -> Result<ImportResult, ImportRejection> {
        do {
            let changed = try write { connection -> Int in
                var changed = 0
                for cancellation in cancellations {
                    let table = cancellation.kind == .voucher ? "vouchers" : "receivables"
                    guard let row = try connection.cached("SELECT cancelled FROM \(table) WHERE id = ?").firstRow([cancellation.id]) else {
                        throw ImportRejection(message: "cancellation of \(cancellation.kind.rawValue) \(cancellation.id): expected a known id, found none")
                    }
                    if try row.int64(0) != 0 { continue }
                    let seq = try Self.nextChangeSeq(connection)
                    try connection.cached("UPDATE \(table) SET cancelled = 1, change_seq = ? WHERE id = ?").run([seq, cancellation.id])
                    changed += 1
                }
                return changed
            }
            return .success(ImportResult(received: cancellations.count, changed: changed))
        } catch {
            guard let rejection = error.importRejection else { throw error }
            return .failure(rejection)
        }
    }

    // MARK: Postings

    /// Postings after `after` (default: what `client` acknowledged), oldest first.
    /// A page of postings after `after` (default: the client's acknowledged cursor). Every record acknowledged to
    /// a kiosk before this call is posted first, so the economics side never sees the worker's lag.
    public func postings(client: String, after: Int64?, limit: Int) async throws(ServerStoreError) -> PostingsPage {
        try await postingWorker.catchUp()
        return try read { connection in
            let acknowledged = try connection.cached("SELECT acknowledged_through FROM econ_cursors WHERE client = ?").firstRow([client])?.int64(0) ?? 0
            let start = after ?? acknowledged
            let rows = try connection.cached("SELECT cursor, document FROM postings WHERE cursor > ? ORDER BY cursor LIMIT ?").rows([start, limit + 1])
            var postings: [Posting] = []
            var cursor = start
            for row in rows.prefix(limit) {
                var posting = try WireJSON.decode(Posting.self, from: Array(try row.string(1).utf8))
                cursor = try row.int64(0)
                posting.cursor = String(cursor)
                postings.append(posting)
            }
            return PostingsPage(postings: postings, cursor: String(cursor), hasMore: rows.count > limit, acknowledgedThrough: String(acknowledged))
        }
    }

    /// Moves `client`'s acknowledged cursor forward (never back). Refuses a cursor beyond the last posting.
    public func acknowledgePostings(client: String, through: Int64) throws(ServerStoreError) -> Result<PostingsAcknowledgement, ImportRejection> {
        do {
            let stored = try write { connection -> Int64 in
                let last = try connection.cached("SELECT coalesce(max(cursor), 0) FROM postings").firstRow()?.int64(0) ?? 0
                guard through <= last else {
                    throw ImportRejection(message: "through: expected a cursor of an exported posting (≤ \(last)), found \(through)")
                }
                try connection.cached("""
                    INSERT INTO econ_cursors (client, acknowledged_through) VALUES (?, ?)
                    ON CONFLICT (client) DO UPDATE SET acknowledged_through = max(acknowledged_through, excluded.acknowledged_through)
                    """).run([client, through])
                return try connection.cached("SELECT acknowledged_through FROM econ_cursors WHERE client = ?").firstRow([client])?.int64(0) ?? through
            }
            return .success(PostingsAcknowledgement(through: String(stored)))
        } catch {
            guard let rejection = error.importRejection else { throw error }
            return .failure(rejection)
        }
    }
}


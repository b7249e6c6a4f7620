import SQLiteDB
import SyncProtocol
import TownCore

extension ServerStore {
    public static let defaultDeltaLimit = 500
    public static let maximumDeltaLimit = 5_000

    /// Parses a delta cursor: absent or empty means "from the beginning".
    public nonisolated static func parseCursor(_ text: String?) -> Int64? {
        guard let text, !text.isEmpty else { return 0 }
        guard text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(text)
    }

    /// Everything that changed for `kiosk` after `cursor`, at most `limit` entities, oldest change first.
    /// Vouchers bound to other kiosks never appear; unbound ones only under the `claim_unbound` policy, and a
    /// voucher claimed by another kiosk or cancelled appears as a cancellation.
    public func deltas(kiosk: String, after cursor: Int64, limit: Int) throws(ServerStoreError) -> DeltaPage {
        guard let kioskConfig = config.kiosk(kiosk) else {
            throw ServerStoreError(SQLiteError(code: .misuse, message: "unknown kiosk \(kiosk)"))
        }
        let now = clock()
        let allowsUnbound = kioskConfig.voucherPolicy == .claimUnbound
        let rows = try read { connection in
            try connection.cached("""
                SELECT 'obligation', id, document, cancelled, NULL, change_seq FROM receivables WHERE change_seq > ?1
                UNION ALL
                SELECT 'voucher', id, document, cancelled, claimed_by, change_seq FROM vouchers
                    WHERE change_seq > ?1 AND (bound_kiosk = ?2 OR (bound_kiosk IS NULL AND ?3 = 1))
                UNION ALL
                SELECT 'fees', 'catalog', document, 0, NULL, change_seq FROM fee_catalog WHERE change_seq > ?1
                UNION ALL
                SELECT 'config', kiosk, document, 0, NULL, change_seq FROM kiosk_config WHERE kiosk = ?2 AND change_seq > ?1
                ORDER BY 6 LIMIT ?4
                """).rows([cursor, kiosk, allowsUnbound, limit + 1])
        }
        var page = DeltaPage(cursor: String(cursor), hasMore: rows.count > limit)
        do {
            for row in rows.prefix(limit) {
                let kind = try row.string(0)
                let id = try row.string(1)
                let document = Array(try row.string(2).utf8)
                let cancelled = try row.int64(3) != 0
                let claimedElsewhere = try row.optionalString(4).map { $0 != kiosk } ?? false
                page.cursor = String(try row.int64(5))
                switch kind {
                case "obligation":
                    if cancelled { page.cancellations.append(try Cancellation(kind: .obligation, id: id)) }
                    else { page.obligations.append(try WireJSON.decode(Obligation.self, from: document)) }
                case "voucher":
                    if cancelled || claimedElsewhere { page.cancellations.append(try Cancellation(kind: .voucher, id: id)) }
                    else { page.vouchers.append(try WireJSON.decode(PayoutVoucher.self, from: document)) }
                case "fees":
                    page.fees = try WireJSON.decode(FeeCatalog.self, from: document)
                default:
                    page.config = try WireJSON.decode(KioskSyncConfig.self, from: document)
                }
            }
        } catch {
            throw ServerStoreError(error)
        }
        try write { connection in try connection.cached("UPDATE kiosks SET last_pull_at = ? WHERE kiosk = ?").run([now, kiosk]) }
        return page
    }

    // MARK: Claims

    /// Grants an unbound voucher to exactly one kiosk, forever. The same kiosk claiming again gets the same
    /// grant; any other kiosk is refused. The grant makes the voucher a cancellation in other kiosks' deltas.
    public func claim(voucherID: String, kiosk: String) throws(ServerStoreError) -> Result<VoucherClaim, SyncErrorBody> {
        let now = clock()
        return try write { connection in
            guard let row = try connection.cached("SELECT bound_kiosk, cancelled, claimed_by, claimed_at FROM vouchers WHERE id = ?")
                .firstRow([voucherID]) else {
                return .failure(SyncErrorBody(code: .notFound, message: "expected a known voucher id, found \(ByteText.preview(voucherID))"))
            }
            if try row.int64(1) != 0 {
                return .failure(SyncErrorBody(code: .claimRefused, message: "voucher \(voucherID) was cancelled; expected an active voucher"))
            }
            if let bound = try row.optionalString(0), bound != kiosk {
                return .failure(SyncErrorBody(code: .claimRefused, message: "voucher \(voucherID) is bound to kiosk \(bound), not \(kiosk)"))
            }
            if let holder = try row.optionalString(2) {
                guard holder == kiosk else {
                    return .failure(SyncErrorBody(code: .claimRefused, message: "voucher \(voucherID) is already claimed by kiosk \(holder)"))
                }
                return .success(VoucherClaim(voucherID: voucherID, kiosk: kiosk, claimedAt: try row.optionalInt64(3) ?? now))
            }
            let seq = try Self.nextChangeSeq(connection)
            try connection.cached("UPDATE vouchers SET claimed_by = ?, claimed_at = ?, change_seq = ? WHERE id = ?")
                .run([kiosk, now, seq, voucherID])
            return .success(VoucherClaim(voucherID: voucherID, kiosk: kiosk, claimedAt: now))
        }
    }
}

import AsyncHTTPClient
import Foundation

/// The kiosk's side of sync v1: push journal records, pull deltas, claim a voucher. Stateless: the caller
/// keeps the outbox and the cursor, and applies each `DeltaPage` in one local transaction.
public struct SyncClient: Sendable {
    public let kioskID: String
    private let http: SignedHTTPClient

    public init(baseURL: URL, kioskID: String, secret: [UInt8], timeoutSeconds: Double = 30, httpClient: HTTPClient = SignedHTTPClient.sharedClient,
                clock: @escaping @Sendable () -> Int64 = SignedHTTPClient.wallClockMilliseconds) {
        self.kioskID = kioskID
        http = SignedHTTPClient(baseURL: baseURL, principalHeader: SignatureHeader.kiosk, principal: kioskID, secret: secret,
                                timeoutSeconds: timeoutSeconds, http: httpClient, clock: clock)
    }

    /// Sends records in ascending sequence order (at most `JournalPush.maximumRecords`). Returns the highest
    /// sequence the server now holds contiguously; drop the outbox through it. On `.rejected` with code `gap`
    /// resend from `expected_sequence`; `fork`/`altered` need a technician (the server raised an alert).
    public func push(_ records: [WireRecord]) async throws(SyncClientError) -> JournalAcknowledgement {
        // Binary rather than JSON: a long catch-up spends its time here (docs/sync-protocol.md has both forms).
        let body = JournalBatchBinary.encode(JournalPush(kiosk: kioskID, records: records))
        return try await http.sendJSON(JournalAcknowledgement.self, method: "POST", pathWithQuery: SyncPaths.journal, body: body,
                                       contentType: JournalBatchBinary.contentType)
    }

    /// Fetches the changes after `cursor` (nil = from the beginning).
    public func pull(cursor: String?, limit: Int? = nil) async throws(SyncClientError) -> DeltaPage {
        try await http.sendJSON(DeltaPage.self, method: "GET", pathWithQuery: SyncPaths.deltas(cursor: cursor, limit: limit))
    }

    /// Claims an unbound voucher for this kiosk before paying it. Success is final and idempotent;
    /// `.rejected` with `claim_refused` means another kiosk holds it (or it was cancelled): do not pay.
    public func claim(voucherID: String) async throws(SyncClientError) -> VoucherClaim {
        try await http.sendJSON(VoucherClaim.self, method: "POST", pathWithQuery: SyncPaths.claim(voucherID: voucherID),
                                body: Array("{}".utf8))
    }
}

/// Request targets of sync v1, exactly as signed.
public enum SyncPaths {
    public static let journal = SyncVersion.pathPrefix + "/journal"

    public static func deltas(cursor: String?, limit: Int?) -> String {
        var items: [String] = []
        if let cursor { items.append("cursor=" + percentEncoded(cursor)) }
        if let limit { items.append("limit=\(limit)") }
        return SyncVersion.pathPrefix + "/deltas" + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }

    public static func claim(voucherID: String) -> String {
        SyncVersion.pathPrefix + "/vouchers/" + percentEncoded(voucherID) + "/claim"
    }

    /// Unreserved characters pass; everything else is %XX, so the signed target equals what is sent.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            out += isUnreserved ? String(UnicodeScalar(byte)) : "%" + ByteText.hex([byte]).uppercased()
        }
        return out
    }
}

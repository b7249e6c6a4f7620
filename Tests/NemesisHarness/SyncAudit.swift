import Engine
import Foundation
import Journal
import SyncProtocol
import TestSupport
import TownServer

/// Ground truth after a nemesis run: the server's postings, the kiosk's journal and the simulator's
/// physical totals must tell the same story, with every record and posting exactly once.
public struct SyncAudit: Sendable, CustomStringConvertible {
    public var kioskPayments: Int64 = 0
    public var kioskPayouts: Int64 = 0
    public var kioskReceipts = 0
    public var serverPayments: Int64 = 0
    public var serverPayouts: Int64 = 0
    public var serverReceiptPostings = 0
    public var customerChange: Int64 = 0
    public var journalHead: Int64 = 0
    public var serverAcknowledged: Int64 = 0
    public var duplicates = 0
    public var mismatches: [String] = []

    public var description: String {
        "kiosk payments \(kioskPayments) payouts \(kioskPayouts) receipts \(kioskReceipts); server payments \(serverPayments) "
            + "payouts \(serverPayouts) receipt postings \(serverReceiptPostings); simulator customer change \(customerChange); "
            + "journal head \(journalHead) acknowledged \(serverAcknowledged); duplicates \(duplicates); mismatches \(mismatches)"
    }

    public static func take(_ world: NemesisWorld, customerBefore: Int64) async throws -> SyncAudit {
        var audit = SyncAudit()
        let journal = try world.kioskJournal()
        try journal.forEachRecord { record in
            audit.journalHead = record.sequence
            guard let entry = try? EngineRecord(decoding: record), case .receiptIssued(let receipt) = entry else { return }
            audit.kioskReceipts += 1
            if receipt.kind == .payment { audit.kioskPayments += receipt.amount.halere } else { audit.kioskPayouts += receipt.amount.halere }
        }
        let econ = EconClient(baseURL: URL(string: world.server.url)!, clientID: "econ",
                              secret: ByteText.bytes(fromHex: TownServerProcess.econSecretHex) ?? [])
        var seenIDs: Set<String> = []
        var seenSequences: Set<Int64> = []
        var after: String?
        while true {
            let page = try await econ.postings(after: after)
            for posting in page.postings {
                if !seenIDs.insert(posting.postingID).inserted { audit.duplicates += 1 }
                switch posting.kind {
                case .payment, .payout:
                    if !seenSequences.insert(posting.sequence).inserted { audit.duplicates += 1 }
                    audit.serverReceiptPostings += 1
                    if posting.kind == .payment { audit.serverPayments += posting.amount.halere } else { audit.serverPayouts += posting.amount.halere }
                default: break
                }
            }
            after = page.cursor
            if !page.hasMore { break }
        }
        audit.serverAcknowledged = try await econ.health().kiosks.first { $0.kiosk == "K01" }?.acknowledgedSequence ?? -1
        let totals = try world.sim.request("GET", "/state").json?["ground_truth"] as? [String: Any]
        let customer = ((totals?["totals"] as? [String: Any])?["customer"] as? NSNumber)?.int64Value ?? 0
        audit.customerChange = customer - customerBefore

        if audit.serverReceiptPostings > audit.kioskReceipts { audit.duplicates += audit.serverReceiptPostings - audit.kioskReceipts }
        func check(_ ok: Bool, _ what: String) { if !ok { audit.mismatches.append(what) } }
        check(audit.serverPayments == audit.kioskPayments, "server payments \(audit.serverPayments) ≠ kiosk \(audit.kioskPayments)")
        check(audit.serverPayouts == audit.kioskPayouts, "server payouts \(audit.serverPayouts) ≠ kiosk \(audit.kioskPayouts)")
        check(audit.serverReceiptPostings == audit.kioskReceipts, "postings \(audit.serverReceiptPostings) ≠ receipts \(audit.kioskReceipts)")
        check(audit.customerChange == audit.kioskPayouts - audit.kioskPayments,
              "simulator customer change \(audit.customerChange) ≠ payouts − payments \(audit.kioskPayouts - audit.kioskPayments)")
        check(audit.serverAcknowledged == audit.journalHead, "acknowledged \(audit.serverAcknowledged) ≠ journal head \(audit.journalHead)")
        return audit
    }
}

import Crypto
import Engine
import Foundation
import Journal
import KioskDaemon
import SyncProtocol
import TestSupport
import Testing
import TownCore
import VoucherSigning

@Suite struct SyncBackoffTests {
    @Test func delayDoublesUpToTheCapWithJitterInTheUpperHalf() {
        let backoff = SyncBackoff(base: .seconds(1), cap: .seconds(300))
        #expect(backoff.delay(afterFailures: 0, random: 7) == .zero)
        // random 0 gives the lower bound (half the ceiling), UInt64.max % (half+1) somewhere within.
        #expect(backoff.delay(afterFailures: 1, random: 0) == .milliseconds(500))
        #expect(backoff.delay(afterFailures: 2, random: 0) == .milliseconds(1_000))
        #expect(backoff.delay(afterFailures: 4, random: 0) == .milliseconds(4_000))
        #expect(backoff.delay(afterFailures: 4, random: 4_000) == .milliseconds(8_000))
        for failures in [10, 11, 50, 10_000] {
            for random: UInt64 in [0, 1, 149_999, 150_000, .max] {
                let delay = backoff.delay(afterFailures: failures, random: random)
                #expect(delay >= .seconds(150) && delay <= .seconds(300), "failures \(failures) random \(random): \(delay)")
            }
        }
    }

    @Test func differentRandomValuesSpreadTheRetries() {
        let backoff = SyncBackoff()
        let delays = Set((0..<50).map { backoff.delay(afterFailures: 6, random: UInt64($0) &* 0x9E37_79B9_7F4A_7C15) })
        #expect(delays.count > 10)
    }
}

@Suite struct SyncCacheTests {
    @Test func aPageIsStoredWholeOrNotAtAll() throws {
        let directory = try TemporaryDirectory()
        let cache = try SyncCache(path: directory.path("sync.sqlite"))
        let first = DeltaPage(cursor: "5", hasMore: false, obligations: [try SyncFixtures.obligation("O-1")],
                              vouchers: [try SyncFixtures.voucher("V100001")], config: SyncFixtures.serverConfig(keys: []))
        try cache.apply(first, pulledAt: 1_000)

        struct PowerCut: Error {}
        let second = DeltaPage(cursor: "9", hasMore: false, obligations: [try SyncFixtures.obligation("O-2")],
                               vouchers: [try SyncFixtures.voucher("V100002")],
                               cancellations: [try Cancellation(kind: .voucher, id: "V100001")])
        #expect(throws: PowerCut.self) { try cache.apply(second, pulledAt: 2_000, beforeCommit: { throw PowerCut() }) }

        // Reopened from the file: exactly the first page, its cursor and its pull time.
        let reopened = try SyncCache(path: directory.path("sync.sqlite"))
        let (contents, unreadable) = try reopened.contents()
        #expect(unreadable.isEmpty)
        #expect(contents.obligations.map(\.id) == ["O-1"])
        #expect(contents.vouchers.map(\.id.description) == ["V100001"])
        let progress = try reopened.progress()
        #expect(progress.cursor == "5")
        #expect(progress.lastPullAt == 1_000)
        #expect(progress.config == SyncFixtures.serverConfig(keys: []))

        try reopened.apply(second, pulledAt: 2_000)
        let after = try reopened.contents().contents
        #expect(after.obligations.map(\.id) == ["O-1", "O-2"])
        #expect(after.vouchers.map(\.id.description) == ["V100002"], "the cancelled voucher is gone")
        #expect(try reopened.progress().cursor == "9")
    }
}

@Suite struct VoucherGateTests {
    static func forger(_ id: String) throws -> ApprovalSigner {
        try ApprovalSigner(approverID: id, privateKey: P256.Signing.PrivateKey())
    }

    @Test func forgedHalfApprovedAndAlteredVouchersAreRefused() throws {
        let good = try SyncFixtures.voucher("V200001")
        let terms = VoucherTerms(id: try VoucherID("V200002"), amount: Money(halere: 90_000), payeeName: "Mallory",
                                 expiry: SyncFixtures.expiry, pinVerifier: good.pinVerifier)
        // Forged: signatures by keys that claim the real approvers' ids.
        let forged = try terms.voucher(approvals: [try Self.forger(TestApprovers.starostaID).approve(terms, as: .prikazceOperace),
                                                   try Self.forger(TestApprovers.ekonomkaID).approve(terms, as: .spravceRozpoctu)],
                                       boundKiosk: KioskCode("K01"))
        // Half-approved: a genuine příkazce signature only.
        let halfTerms = VoucherTerms(id: try VoucherID("V200003"), amount: Money(halere: 10_000), payeeName: "Jan Novák",
                                     expiry: SyncFixtures.expiry, pinVerifier: good.pinVerifier)
        let half = try halfTerms.voucher(approvals: [try TestApprovers.starosta.approve(halfTerms, as: .prikazceOperace)])
        // Altered: genuine approvals, amount raised after signing.
        let altered = try PayoutVoucher(id: good.id, amount: Money(halere: 5_000_000), payeeName: good.payeeName, expiry: good.expiry,
                                        boundKiosk: good.boundKiosk, approvals: good.approvals, pinVerifier: good.pinVerifier)
        let gate = VoucherGate(local: TestApprovers.keyring, server: nil)
        let (payable, refused) = gate.filter([good, forged, half, altered])
        #expect(payable.map(\.id.description) == ["V200001"])
        #expect(refused.map(\.id) == ["V200002", "V200003", "V200001"])
        #expect(refused.allSatisfy { $0.reason.contains("refused") })
        #expect(refused[1].reason.contains("spravceRozpoctu") || refused[1].reason.lowercased().contains("role"))
    }

    @Test func theLocalKeyFileWinsOverKeysTheServerSends() throws {
        // A compromised server sends its own key as both approvers and a voucher it signed itself.
        let rogue = P256.Signing.PrivateKey()
        let rogueKeys = [ApproverKeyEntry(id: "boss", name: nil, roles: ["prikazceOperace"], publicKeyPEM: rogue.publicKey.pemRepresentation),
                         ApproverKeyEntry(id: "clerk", name: nil, roles: ["spravceRozpoctu"],
                                          publicKeyPEM: P256.Signing.PrivateKey().publicKey.pemRepresentation)]
        let good = try SyncFixtures.voucher("V300001")
        let terms = VoucherTerms(id: try VoucherID("V300002"), amount: Money(halere: 100_000), payeeName: "Mallory",
                                 expiry: SyncFixtures.expiry, pinVerifier: good.pinVerifier)
        let minted = try terms.voucher(approvals: [try ApprovalSigner(approverID: "boss", privateKey: rogue).approve(terms, as: .prikazceOperace)])
        let withLocal = VoucherGate(local: TestApprovers.keyring, server: rogueKeys)
        #expect(withLocal.source == .localFile)
        #expect(withLocal.filter([good, minted]).payable.map(\.id.description) == ["V300001"])
        let serverOnly = VoucherGate(local: nil, server: SyncFixtures.demoKeyEntries)
        #expect(serverOnly.source == .server)
        #expect(serverOnly.filter([good]).payable.count == 1)
        #expect(VoucherGate(local: nil, server: nil).filter([good]).payable.isEmpty, "no keys: nothing payable")
    }
}

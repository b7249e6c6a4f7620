import SyncProtocol
import TestSupport
import Testing
import TownCore
import TownServer

@Suite struct DeltaTests {
    static func seeded() async throws -> (TemporaryDirectory, ServerStore) {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        _ = try await store.importReceivables([try Fixture.obligation("O-1"), try Fixture.obligation("O-2", due: 5_000)]).get()
        _ = try await store.importFees(try FeeCatalog([FeeItem(code: "VYPIS", nameCs: "Výpis", nameEn: "Extract", pricing: .fixed(Money(halere: 10_000)))]))
        _ = try await store.importVouchers([try Fixture.voucher("V0000000001", bound: "K01"), try Fixture.voucher("V0000000002", bound: "K02"),
                                            try Fixture.voucher("V0000000003", bound: nil)]).get()
        return (directory, store)
    }

    @Test func theFirstPageCarriesEverythingForThisKioskAndConfig() async throws {
        let (_, store) = try await Self.seeded()
        let k01 = try await store.deltas(kiosk: "K01", after: 0, limit: 100)
        #expect(k01.obligations.map(\.id) == ["O-1", "O-2"])
        #expect(k01.fees?.items.map(\.code) == ["VYPIS"])
        // bound_only: its own bound voucher, never another kiosk's, never an unbound one.
        #expect(k01.vouchers.map(\.id.value) == ["V0000000001"])
        #expect(k01.config?.voucherPolicy == .boundOnly)
        #expect(k01.config?.approverKeys.map(\.id) == ["starosta"])
        #expect(!k01.hasMore)
        let k02 = try await store.deltas(kiosk: "K02", after: 0, limit: 100)
        #expect(k02.vouchers.map(\.id.value) == ["V0000000002", "V0000000003"])
        #expect(k02.config?.voucherPolicy == .claimUnbound)
        // Nothing new after the cursor.
        let again = try await store.deltas(kiosk: "K01", after: Int64(k01.cursor)!, limit: 100)
        #expect(again.isEmpty)
        #expect(again.cursor == k01.cursor)
    }

    @Test func pagesFollowTheCursorWithoutLosingOrRepeating() async throws {
        let (_, store) = try await Self.seeded()
        var cursor: Int64 = 0
        var obligations: [String] = []
        var vouchers: [String] = []
        var pages = 0
        while true {
            let page = try await store.deltas(kiosk: "K02", after: cursor, limit: 2)
            obligations += page.obligations.map(\.id)
            vouchers += page.vouchers.map(\.id.value)
            #expect(Int64(page.cursor)! >= cursor)
            cursor = Int64(page.cursor)!
            pages += 1
            if !page.hasMore { break }
        }
        #expect(obligations == ["O-1", "O-2"])
        #expect(vouchers == ["V0000000002", "V0000000003"])
        #expect(pages == 3)
    }

    @Test func changesAndCancellationsArriveAfterTheCursorAndUnchangedImportsDoNot() async throws {
        let (_, store) = try await Self.seeded()
        let start = Int64(try await store.deltas(kiosk: "K01", after: 0, limit: 100).cursor)!
        #expect(try await store.importReceivables([try Fixture.obligation("O-1")]).get().changed == 0)
        #expect(try await store.deltas(kiosk: "K01", after: start, limit: 100).isEmpty)
        _ = try await store.importReceivables([try Fixture.obligation("O-1", due: 99_900)]).get()
        _ = try await store.importCancellations([try Cancellation(kind: .obligation, id: "O-2"), try Cancellation(kind: .voucher, id: "V0000000001")]).get()
        let page = try await store.deltas(kiosk: "K01", after: start, limit: 100)
        #expect(page.obligations.map(\.amountDue) == [Money(halere: 99_900)])
        #expect(page.cancellations == [try Cancellation(kind: .obligation, id: "O-2"), try Cancellation(kind: .voucher, id: "V0000000001")])
        #expect(page.config == nil)
        #expect(page.fees == nil)
        // A cancelled id cannot be re-imported; an unknown id cannot be cancelled.
        if case .success = try await store.importReceivables([try Fixture.obligation("O-2")]) { Issue.record("re-import of a cancelled receivable must fail") }
        if case .success = try await store.importCancellations([try Cancellation(kind: .obligation, id: "O-404")]) { Issue.record("unknown id must fail") }
    }

    @Test func structurallyBadVouchersAreRefusedWhole() async throws {
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(directory, clock: ManualClock())
        let halfApproved = try Fixture.voucher("V0000000009", bound: "K01",
                                               approvals: [VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: [1])])
        let samePerson = try Fixture.voucher("V0000000008", bound: "K01",
                                             approvals: [VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: [1]),
                                                         VoucherApproval(role: .spravceRozpoctu, approverID: "starosta", signature: [2])])
        let unknownKiosk = try Fixture.voucher("V0000000007", bound: "K77")
        for bad in [halfApproved, samePerson, unknownKiosk] {
            guard case .failure(let rejection) = try await store.importVouchers([try Fixture.voucher("V0000000001", bound: "K01"), bad]) else {
                Issue.record("voucher \(bad.id) must be refused")
                continue
            }
            #expect(rejection.message.contains(bad.id.value))
        }
        #expect(try await store.deltas(kiosk: "K01", after: 0, limit: 100).vouchers.isEmpty)
    }

    @Test func anUnboundVoucherIsGrantedToExactlyOneKiosk() async throws {
        let (_, store) = try await Self.seeded()
        let before = Int64(try await store.deltas(kiosk: "K03", after: 0, limit: 100).cursor)!
        let granted = try await store.claim(voucherID: "V0000000003", kiosk: "K02").get()
        #expect(granted.kiosk == "K02")
        #expect(try await store.claim(voucherID: "V0000000003", kiosk: "K02").get() == granted)
        guard case .failure(let refused) = try await store.claim(voucherID: "V0000000003", kiosk: "K03") else {
            Issue.record("a second kiosk must not get the voucher")
            return
        }
        #expect(refused.code == .claimRefused)
        #expect(refused.message.contains("K02"))
        // The loser sees it withdrawn; the bound voucher of K01 cannot be claimed by K02.
        #expect(try await store.deltas(kiosk: "K03", after: before, limit: 100).cancellations == [try Cancellation(kind: .voucher, id: "V0000000003")])
        if case .success = try await store.claim(voucherID: "V0000000001", kiosk: "K02") { Issue.record("bound elsewhere must fail") }
        if case .failure(let missing) = try await store.claim(voucherID: "V0000000404", kiosk: "K02") { #expect(missing.code == .notFound) }
        _ = try await store.importCancellations([try Cancellation(kind: .voucher, id: "V0000000002")]).get()
        if case .success = try await store.claim(voucherID: "V0000000002", kiosk: "K02") { Issue.record("cancelled must fail") }
    }

    @Test func aChangedKioskSettingBecomesAConfigDeltaAfterRestart() async throws {
        let directory = try TemporaryDirectory()
        var config = Fixture.config(directory)
        let first = try ServerStore(config: config, clock: ManualClock().function)
        let cursor = Int64(try await first.deltas(kiosk: "K01", after: 0, limit: 100).cursor)!
        config.voucherListMaximumAgeSeconds = 600
        let second = try ServerStore(config: config, clock: ManualClock().function)
        #expect(try await second.deltas(kiosk: "K01", after: cursor, limit: 100).config?.voucherListMaximumAgeSeconds == 600)
        let third = try ServerStore(config: config, clock: ManualClock().function)
        #expect(try await third.deltas(kiosk: "K02", after: Int64(try await third.deltas(kiosk: "K02", after: 0, limit: 100).cursor)!, limit: 100).isEmpty)
    }
}

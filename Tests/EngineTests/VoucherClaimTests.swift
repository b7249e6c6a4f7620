import Testing
import TownCore
@testable import Engine

/// Multi-kiosk safety: an unbound voucher is refused, or claimed from the town server before its PIN is checked;
/// an outdated voucher list pays nothing.
@Suite("Unbound vouchers and the voucher list's age")
struct VoucherClaimTests {
    func unbound(_ id: String = "VOUCHER09") -> PayoutVoucher {
        let bound = Fixture.voucher(id)
        return try! PayoutVoucher(id: bound.id, amount: bound.amount, payeeName: bound.payeeName, expiry: bound.expiry,
                                  boundKiosk: nil, approvals: bound.approvals, pinVerifier: bound.pinVerifier,
                                  status: bound.status)
    }

    func claimingKiosk() -> Harness {
        var configuration = Fixture.configuration
        configuration.unboundVouchers = .claimOnline
        return Harness.ready(vouchers: [unbound()], configuration: configuration)
    }

    @Test("by default an unbound voucher is not payable here, and no PIN attempt is spent")
    func unboundRefused() {
        var kiosk = Harness.ready(vouchers: [unbound()])
        let actions = kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER09", pin: EnteredPIN("1234")))
        #expect(actions.notices == [.error(.voucherNotPayable)])
        #expect(actions.moneyPath.isEmpty)
    }

    @Test("claim online: nothing is journaled and no PIN checked until the server grants the voucher")
    func claimGranted() throws {
        var kiosk = claimingKiosk()
        let asked = kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER09", pin: EnteredPIN("1234")))
        #expect(asked.moneyPath == ["claimVoucher"])
        #expect(kiosk.engine.status.phase == "voucher.claiming")
        let granted = kiosk.send(.voucherClaimed(voucherID: try VoucherID("VOUCHER09"), granted: true))
        #expect(granted.moneyPath == ["voucher.pin_attempt", "checkPIN"])
    }

    @Test("a refused claim (another kiosk has it, or the server is unreachable) pays nothing")
    func claimRefused() throws {
        var kiosk = claimingKiosk()
        kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER09", pin: EnteredPIN("1234")))
        let refused = kiosk.send(.voucherClaimed(voucherID: try VoucherID("VOUCHER09"), granted: false))
        #expect(refused.notices == [.error(.voucherNotPayable)] && refused.moneyPath.isEmpty)
        #expect(kiosk.engine.status.phase == "idle")
    }

    @Test("a stale voucher list refuses payouts until a fresh one arrives")
    func staleList() {
        var kiosk = Harness.ready()
        kiosk.send(.data(.voucherListStale(true)))
        #expect(kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234"))).notices == [.error(.cannotPayOutNow)])
        kiosk.send(.data(.voucherListStale(false)))
        #expect(kiosk.citizen(.startVoucherPayout(voucherID: "VOUCHER01", pin: EnteredPIN("1234"))).moneyPath
                == ["voucher.pin_attempt", "checkPIN"])
    }
}

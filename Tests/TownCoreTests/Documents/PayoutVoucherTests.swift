import Foundation
import Testing
@testable import TownCore

@Suite struct PayoutVoucherTests {
    typealias F = VoucherFixtures

    @Test func happyPathIssuedApprovedPayingPaid() throws {
        let issued = try F.voucher()
        #expect(issued.status == .issued)
        let approved = try issued.applying(.approve)
        #expect(approved.status == .approved)
        let paying = try F.reserve(approved)
        #expect(paying.status == .paying)
        #expect(paying.pinCheck == .idle)
        let paid = try paying.applying(.recordPaid(Money(crowns: 1_250)))
        #expect(paid.status == .paid)
        #expect(paid.remaining == .zero)
    }

    @Test func partialPayoutThenRemainderInALaterSession() throws {
        let partial = try F.paying().applying(.recordPaid(Money(crowns: 1_000)))
        #expect(partial.status == .partiallyPaid)
        #expect(partial.remaining == Money(crowns: 250))
        let again = try F.reserve(partial)
        #expect(again.status == .paying)
        let done = try again.applying(.recordPaid(Money(crowns: 250)))
        #expect(done.status == .paid)
        #expect(done.paidSoFar == Money(crowns: 1_250))
    }

    @Test func recordPaidRefusesZeroAndMoreThanRemaining() throws {
        let paying = try F.paying()
        #expect(throws: VoucherTransitionError(from: .paying, event: .recordPaid, reason: .amountNotPositive(.zero))) {
            try paying.applying(.recordPaid(.zero))
        }
        #expect(throws: VoucherTransitionError(from: .paying, event: .recordPaid,
                                               reason: .exceedsRemaining(amount: Money(crowns: 1_251), remaining: Money(crowns: 1_250)))) {
            try paying.applying(.recordPaid(Money(crowns: 1_251)))
        }
    }

    @Test func releaseReturnsToApprovedOrPartiallyPaid() throws {
        #expect(try F.paying().applying(.release).status == .approved)
        let partial = try F.paying().applying(.recordPaid(Money(crowns: 50)))
        let released = try F.reserve(partial).applying(.release)
        #expect(released.status == .partiallyPaid)
        #expect(released.paidSoFar == Money(crowns: 50))
        #expect(throws: VoucherTransitionError(from: .approved, event: .release, reason: .notAllowedInState(allowed: [.paying]))) {
            try F.voucher().applying(.approve).applying(.release)
        }
    }

    @Test func suspectIsTerminalForAutomaticEvents() throws {
        let suspect = try F.paying().applying(.markSuspect(knownPaid: Money(crowns: 200)))
        #expect(suspect.status == .suspect)
        #expect(suspect.paidSoFar == Money(crowns: 200))
        let automatic: [VoucherEvent] = [
            .approve, .pinAttemptStarted, .pinAttemptSucceeded, .pinAttemptFailed,
            .reservePayout(kiosk: try KioskCode("K01"), today: try F.day("2026-05-01")),
            .recordPaid(Money(crowns: 1)), .release, .markSuspect(knownPaid: .zero), .cancel,
            .expire(today: try F.day("2027-01-01")),
        ]
        for event in automatic {
            let error = #expect(throws: VoucherTransitionError.self) { try suspect.applying(event) }
            #expect(error?.from == .suspect)
            #expect(error?.event == event.name)
        }
    }

    @Test func technicianResolvesSuspect() throws {
        let suspect = try F.paying().applying(.markSuspect(knownPaid: Money(crowns: 200)))
        #expect(try suspect.applying(.resolveSuspect(technicianID: "tech1", confirmedPaid: Money(crowns: 1_050))).status == .paid)
        let partial = try suspect.applying(.resolveSuspect(technicianID: "tech1", confirmedPaid: Money(crowns: 100)))
        #expect(partial.status == .partiallyPaid && partial.paidSoFar == Money(crowns: 300))
        let nothing = try F.paying().applying(.markSuspect(knownPaid: .zero))
        #expect(try nothing.applying(.resolveSuspect(technicianID: "tech1", confirmedPaid: .zero)).status == .approved)
        #expect(throws: VoucherTransitionError(from: .suspect, event: .resolveSuspect, reason: .missingTechnician)) {
            try suspect.applying(.resolveSuspect(technicianID: "", confirmedPaid: .zero))
        }
        #expect(throws: VoucherTransitionError(from: .suspect, event: .resolveSuspect,
                                               reason: .exceedsRemaining(amount: Money(crowns: 1_051), remaining: Money(crowns: 1_050)))) {
            try suspect.applying(.resolveSuspect(technicianID: "tech1", confirmedPaid: Money(crowns: 1_051)))
        }
    }

    @Test func approveNeedsDualControl() throws {
        let onlyOne = try F.voucher(approvals: [F.approvals()[0]])
        #expect(throws: VoucherTransitionError(from: .issued, event: .approve, reason: .approvalsIncomplete(.missingRole(.spravceRozpoctu)))) {
            try onlyOne.applying(.approve)
        }
    }

    @Test func reserveChecksKioskExpiryAndPin() throws {
        let approved = try F.voucher().applying(.approve)
        let verified = try F.verified(approved)
        #expect(throws: VoucherTransitionError(from: .approved, event: .reservePayout,
                                               reason: .boundToOtherKiosk(bound: try KioskCode("K01"), requested: try KioskCode("K02")))) {
            try verified.applying(.reservePayout(kiosk: KioskCode("K02"), today: F.day("2026-05-01")))
        }
        #expect(throws: VoucherTransitionError(from: .approved, event: .reservePayout,
                                               reason: .pastExpiry(expiry: try F.day("2026-06-30"), today: try F.day("2026-07-01")))) {
            try verified.applying(.reservePayout(kiosk: KioskCode("K01"), today: F.day("2026-07-01")))
        }
        #expect(try verified.applying(.reservePayout(kiosk: KioskCode("K01"), today: F.day("2026-06-30"))).status == .paying)
        #expect(throws: VoucherTransitionError(from: .approved, event: .reservePayout, reason: .pinNotVerified(.idle))) {
            try approved.applying(.reservePayout(kiosk: KioskCode("K01"), today: F.day("2026-05-01")))
        }
        let unbound = try F.verified(F.voucher(bound: nil).applying(.approve))
        #expect(try unbound.applying(.reservePayout(kiosk: KioskCode("K07"), today: F.day("2026-05-01"))).status == .paying)
    }

    @Test func cancelAndExpire() throws {
        let approved = try F.voucher().applying(.approve)
        #expect(try approved.applying(.cancel).status == .cancelled)
        #expect(try F.voucher().applying(.cancel).status == .cancelled)
        #expect(throws: VoucherTransitionError(from: .approved, event: .expire,
                                               reason: .notYetExpired(expiry: try F.day("2026-06-30"), today: try F.day("2026-06-30")))) {
            try approved.applying(.expire(today: F.day("2026-06-30")))
        }
        #expect(try approved.applying(.expire(today: F.day("2026-07-01"))).status == .expired)
        #expect(throws: VoucherTransitionError(from: .paying, event: .cancel,
                                               reason: .notAllowedInState(allowed: [.issued, .approved, .partiallyPaid]))) {
            try F.paying().applying(.cancel)
        }
    }

    @Test func finalStatesAcceptNothing() throws {
        let paid = try F.paying().applying(.recordPaid(Money(crowns: 1_250)))
        let cancelled = try F.voucher().applying(.cancel)
        let expired = try F.voucher().applying(.expire(today: F.day("2027-01-01")))
        let events: [VoucherEvent] = [.approve, .pinAttemptStarted, .release, .cancel, .recordPaid(Money(crowns: 1)),
                                      .resolveSuspect(technicianID: "t", confirmedPaid: .zero)]
        for voucher in [paid, cancelled, expired] {
            for event in events {
                #expect(throws: VoucherTransitionError.self) { try voucher.applying(event) }
            }
        }
    }

    @Test func errorNamesStateAndEvent() {
        let error = VoucherTransitionError(from: .issued, event: .reservePayout,
                                           reason: .notAllowedInState(allowed: [.approved, .partiallyPaid]))
        #expect(error.description == "voucher event reservePayout refused in state issued: expected state approved or partiallyPaid")
    }

    @Test func initRejectsContradictoryRecords() throws {
        func make(paid: Money, status: VoucherStatus, pin: PinCheck = .idle, attempts: Int = 0) throws -> PayoutVoucher {
            try PayoutVoucher(id: VoucherID("ABC123"), amount: Money(crowns: 100), payeeName: "X", expiry: F.day("2026-01-01"),
                              approvals: [], pinVerifier: F.verifier(), paidSoFar: paid, failedPinAttempts: attempts,
                              pinCheck: pin, status: status)
        }
        #expect(throws: PayoutVoucherError.paidContradictsStatus(status: .paid, paid: Money(crowns: 99), amount: Money(crowns: 100))) {
            try make(paid: Money(crowns: 99), status: .paid)
        }
        #expect(throws: PayoutVoucherError.self) { try make(paid: .zero, status: .partiallyPaid) }
        #expect(throws: PayoutVoucherError.self) { try make(paid: Money(crowns: 1), status: .approved) }
        #expect(throws: PayoutVoucherError.pinCheckContradictsStatus(status: .paying, .verified)) {
            try make(paid: .zero, status: .paying, pin: .verified)
        }
        #expect(throws: PayoutVoucherError.pinAttemptsOutOfRange(6)) { try make(paid: .zero, status: .approved, attempts: 6) }
        #expect(throws: PayoutVoucherError.pinAttemptsOutOfRange(0)) { try make(paid: .zero, status: .approved, pin: .attemptOpen) }
        #expect(throws: PayoutVoucherError.paidOutOfRange(paid: Money(crowns: 101), amount: Money(crowns: 100))) {
            try make(paid: Money(crowns: 101), status: .suspect)
        }
        #expect(try make(paid: Money(crowns: 100), status: .suspect).status == .suspect)
    }

    @Test func voucherIDShape() {
        #expect((try? VoucherID("PP2026000042")) != nil)
        for bad in ["ABC12", "abc123", "ABC-123", "ABCDEFGHIJKLMNOPQRSTU", "ÁBC123"] {
            #expect(throws: VoucherIDError.self) { try VoucherID(bad) }
        }
    }

    @Test func codableRoundTripKeepsJournalFields() throws {
        let voucher = try F.voucher().applying(.approve).applying(.pinAttemptStarted)
        let data = try JSONEncoder().encode(voucher)
        let decoded = try JSONDecoder().decode(PayoutVoucher.self, from: data)
        #expect(decoded == voucher)
        #expect(decoded.failedPinAttempts == 1 && decoded.pinCheck == .attemptOpen && decoded.status == .approved)
        #expect(!String(decoding: data, as: UTF8.self).isEmpty)
    }

    @Test func pinVerifierIsDataOnlyAndNeverPrintsBytes() throws {
        let verifier = try F.verifier()
        #expect(verifier.description == "PinVerifier(pbkdf2-hmac-sha256, salt 16 B, key 32 B)")
        #expect(throws: PinVerifierError.saltTooShort(bytes: 3)) {
            try PinVerifier(algorithm: "argon2id", parameters: [:], salt: [1, 2, 3], derivedKey: Array(repeating: 0, count: 32))
        }
        #expect(throws: PinVerifierError.keyTooShort(bytes: 8)) {
            try PinVerifier(algorithm: "argon2id", parameters: [:], salt: [1, 2, 3, 4], derivedKey: Array(repeating: 0, count: 8))
        }
        #expect(throws: PinVerifierError.emptyAlgorithm) {
            try PinVerifier(algorithm: "", parameters: [:], salt: [1, 2, 3, 4], derivedKey: Array(repeating: 0, count: 16))
        }
    }
}

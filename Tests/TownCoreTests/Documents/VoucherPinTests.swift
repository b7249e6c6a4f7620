import Testing
@testable import TownCore

@Suite struct VoucherPinTests {
    typealias F = VoucherFixtures

    @Test func attemptIsCountedBeforeTheCheck() throws {
        let started = try F.voucher().applying(.approve).applying(.pinAttemptStarted)
        // This is the value the journal commits before the PIN is compared: a crash now leaves it counted.
        #expect(started.failedPinAttempts == 1)
        #expect(started.pinCheck == .attemptOpen)
    }

    @Test func successRefundsOnlyItsOwnAttempt() throws {
        var voucher = try F.voucher().applying(.approve)
        for _ in 0..<3 { voucher = try voucher.applying(.pinAttemptStarted).applying(.pinAttemptFailed) }
        #expect(voucher.failedPinAttempts == 3)
        let verified = try voucher.applying(.pinAttemptStarted).applying(.pinAttemptSucceeded)
        #expect(verified.failedPinAttempts == 3)
        #expect(verified.pinCheck == .verified)
    }

    @Test func locksAfterFiveFailures() throws {
        var voucher = try F.voucher().applying(.approve)
        for attempt in 1...5 {
            #expect(!voucher.isPinLocked)
            voucher = try voucher.applying(.pinAttemptStarted).applying(.pinAttemptFailed)
            #expect(voucher.failedPinAttempts == attempt)
        }
        #expect(voucher.isPinLocked)
        #expect(throws: VoucherTransitionError(from: .approved, event: .pinAttemptStarted, reason: .pinLocked(attempts: 5))) {
            try voucher.applying(.pinAttemptStarted)
        }
        #expect(throws: VoucherTransitionError.self) {
            try voucher.applying(.reservePayout(kiosk: KioskCode("K01"), today: F.day("2026-05-01")))
        }
    }

    @Test func fifthAttemptCanStillSucceed() throws {
        var voucher = try F.voucher().applying(.approve)
        for _ in 1...4 { voucher = try voucher.applying(.pinAttemptStarted).applying(.pinAttemptFailed) }
        let fifth = try voucher.applying(.pinAttemptStarted)
        #expect(fifth.isPinLocked)  // no sixth attempt may start while the fifth is checked
        let verified = try fifth.applying(.pinAttemptSucceeded)
        #expect(!verified.isPinLocked)
        #expect(try verified.applying(.reservePayout(kiosk: KioskCode("K01"), today: F.day("2026-05-01"))).status == .paying)
    }

    @Test func interruptedAttemptsStayCounted() throws {
        // Started twice without a result in between (e.g. power cut during the check): both count.
        let voucher = try F.voucher().applying(.approve).applying(.pinAttemptStarted).applying(.pinAttemptStarted)
        #expect(voucher.failedPinAttempts == 2)
        let verified = try voucher.applying(.pinAttemptSucceeded)
        #expect(verified.failedPinAttempts == 1)
        #expect(throws: VoucherTransitionError(from: .approved, event: .pinAttemptSucceeded, reason: .noPinAttemptOpen(.verified))) {
            try verified.applying(.pinAttemptSucceeded)
        }
    }

    @Test func resultWithoutOpenAttemptIsRefused() throws {
        let approved = try F.voucher().applying(.approve)
        #expect(throws: VoucherTransitionError(from: .approved, event: .pinAttemptSucceeded, reason: .noPinAttemptOpen(.idle))) {
            try approved.applying(.pinAttemptSucceeded)
        }
        #expect(throws: VoucherTransitionError(from: .approved, event: .pinAttemptFailed, reason: .noPinAttemptOpen(.idle))) {
            try approved.applying(.pinAttemptFailed)
        }
    }

    @Test func pinOnlyBeforeApprovalIsRefused() throws {
        #expect(throws: VoucherTransitionError(from: .issued, event: .pinAttemptStarted,
                                               reason: .notAllowedInState(allowed: [.approved, .partiallyPaid]))) {
            try F.voucher().applying(.pinAttemptStarted)
        }
    }

    @Test func verifiedPinIsConsumedByReservation() throws {
        let released = try F.paying().applying(.release)
        #expect(released.pinCheck == .idle)
        #expect(throws: VoucherTransitionError(from: .approved, event: .reservePayout, reason: .pinNotVerified(.idle))) {
            try released.applying(.reservePayout(kiosk: KioskCode("K01"), today: F.day("2026-05-01")))
        }
    }
}

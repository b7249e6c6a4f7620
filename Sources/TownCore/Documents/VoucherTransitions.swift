/// Everything that can happen to a payout voucher. Amounts are device-confirmed facts, not requests.
public enum VoucherEvent: Hashable, Sendable {
    /// The approvals were received; dual control (`DualControl`) must be met.
    case approve
    /// The citizen submitted a PIN; counted before it is checked.
    case pinAttemptStarted
    /// The open attempt's PIN was correct.
    case pinAttemptSucceeded
    /// The open attempt's PIN was wrong (the attempt stays counted).
    case pinAttemptFailed
    /// This kiosk starts paying out on `today`: the voucher becomes unavailable everywhere else.
    case reservePayout(kiosk: KioskCode, today: DayDate)
    /// The devices confirmed handing out this amount; less than the remainder leaves `partiallyPaid`.
    case recordPaid(Money)
    /// The payout did not happen and the devices confirmed nothing was handed out: back to payable.
    /// Any doubt about the outcome must use `markSuspect` instead.
    case release
    /// The payout's outcome is unknown; `knownPaid` is what the devices did confirm before that.
    case markSuspect(knownPaid: Money)
    /// A technician reconciled a suspect payout and found `confirmedPaid` handed out beyond `paidSoFar`.
    case resolveSuspect(technicianID: String, confirmedPaid: Money)
    /// The economics system withdrew the voucher.
    case cancel
    /// The expiry day has passed as of `today`.
    case expire(today: DayDate)

    /// The event's name for errors and logs.
    public var name: VoucherEventName {
        switch self {
        case .approve: .approve
        case .pinAttemptStarted: .pinAttemptStarted
        case .pinAttemptSucceeded: .pinAttemptSucceeded
        case .pinAttemptFailed: .pinAttemptFailed
        case .reservePayout: .reservePayout
        case .recordPaid: .recordPaid
        case .release: .release
        case .markSuspect: .markSuspect
        case .resolveSuspect: .resolveSuspect
        case .cancel: .cancel
        case .expire: .expire
        }
    }
}

/// Names of `VoucherEvent` cases without their data.
public enum VoucherEventName: String, Hashable, Sendable, Codable {
    case approve, pinAttemptStarted, pinAttemptSucceeded, pinAttemptFailed, reservePayout, recordPaid, release
    case markSuspect, resolveSuspect, cancel, expire
}

extension PayoutVoucher {
    /// The voucher after `event`, or an error naming the current state, the event and the broken rule.
    /// Pure: no clock, no I/O; the caller journals the result before acting on it.
    public func applying(_ event: VoucherEvent) throws(VoucherTransitionError) -> PayoutVoucher {
        let from = status
        func refuse(_ reason: VoucherTransitionError.Reason) -> VoucherTransitionError {
            VoucherTransitionError(from: from, event: event.name, reason: reason)
        }
        func require(_ allowed: VoucherStatus...) throws(VoucherTransitionError) {
            guard allowed.contains(from) else { throw refuse(.notAllowedInState(allowed: allowed)) }
        }
        var next = self
        switch event {
        case .approve:
            try require(.issued)
            do throws(ApprovalProblem) { try DualControl.check(approvals) } catch { throw refuse(.approvalsIncomplete(error)) }
            next.status = .approved

        case .pinAttemptStarted:
            try require(.approved, .partiallyPaid)
            guard !isPinLocked else { throw refuse(.pinLocked(attempts: failedPinAttempts)) }
            // A still-open earlier attempt (e.g. interrupted by a crash) simply stays counted.
            next.failedPinAttempts += 1
            next.pinCheck = .attemptOpen

        case .pinAttemptSucceeded:
            try require(.approved, .partiallyPaid)
            guard pinCheck == .attemptOpen else { throw refuse(.noPinAttemptOpen(pinCheck)) }
            next.failedPinAttempts -= 1
            next.pinCheck = .verified

        case .pinAttemptFailed:
            try require(.approved, .partiallyPaid)
            guard pinCheck == .attemptOpen else { throw refuse(.noPinAttemptOpen(pinCheck)) }
            next.pinCheck = .idle

        case .reservePayout(let kiosk, let today):
            try require(.approved, .partiallyPaid)
            if let boundKiosk, boundKiosk != kiosk { throw refuse(.boundToOtherKiosk(bound: boundKiosk, requested: kiosk)) }
            guard today <= expiry else { throw refuse(.pastExpiry(expiry: expiry, today: today)) }
            guard pinCheck == .verified else { throw refuse(.pinNotVerified(pinCheck)) }
            next.pinCheck = .idle
            next.status = .paying

        case .recordPaid(let paid):
            try require(.paying)
            guard paid.isPositive else { throw refuse(.amountNotPositive(paid)) }
            guard paid <= remaining else { throw refuse(.exceedsRemaining(amount: paid, remaining: remaining)) }
            next.paidSoFar += paid
            next.status = next.paidSoFar == amount ? .paid : .partiallyPaid

        case .release:
            try require(.paying)
            next.status = paidSoFar.isZero ? .approved : .partiallyPaid

        case .markSuspect(let knownPaid):
            try require(.paying)
            guard !knownPaid.isNegative else { throw refuse(.amountNegative(knownPaid)) }
            guard knownPaid <= remaining else { throw refuse(.exceedsRemaining(amount: knownPaid, remaining: remaining)) }
            next.paidSoFar += knownPaid
            next.status = .suspect

        case .resolveSuspect(let technicianID, let confirmedPaid):
            try require(.suspect)
            guard !technicianID.isEmpty else { throw refuse(.missingTechnician) }
            guard !confirmedPaid.isNegative else { throw refuse(.amountNegative(confirmedPaid)) }
            guard confirmedPaid <= remaining else {
                throw refuse(.exceedsRemaining(amount: confirmedPaid, remaining: remaining))
            }
            next.paidSoFar += confirmedPaid
            next.status = next.paidSoFar == amount ? .paid : next.paidSoFar.isZero ? .approved : .partiallyPaid

        case .cancel:
            try require(.issued, .approved, .partiallyPaid)
            next.pinCheck = .idle
            next.status = .cancelled

        case .expire(let today):
            try require(.issued, .approved, .partiallyPaid)
            guard today > expiry else { throw refuse(.notYetExpired(expiry: expiry, today: today)) }
            next.pinCheck = .idle
            next.status = .expired
        }
        return next
    }
}

/// A voucher event that is not allowed now: carries the state it was tried in, the event, and why.
public struct VoucherTransitionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let from: VoucherStatus
    public let event: VoucherEventName
    public let reason: Reason

    /// The rule the event broke.
    public enum Reason: Equatable, Sendable {
        case notAllowedInState(allowed: [VoucherStatus])
        case approvalsIncomplete(ApprovalProblem)
        case pinLocked(attempts: Int)
        case noPinAttemptOpen(PinCheck)
        case pinNotVerified(PinCheck)
        case boundToOtherKiosk(bound: KioskCode, requested: KioskCode)
        case pastExpiry(expiry: DayDate, today: DayDate)
        case notYetExpired(expiry: DayDate, today: DayDate)
        case amountNotPositive(Money)
        case amountNegative(Money)
        case exceedsRemaining(amount: Money, remaining: Money)
        case missingTechnician
    }

    public var description: String {
        let detail: String = switch reason {
        case .notAllowedInState(let allowed):
            "expected state " + allowed.map(\.rawValue).joined(separator: " or ")
        case .approvalsIncomplete(let problem): problem.description
        case .pinLocked(let attempts): "PIN locked after \(attempts) failed attempts"
        case .noPinAttemptOpen(let check): "expected an open PIN attempt, found PIN check \(check.rawValue)"
        case .pinNotVerified(let check): "expected a verified PIN, found PIN check \(check.rawValue)"
        case .boundToOtherKiosk(let bound, let requested): "voucher is bound to kiosk \(bound), not \(requested)"
        case .pastExpiry(let expiry, let today): "voucher expired on \(expiry), today is \(today)"
        case .notYetExpired(let expiry, let today): "voucher is valid through \(expiry), today is \(today)"
        case .amountNotPositive(let amount): "expected a positive amount, found \(amount)"
        case .amountNegative(let amount): "expected an amount of zero or more, found \(amount)"
        case .exceedsRemaining(let amount, let remaining):
            "expected at most the remaining \(remaining), found \(amount)"
        case .missingTechnician: "expected a technician id, found an empty one"
        }
        return "voucher event \(event.rawValue) refused in state \(from.rawValue): \(detail)"
    }
}

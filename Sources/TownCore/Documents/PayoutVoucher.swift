/// A payout voucher (platební poukaz): cash the kiosk may pay to a named payee, e.g. a refunded
/// overpayment, once it carries dual-control approvals and the citizen proves the PIN.
///
/// An immutable value; every change goes through `applying(_:)` (VoucherTransitions.swift), which returns
/// the next value or says why the event is illegal. The journal stores these values, including the PIN
/// attempt count.
public struct PayoutVoucher: Hashable, Sendable {
    public let id: VoucherID
    public let amount: Money
    public let payeeName: String
    /// Last day on which the voucher may be paid (inclusive).
    public let expiry: DayDate
    /// When set, only this kiosk may pay the voucher (money-safety property P20).
    public let boundKiosk: KioskCode?
    public let approvals: [VoucherApproval]
    public let pinVerifier: PinVerifier
    /// Cash already handed out against this voucher, confirmed by the devices.
    public internal(set) var paidSoFar: Money
    /// PIN attempts not (yet) proven correct. See `PinCheck` for how attempts are counted.
    public internal(set) var failedPinAttempts: Int
    public internal(set) var pinCheck: PinCheck
    public internal(set) var status: VoucherStatus

    /// Failed attempts after which no new PIN attempt may start.
    public static let maximumPinAttempts = 5

    /// Builds a voucher; the defaults describe a freshly issued one. Restoring from the journal passes
    /// every field, and contradictory combinations (e.g. `paid` with money still owed) are refused.
    public init(
        id: VoucherID, amount: Money, payeeName: String, expiry: DayDate, boundKiosk: KioskCode? = nil,
        approvals: [VoucherApproval], pinVerifier: PinVerifier, paidSoFar: Money = .zero,
        failedPinAttempts: Int = 0, pinCheck: PinCheck = .idle, status: VoucherStatus = .issued
    ) throws(PayoutVoucherError) {
        guard amount.isPositive else { throw .amountNotPositive(amount) }
        guard !payeeName.isEmpty else { throw .emptyPayeeName }
        guard !paidSoFar.isNegative, paidSoFar <= amount else { throw .paidOutOfRange(paid: paidSoFar, amount: amount) }
        guard (0...PayoutVoucher.maximumPinAttempts).contains(failedPinAttempts) else {
            throw .pinAttemptsOutOfRange(failedPinAttempts)
        }
        let paidMatchesStatus: Bool = switch status {
        case .issued, .approved: paidSoFar.isZero
        case .paid: paidSoFar == amount
        case .partiallyPaid: paidSoFar.isPositive && paidSoFar < amount
        case .paying, .cancelled, .expired: paidSoFar < amount
        case .suspect: true  // the devices may have paid everything before the outcome became unclear
        }
        guard paidMatchesStatus else { throw .paidContradictsStatus(status: status, paid: paidSoFar, amount: amount) }
        guard pinCheck == .idle || status.acceptsPinAttempts else { throw .pinCheckContradictsStatus(status: status, pinCheck) }
        // An open attempt was counted when it started, so there is always one to take back on success.
        guard pinCheck != .attemptOpen || failedPinAttempts >= 1 else { throw .pinAttemptsOutOfRange(failedPinAttempts) }
        self.id = id
        self.amount = amount
        self.payeeName = payeeName
        self.expiry = expiry
        self.boundKiosk = boundKiosk
        self.approvals = approvals
        self.pinVerifier = pinVerifier
        self.paidSoFar = paidSoFar
        self.failedPinAttempts = failedPinAttempts
        self.pinCheck = pinCheck
        self.status = status
    }

    /// What is still to be paid out.
    public var remaining: Money { amount - paidSoFar }

    /// True when no new PIN attempt may start. Attempts are counted when they start, so the fifth attempt
    /// shows as locked while it is being checked; if it proves correct the count drops back and it unlocks.
    public var isPinLocked: Bool { failedPinAttempts >= PayoutVoucher.maximumPinAttempts }
}

/// Lifecycle of a payout voucher.
///
/// `issued → approved → paying → paid | partiallyPaid | suspect`; `cancelled` and `expired` end it early.
/// `paid`, `cancelled` and `expired` are final. `suspect` (an ambiguous payout) is final for automatic
/// flows: only a technician's resolution leaves it.
public enum VoucherStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case issued, approved, paying, paid, partiallyPaid, suspect, cancelled, expired

    /// States in which the citizen may type the PIN (before a payout, or to collect the remainder).
    public var acceptsPinAttempts: Bool { self == .approved || self == .partiallyPaid }
}

/// Progress of the PIN check for the next payout.
///
/// Counting rule (what the journal stores): `pinAttemptStarted` adds one to `failedPinAttempts` *before*
/// the PIN is checked, so a crash or power cut during the check leaves the attempt counted as failed.
/// `pinAttemptSucceeded` takes back exactly that one provisional count; it never resets earlier
/// failures. A wrong PIN needs no further change to the count (`pinAttemptFailed` only closes the attempt).
public enum PinCheck: String, Hashable, Sendable, Codable {
    /// No attempt in progress and no verified PIN waiting.
    case idle
    /// An attempt was counted and is being checked.
    case attemptOpen
    /// The PIN was proven; the next `reservePayout` consumes this.
    case verified
}

extension PayoutVoucher: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, amount, payeeName, expiry, boundKiosk, approvals, pinVerifier, paidSoFar, failedPinAttempts, pinCheck, status
    }

    /// Decoding goes through the validating initializer.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            id: c.decode(VoucherID.self, forKey: .id), amount: c.decode(Money.self, forKey: .amount),
            payeeName: c.decode(String.self, forKey: .payeeName), expiry: c.decode(DayDate.self, forKey: .expiry),
            boundKiosk: c.decodeIfPresent(KioskCode.self, forKey: .boundKiosk),
            approvals: c.decode([VoucherApproval].self, forKey: .approvals),
            pinVerifier: c.decode(PinVerifier.self, forKey: .pinVerifier),
            paidSoFar: c.decode(Money.self, forKey: .paidSoFar),
            failedPinAttempts: c.decode(Int.self, forKey: .failedPinAttempts),
            pinCheck: c.decode(PinCheck.self, forKey: .pinCheck), status: c.decode(VoucherStatus.self, forKey: .status))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(amount, forKey: .amount)
        try c.encode(payeeName, forKey: .payeeName)
        try c.encode(expiry, forKey: .expiry)
        try c.encodeIfPresent(boundKiosk, forKey: .boundKiosk)
        try c.encode(approvals, forKey: .approvals)
        try c.encode(pinVerifier, forKey: .pinVerifier)
        try c.encode(paidSoFar, forKey: .paidSoFar)
        try c.encode(failedPinAttempts, forKey: .failedPinAttempts)
        try c.encode(pinCheck, forKey: .pinCheck)
        try c.encode(status, forKey: .status)
    }
}

/// A voucher record whose fields contradict each other.
public enum PayoutVoucherError: Error, Equatable, Sendable, CustomStringConvertible {
    case amountNotPositive(Money)
    case emptyPayeeName
    case paidOutOfRange(paid: Money, amount: Money)
    case pinAttemptsOutOfRange(Int)
    case paidContradictsStatus(status: VoucherStatus, paid: Money, amount: Money)
    case pinCheckContradictsStatus(status: VoucherStatus, PinCheck)

    public var description: String {
        switch self {
        case .amountNotPositive(let amount): "expected a positive voucher amount, found \(amount)"
        case .emptyPayeeName: "expected a payee name, found an empty one"
        case .paidOutOfRange(let paid, let amount): "expected paid so far between 0 and \(amount), found \(paid)"
        case .pinAttemptsOutOfRange(let count):
            "expected 0–\(PayoutVoucher.maximumPinAttempts) failed PIN attempts, found \(count)"
        case .paidContradictsStatus(let status, let paid, let amount):
            "a voucher in state \(status.rawValue) cannot have paid \(paid) of \(amount)"
        case .pinCheckContradictsStatus(let status, let check):
            "expected PIN check idle in state \(status.rawValue), found \(check.rawValue)"
        }
    }
}

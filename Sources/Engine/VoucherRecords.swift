import Journal
import TownCore

/// The parts of a voucher this kiosk changes; journaled after every transition so PIN attempts and
/// payouts survive a power cut (P22) and override an older copy from the server.
public struct VoucherState: Hashable, Sendable, Codable {
    public var status: VoucherStatus
    public var paidSoFar: Money
    public var failedPinAttempts: Int
    public var pinCheck: PinCheck

    public init(_ voucher: PayoutVoucher) {
        status = voucher.status
        paidSoFar = voucher.paidSoFar
        failedPinAttempts = voucher.failedPinAttempts
        pinCheck = voucher.pinCheck
    }
}

/// `voucher.pin_attempt`: `started` is written BEFORE the PIN is checked, so the attempt counts even if
/// the process dies during the check.
public struct VoucherPinAttempt: JournalEntry, Hashable {
    public static let recordType = "voucher.pin_attempt"
    public enum Step: String, Hashable, Sendable, Codable { case started, succeeded, failed }
    public var transaction: TransactionID
    public var voucherID: VoucherID
    public var step: Step
    public var state: VoucherState
}

/// `payout.intent`: voucher reserved (state `paying`) and the planned mix, before the first dispense (P6).
public struct PayoutIntent: JournalEntry, Hashable {
    public static let recordType = "payout.intent"
    public var transaction: TransactionID
    /// The reserved voucher, whole, so recovery can settle it without other data.
    public var voucher: PayoutVoucher
    /// The remaining amount rounded to whole crowns; the difference is what the rounding records.
    public var rounding: CashRounding
    public var plan: ChangePlan
    public var steps: [DispenseStep]
    /// The recycler's confirmed notes before the payout (see `ChangePlanned.recyclerBefore`).
    public var recyclerBefore: ChangePlan?
}

/// `payout.outcome`: one dispense step's outcome, exactly as the device reported it (P8).
public struct PayoutOutcome: JournalEntry, Hashable {
    public static let recordType = "payout.outcome"
    public var transaction: TransactionID
    public var step: String
    public var requested: Money
    public var paid: Money
    public var result: DispenseResult
}

/// `voucher.settled`: how a payout ended for the voucher.
public struct VoucherSettled: JournalEntry, Hashable {
    public static let recordType = "voucher.settled"
    public enum Event: String, Hashable, Sendable, Codable {
        /// The devices paid `amount` of the voucher (all of it, or part after a stop).
        case recordPaid
        /// Nothing was paid and the devices confirmed it: payable again.
        case release
        /// The outcome is unknown; `amount` is what the devices confirmed. Never payable again on its own.
        case markSuspect
    }
    public var transaction: TransactionID
    public var voucherID: VoucherID
    public var event: Event
    public var amount: Money
    public var state: VoucherState
}

/// `kiosk.out_of_service`: the kiosk stopped serving. Sticky causes survive a restart until a technician
/// puts the kiosk back in service.
public struct KioskOutOfService: JournalEntry, Hashable {
    public static let recordType = "kiosk.out_of_service"
    public enum Cause: String, Hashable, Sendable, Codable {
        case technician, unresolvedTransaction, deviceFault, changeUnavailable, recoveryIncomplete
        public var isSticky: Bool {
            switch self {
            case .technician, .unresolvedTransaction, .recoveryIncomplete: true
            case .deviceFault, .changeUnavailable: false
            }
        }
    }
    public var cause: Cause
    /// For technicians.
    public var reason: String
    /// For citizens and the cash desk.
    public var reference: String?
}

/// `kiosk.in_service`: serving again. `technician` is set when a person cleared a sticky block.
public struct KioskInService: JournalEntry, Hashable {
    public static let recordType = "kiosk.in_service"
    public var technician: String?
}

/// `recovery.started`: the transactions a restart found unfinished.
public struct RecoveryStarted: JournalEntry, Hashable {
    public static let recordType = "recovery.started"
    public var transactions: [TransactionID]
}

/// `device.report`: something a device said that a technician must see (power-up findings, payouts the
/// driver could not match).
public struct DeviceReport: JournalEntry, Hashable {
    public static let recordType = "device.report"
    public var device: String
    public var detail: String
    public var transaction: TransactionID?
}

import Devices
import TownCore

/// Where the engine is. Each case carries only that phase's data.
enum Phase: Sendable {
    /// Constructed, `.boot` not yet received.
    case starting
    /// Unfinished transactions from before the restart are being resolved; no customer is served (P4).
    case recovering(RecoveryWork)
    /// No transaction open. In or out of service depending on `ServiceBlock`.
    case idle
    case payment(PaymentSession)
    case voucher(VoucherSession)
    /// The journal failed: devices disabled, nothing more is done until a restart (P14).
    case halted(reason: String)
}

/// A citizen's payment of one obligation or fee.
struct PaymentSession: Sendable {
    let transaction: TransactionID
    let target: PaymentTarget
    let outstanding: Money
    /// The exact amount this payment settles.
    var amount: Money
    /// Cash the transaction keeps (whole crowns, cumulative over method choices).
    var cashDue: Money = .zero
    /// What the card is (to be) charged.
    var cardDue: Money = .zero
    /// Sum of cash rounding differences applied.
    var rounding: Money = .zero
    var credited: Money = .zero
    /// Cash handed back (change or refund), as the devices reported it.
    var returned: Money = .zero
    /// Journaled as owed by the cash desk.
    var owed: Money = .zero
    /// Change handed back as such (for the receipt).
    var changeGiven: Money = .zero
    var cardPaid: CardPaymentResult?
    var cardAttempts = 0
    var runs = 0
    /// A dispense or card outcome is unknown: the transaction ends suspect.
    var inDoubt = false
    /// Why the payment is being cancelled, for the closing record.
    var cancelReason: String?
    var step: PaymentStep = .choosingMethod

    /// Exact amount not yet covered by kept cash or the card.
    var remaining: Money {
        amount - cashDue - (cardPaid == nil ? .zero : cardDue)
    }

    /// Cash credited and not handed back or owed back: what counts towards `cashDue`.
    var netCash: Money { credited - returned - owed }

    /// Cash credited and neither kept, nor handed back, nor journaled as owed.
    func unsettledCash(keeping kept: Money) -> Money {
        credited - kept - returned - owed
    }
}

enum PaymentStep: Sendable {
    case choosingMethod
    case acceptingCash(CashIntake)
    case dispensing(DispenseRun)
    case charging(reference: String, cancelRequested: Bool)
}

/// The acceptors are taking cash towards `PaymentSession.cashDue`.
struct CashIntake: Sendable {
    enum Escrow: Sendable, Equatable {
        case none
        /// `.accept` sent: a credit (or a return) follows.
        case accepting(Denomination)
        /// `.returnNote` sent.
        case returning(Denomination)
    }
    /// Why acceptance is being stopped; the session moves on once no note is in escrow.
    enum Stop: Sendable, Equatable {
        case paid
        case cancelled(reason: String)
        case finishPartially
    }
    var escrow: Escrow = .none
    var stop: Stop?
    var enabledNotes: Set<Denomination> = []
    var enabledCoins: Set<Denomination> = []
}

/// A voucher payout.
struct VoucherSession: Sendable {
    let transaction: TransactionID
    var voucher: PayoutVoucher
    var step: VoucherStep
}

enum VoucherStep: Sendable {
    /// Waiting for the town server to grant this kiosk an unbound voucher; the PIN waits in memory only.
    case claiming(EnteredPIN)
    case checkingPIN
    case payingOut(DispenseRun, rounding: CashRounding)
}

/// Cash leaving the kiosk step by step: a step's command goes out only after the previous step's
/// outcome is journaled, so after a crash only the first step without an outcome can be in doubt.
struct DispenseRun: Sendable {
    let purpose: CashOutPurpose
    let amount: Money
    let plan: ChangePlan
    let steps: [DispenseStep]
    var next = 0
    var paid: Money = .zero
    var unknown = false

    var current: DispenseStep? { next < steps.count && !unknown ? steps[next] : nil }
    var isFinished: Bool { current == nil }
}

/// Device condition as far as service is concerned.
enum DeviceCondition: Sendable, Equatable {
    case starting
    case ready
    case faulty(String)
}

struct DeviceHealth: Sendable {
    var noteValidator: DeviceCondition = .starting
    var coinBus: DeviceCondition = .starting
    var printer: DeviceCondition = .starting
    var cardTerminal: DeviceCondition = .starting

    var cardAvailable: Bool { cardTerminal == .ready }
}

/// A reason not to serve customers. `cause` nil means "still starting": shown, never journaled.
struct ServiceBlock: Sendable, Equatable {
    var cause: KioskOutOfService.Cause?
    var reason: String
    var reference: String?
}

/// Timers the engine has started, so a late firing of a replaced timer is ignored.
struct TimerBook: Sendable {
    private var generation = 0
    private var active: [TimerKind: TimerID] = [:]

    mutating func start(_ kind: TimerKind) -> (cancel: TimerID?, start: TimerID) {
        generation += 1
        let id = TimerID(kind: kind, generation: generation)
        let previous = active.updateValue(id, forKey: kind)
        return (previous, id)
    }

    mutating func cancel(_ kind: TimerKind) -> TimerID? {
        active.removeValue(forKey: kind)
    }

    /// True (and forgotten) when `id` is the live timer of its kind.
    mutating func fired(_ id: TimerID) -> Bool {
        guard active[id.kind] == id else { return false }
        active[id.kind] = nil
        return true
    }
}

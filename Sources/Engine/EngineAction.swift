import Devices
import TownCore

/// What the engine wants done. The shell executes a batch strictly in order; a `.journal` action must be
/// durable before the next action runs, and if it fails the rest of the batch is dropped and
/// `.journalFailed` is fed back.
public enum EngineAction: Equatable, Sendable, CustomStringConvertible {
    case journal(EngineRecord)
    case noteValidator(NoteValidatorCommand)
    case coinBus(CoinBusCommand)
    case printer(PrinterCommand)
    case cardTerminal(CardTerminalCommand)
    /// Run the voucher's KDF on `pin` off the engine's path; answer with `.pinChecked`.
    case checkPIN(voucherID: VoucherID, pin: EnteredPIN)
    /// Ask the town server to grant this kiosk the unbound voucher; answer with `.voucherClaimed`.
    case claimVoucher(VoucherID)
    case ui(UIEvent)
    case startTimer(TimerID, Duration)
    case cancelTimer(TimerID)

    /// A short label for logs and failpoint names (`engine.before.<label>`); never contains a PIN.
    public var label: String {
        switch self {
        case .journal(let record): "journal." + record.type
        case .noteValidator: "note_validator"
        case .coinBus: "coin_bus"
        case .printer: "printer"
        case .cardTerminal: "card_terminal"
        case .checkPIN: "check_pin"
        case .claimVoucher: "claim_voucher"
        case .ui: "ui"
        case .startTimer: "start_timer"
        case .cancelTimer: "cancel_timer"
        }
    }

    public var description: String {
        switch self {
        case .journal(let record): "journal(\(record.type))"
        case .noteValidator(let command): "noteValidator(\(command))"
        case .coinBus(let command): "coinBus(\(command))"
        case .printer(let command): "printer(\(command))"
        case .cardTerminal(let command): "cardTerminal(\(command))"
        case .checkPIN(let voucherID, let pin): "checkPIN(\(voucherID), \(pin))"
        case .claimVoucher(let voucherID): "claimVoucher(\(voucherID))"
        case .ui(let event): "ui(\(event))"
        case .startTimer(let id, let duration): "startTimer(\(id), \(duration))"
        case .cancelTimer(let id): "cancelTimer(\(id))"
        }
    }
}

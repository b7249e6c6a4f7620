import Devices
import TownCore

/// Everything that can happen to the engine. The shell feeds these one at a time, in arrival order.
public enum EngineInput: Sendable {
    /// First input after construction (after the journal replay and the first data updates).
    case boot
    case citizen(CitizenCommand)
    case noteValidator(NoteValidatorEvent)
    case coinBus(CoinBusEvent)
    case printer(PrinterEvent)
    case cardTerminal(CardTerminalEvent)
    /// The executor ran the voucher's KDF on the PIN of the last `.checkPIN` action.
    case pinChecked(voucherID: VoucherID, matches: Bool)
    /// The town server's answer to `.claimVoucher` (false also when it could not be asked).
    case voucherClaimed(voucherID: VoucherID, granted: Bool)
    case timerFired(TimerID)
    case data(DataUpdate)
    case technician(TechnicianCommand)
    /// A `.journal` action could not be made durable. The shell drops the rest of that action batch.
    case journalFailed(reason: String)
}

/// What the touchscreen sends on the citizen's behalf.
public enum CitizenCommand: Hashable, Sendable {
    /// Find what to pay. `amount` is a partial amount for an obligation that allows it, or the amount of
    /// a fee whose price is entered; nil pays the outstanding (or fixed) amount.
    case startPayment(PaymentLookup, amount: Money?)
    case chooseMethod(PaymentMethod)
    /// Pay only the cash inserted so far (obligations that allow partial payment).
    case finishWithInserted
    case cancel
    /// Voucher number and PIN as typed or scanned.
    case startVoucherPayout(voucherID: String, pin: EnteredPIN)
    /// The citizen closed the result screen.
    case acknowledge
}

public enum PaymentLookup: Hashable, Sendable {
    /// Typed variabilní symbol.
    case variableSymbol(String)
    /// What the barcode/QR scanner typed from a payment slip.
    case scannedCode(String)
    /// A fee from the catalogue.
    case fee(code: String)
}

public enum PaymentMethod: Hashable, Sendable, Codable {
    case cash
    case card
    /// `cashPart` (whole crowns) in cash first, the rest by card.
    case mixed(cashPart: Money)
}

/// Data the shell loaded from its caches (sync results, cash-unit counts).
public enum DataUpdate: Sendable {
    case obligations([Obligation])
    case fees(FeeCatalog)
    /// Vouchers as the town server last sent them; this kiosk's journaled voucher states take precedence.
    case vouchers([PayoutVoucher])
    /// Counted cash units (after a refill or collection): hopper contents and recycler estimates.
    case cashUnits([CashUnit])
    /// The voucher list is older than the configured maximum age (true) or fresh again: no payouts while stale.
    case voucherListStale(Bool)
}

/// From the control socket (kioskctl).
public enum TechnicianCommand: Hashable, Sendable {
    case putOutOfService(reason: String)
    /// Clears a technician's or an unresolved transaction's block once the technician has reconciled it.
    case putInService(technician: String)
    /// Float put into the recycler or the hoppers (check first with `KioskEngine.refusal(of:)`).
    case refill(CashUnitName, PieceCounts, technician: String)
    /// A cash unit emptied and counted; the difference to the kiosk's counters is journaled.
    case collect(CashUnitName, counted: PieceCounts, technician: String)
    /// A technician reconciled a suspect transaction; `paid` is the cash they established moved, if known.
    case resolveSuspect(TransactionID, technician: String, reason: String, paid: Money?)
}

import TownCore

/// What the engine asks of the note validator and its note recycler (one NV200 + SMART Payout).
public enum NoteValidatorCommand: Hashable, Sendable {
    /// Accept notes of these denominations, inhibit the rest. The device stays enabled, so an empty set
    /// means "take no notes, but payouts work".
    case enable(accepting: Set<Denomination>)
    /// Disable the device: no notes are taken and the device refuses payouts.
    case disable
    /// Stack the note now in escrow (after `.noteEscrowed`). Ignored when no note is held.
    case accept
    /// Give the note in escrow back to the customer. Ignored when no note is held.
    case returnNote
    /// Pay `amount` (whole crowns) from the recycler; the device picks the notes. Exactly one of
    /// `.payoutFinished`, `.payoutInterrupted`, `.payoutRefused`, `.payoutOutcomeUnknown` follows.
    case payout(payoutID: String, amount: Money)
    /// Move every note in the recycler to the cashbox (`.emptiedToCashbox` reports the value).
    case emptyToCashbox
    /// Ask for the recycler contents (`.levels`).
    case refreshLevels
    /// Where accepted notes of this denomination go: the recycler (payable) or the cashbox.
    /// Kept by the device; re-send after `.ready` if the device may have been replaced.
    case setRouting(Denomination, toRecycler: Bool)
    /// The events before the last `.awaitingAcknowledgement` are durable: let the device forget them.
    case acknowledgeEvents
}

/// What the driver tells the engine. Money meaning is exact: nothing here is a guess.
public enum NoteValidatorEvent: Hashable, Sendable {
    /// The link is up, encryption keys are negotiated and the channel table is known. Emitted after every
    /// (re)initialisation.
    case ready
    /// A genuine note sits in escrow: NO money yet. The driver holds it until `.accept` or `.returnNote`.
    case noteEscrowed(Denomination)
    /// The device reported CREDIT: the note is past the point of no return. Emitted exactly once per CREDIT.
    case noteCredited(Denomination, NoteCreditKey)
    /// A note that was in escrow went back to the customer (returned on request or after the hold timeout).
    case noteReturned(Denomination?)
    /// A note was refused before reaching escrow.
    case noteRejected(NoteRejectReason)
    /// Value paid so far by the running payout, as the device reports it.
    case payoutProgress(payoutID: String, paid: Money)
    /// The device reported the payout complete; `paid` is its DISPENSED value.
    case payoutFinished(payoutID: String, paid: Money)
    /// The payout stopped early; `paid` is exactly what the device reports as paid.
    case payoutInterrupted(payoutID: String, paid: Money, requested: Money, reason: PayoutInterruption)
    /// Nothing was moved: the payout was never started.
    case payoutRefused(payoutID: String, reason: PayoutRefusal)
    /// The link failed while the payout was (or may have been) running and the device never said how it ended.
    /// `knownPaid` is the last value the device reported. Treat the payout as in doubt; never repeat it.
    case payoutOutcomeUnknown(payoutID: String, knownPaid: Money)
    /// The device reported a payout result the driver had no open payout for: after `.payoutOutcomeUnknown`
    /// (then `payoutID` names that payout) or after the driver restarted (nil). For reconciliation only.
    case payoutReportUnmatched(payoutID: String?, paid: Money, requested: Money?)
    /// Notes wait in the bezel for the customer (reported by the device).
    case itemsInBezel(Money)
    /// The device stopped reporting notes in the bezel.
    case itemsTaken
    /// What the device found at power-up; the engine reconciles these with its journal.
    case powerUp(PowerUpReport)
    /// Notes in the recycler per denomination.
    case levels([Denomination: Int])
    /// SMART EMPTY finished; value moved from the recycler to the cashbox.
    case emptiedToCashbox(Money)
    /// A non-money command (routing, levels, empty, enable) was refused by the device.
    case commandFailed(command: String, reason: String)
    case fault(NoteValidatorFault)
    /// The events before this one came from one device batch (only with `acknowledgeWhenJournaled`): the device
    /// repeats them, and takes no further note action, until the host sends `.acknowledgeEvents`.
    case awaitingAcknowledgement
}

/// Identifies one credit: a random per-driver session number and a counter. The driver emits each CREDIT
/// once; the key lets the engine's journal refuse a duplicate anyway.
public struct NoteCreditKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public let session: UInt64
    public let sequence: UInt64
    /// This driver never saw the note in escrow: the credit may be the device repeating an unacknowledged
    /// batch that an earlier driver already journaled. It only settles a note the journal shows being accepted.
    public let mayRepeatJournaled: Bool

    public init(session: UInt64, sequence: UInt64, mayRepeatJournaled: Bool = false) {
        self.session = session
        self.sequence = sequence
        self.mayRepeatJournaled = mayRepeatJournaled
    }

    public var description: String { "nv200-\(String(session, radix: 16))-\(sequence)" }
}

public enum NoteRejectReason: Hashable, Sendable {
    /// The validator refused the note (not recognised, inhibited channel, ...).
    case refusedByValidator
    /// The device escrowed a note on a channel the driver cannot value; the driver returned it.
    case unknownChannel(UInt8)
}

public enum PayoutInterruption: Hashable, Sendable {
    case jammed
    case halted
    case timedOut
    case errorDuringPayout
    case fraudAttempt
    /// INCOMPLETE PAYOUT at power-up: the payout was cut by a power loss.
    case powerLoss
}

public enum PayoutRefusal: Hashable, Sendable {
    /// Not a positive whole-crown amount the protocol can carry.
    case invalidAmount
    /// The link is not up (or keys are not negotiated); nothing was sent.
    case notReady
    /// Another payout is running, queued or in doubt, or the device said it is busy.
    case busy
    case notEnoughValue
    case cannotPayExactAmount
    case deviceDisabled
    /// The device had lost its keys (it reset) and so never executed the command.
    case deviceReset
    /// Any other refusal, as the device worded it.
    case deviceRefused(String)
}

public enum PowerUpReport: Hashable, Sendable {
    /// A note found in the path at power-up went back out of the front: not credited.
    case noteClearedFromFront(Denomination?)
    /// A note found in the path at power-up went into the cashbox WITHOUT a credit event: reconcile.
    case noteClearedIntoCashbox(Denomination?)
    /// The last payout was cut short: `paid` of `requested` left the device.
    case incompletePayout(paid: Money, requested: Money)
    /// A payout note in transit at power-up went to the cashbox.
    case notePaidIntoCashbox(Money)
    /// A payout note in transit at power-up went back into the recycler.
    case notePaidIntoRecycler(Money)
    /// A payout note in transit at power-up was dispensed to the customer.
    case noteDispensed(Money)
    /// The device reset while this note was in escrow and did not say where it went: in doubt.
    case noteWasInEscrow(Denomination)
}

public enum NoteValidatorFault: Hashable, Sendable {
    case linkLost(String)
    /// A note jammed where the customer cannot reach it (the note involved, when known).
    case safeJam(Denomination?)
    /// A note jammed where the customer may be able to pull it.
    case unsafeJam(Denomination?)
    case fraudAttempt
    case stackerFull
    case cashboxRemoved
    case cashboxReplaced
    case notePathOpen
    case payoutOutOfService
    /// The device answered KEY NOT SET: it has no eSSP key (usually it has reset).
    case keyNotSet
    /// Key negotiation failed, or a reply to an encrypted command could not be authenticated.
    case encryptionFailure(String)
    /// Wrong currency, unknown unit, unsupported protocol version.
    case datasetMismatch(String)
    /// A reply the driver could not read.
    case protocolError(String)
    /// CREDIT on a channel with no Czech note: money the driver cannot value. Count the cashbox.
    case unmappedCredit(channel: UInt8)
}

/// One event from a POLL / POLL_WITH_ACK reply (codes: protocols.md §2.7, kybarg status_desc.js;
/// data layouts: ITL's SMART Payout and SMART Hopper C# examples, kybarg utils.js).
///
/// Money meaning (reliability.md §1.5): `read(channel: n > 0)` is escrow — no money yet;
/// `credit` is the point of no return. `dispensed` is the final value of a payout; `jammed`,
/// `halted`, `timeout` and `errorDuringPayout` report value paid up to that point;
/// `incompletePayout` (at power-up) reports paid vs requested — reconcile, never re-issue.
public enum SSPPollEvent: Hashable, Sendable {
    case slaveReset
    /// 0 = still scanning; > 0 = a valid note of that channel is in escrow.
    case read(channel: UInt8)
    case credit(channel: UInt8)
    case rejecting
    case rejected
    case stacking
    case stacked
    case safeJam
    /// The note may be reachable from the front.
    case unsafeJam
    case disabled
    case stackerFull
    /// Validator form: the channel of the note involved.
    case fraudAttempt(channel: UInt8)
    /// SMART Payout / SMART Hopper form: value paid out so far per currency.
    case payoutFraudAttempt([SSPAmount])
    case cashboxRemoved
    case cashboxReplaced
    /// At power-up a note was returned out of the front (channel 0 = unknown).
    case noteClearedFromFront(channel: UInt8)
    /// At power-up a note was moved into the cashbox (channel 0 = unknown): reconcile with the journal.
    case noteClearedIntoCashbox(channel: UInt8)
    case notePathOpen
    case noteStoredInPayout
    case dispensing([SSPAmount])
    case dispensed([SSPAmount])
    case jammed([SSPAmount])
    case halted([SSPAmount])
    case floating([SSPAmount])
    case floated([SSPAmount])
    case timeout([SSPAmount])
    case cashboxPaid([SSPAmount])
    case incompletePayout([SSPPartialAmount])
    case incompleteFloat([SSPPartialAmount])
    case noteTransferredToStacker(SSPAmount)
    case notePaidIntoStackerAtPowerUp(SSPAmount)
    case notePaidIntoStoreAtPowerUp(SSPAmount)
    case noteDispensedAtPowerUp(SSPAmount)
    case noteHeldInBezel(SSPAmount)
    case emptying
    case emptied
    case smartEmptying([SSPAmount])
    case smartEmptied([SSPAmount])
    case payoutOutOfService
    case jamRecovery
    /// `amounts` is empty at protocol 6, which reports the cause byte only
    /// (0x00 note not detected correctly while routed, 0x01 note jammed in transport).
    case errorDuringPayout(amounts: [SSPAmount], cause: UInt8)
    case channelDisable
    case initialising
    case coinCredit(SSPAmount)
    case coinMechError(UInt8)
    case coinMechJammed
    case coinMechReturnPressed

    public var code: UInt8 {
        switch self {
        case .slaveReset: 0xF1
        case .read: 0xEF
        case .credit: 0xEE
        case .rejecting: 0xED
        case .rejected: 0xEC
        case .stacking: 0xCC
        case .stacked: 0xEB
        case .safeJam: 0xEA
        case .unsafeJam: 0xE9
        case .disabled: 0xE8
        case .stackerFull: 0xE7
        case .fraudAttempt, .payoutFraudAttempt: 0xE6
        case .cashboxRemoved: 0xE3
        case .cashboxReplaced: 0xE4
        case .noteClearedFromFront: 0xE1
        case .noteClearedIntoCashbox: 0xE2
        case .notePathOpen: 0xE0
        case .noteStoredInPayout: 0xDB
        case .dispensing: 0xDA
        case .dispensed: 0xD2
        case .jammed: 0xD5
        case .halted: 0xD6
        case .floating: 0xD7
        case .floated: 0xD8
        case .timeout: 0xD9
        case .cashboxPaid: 0xDE
        case .incompletePayout: 0xDC
        case .incompleteFloat: 0xDD
        case .noteTransferredToStacker: 0xC9
        case .notePaidIntoStackerAtPowerUp: 0xCA
        case .notePaidIntoStoreAtPowerUp: 0xCB
        case .noteDispensedAtPowerUp: 0xCD
        case .noteHeldInBezel: 0xCE
        case .emptying: 0xC2
        case .emptied: 0xC3
        case .smartEmptying: 0xB3
        case .smartEmptied: 0xB4
        case .payoutOutOfService: 0xC6
        case .jamRecovery: 0xB0
        case .errorDuringPayout: 0xB1
        case .channelDisable: 0xB5
        case .initialising: 0xB6
        case .coinCredit: 0xDF
        case .coinMechError: 0xB7
        case .coinMechJammed: 0xC4
        case .coinMechReturnPressed: 0xC5
        }
    }
}

/// What the event layouts depend on: the protocol version the host set with
/// HOST_PROTOCOL_VERSION and the unit type from SETUP_REQUEST.
public struct SSPPollContext: Hashable, Sendable {
    /// Layouts here are those of protocol versions 6 to 8 (the NV200 accepts 8 and refuses 9).
    /// Older versions report single-currency values without currency codes; version 9 changes
    /// READ/CREDIT. Neither is decoded rather than guessed at.
    public static let supportedProtocolVersions: ClosedRange<UInt8> = 6...8

    public let protocolVersion: UInt8
    public let unitType: SSPUnitType

    public init(protocolVersion: UInt8, unitType: SSPUnitType = .smartPayout) throws(SSPDecodingError) {
        guard Self.supportedProtocolVersions.contains(protocolVersion) else {
            throw .unsupported(what: "poll event layout for protocol version \(protocolVersion)",
                               reason: "only versions 6...8 are decoded")
        }
        self.protocolVersion = protocolVersion
        self.unitType = unitType
    }

    /// SMART Payout and SMART Hopper report FRAUD_ATTEMPT with values; plain validators with a channel.
    public var fraudAttemptCarriesValues: Bool { unitType == .smartPayout || unitType == .smartHopper }
}

import Journal
import TownCore

/// `coin.hopper_counter`: a hopper's ccTalk event counter, journaled at start-up (no step) and when the hopper
/// took a dispense command (with the step). After a crash it tells whether a payout in doubt ever reached the
/// hopper: the counter moves by one per accepted dispense, and the hopper keeps its last payout's counts.
public struct HopperCounter: JournalEntry, Hashable {
    public static let recordType = "coin.hopper_counter"
    public var denomination: Denomination
    public var eventCounter: UInt8
    /// The dispense step the hopper took; nil for the start-up reading.
    public var step: String?
    public var transaction: TransactionID?
}

/// What a hopper said at start-up, kept while recovering.
struct HopperStartStatus: Sendable, Equatable {
    var eventCounter: UInt8
    var lastPaid: Int
    var lastUnpaid: Int
}

/// How a hopper step in doubt ended, judged from its counters (pure; see `HopperCounter`).
enum HopperStepVerdict: Equatable {
    case notExecuted
    case executed(paid: Int, unpaid: Int)
    case unknown

    /// `accepted`: the counter journaled when the hopper took this step; `before`: the newest counter journaled
    /// for the hopper before the step; `now`: the status read at this start-up.
    static func judge(accepted: UInt8?, before: UInt8?, now: HopperStartStatus) -> HopperStepVerdict {
        // 0 means the hopper powered up since: its counter says nothing (the power-down report decides).
        guard now.eventCounter != 0 else { return .unknown }
        let executed = HopperStepVerdict.executed(paid: now.lastPaid, unpaid: now.lastUnpaid)
        if let accepted { return now.eventCounter == accepted ? executed : .unknown }
        guard let before, before != 0 || now.eventCounter == 1 else { return .unknown }
        if now.eventCounter == before { return .notExecuted }
        return now.eventCounter == (before == 255 ? 1 : before + 1) ? executed : .unknown
    }
}

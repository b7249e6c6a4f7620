/// Event counter arithmetic shared by coin acceptors (229), bill validators (159) and hoppers (166/167):
/// 0 only after power-up or reset, then 1…255, and after 255 the next value is 1 (protocols.md §1.7).
public enum CCTalkEventCounter {
    public static func successor(of counter: UInt8) -> UInt8 {
        counter == 255 ? 1 : counter + 1
    }

    /// How many events separate `last` from `current` when `current` is not 0
    /// (spec formula: `current ≥ last ? current − last : (255 − last) + current`).
    public static func eventsBetween(last: UInt8, current: UInt8) -> Int {
        current >= last ? Int(current) - Int(last) : (255 - Int(last)) + Int(current)
    }
}

/// What a new buffered-events reply means relative to the last one seen.
public enum CCTalkEventUpdate: Sendable, Hashable {
    /// First reply with no remembered counter: the buffer's events may be old, so none are reported.
    case synchronised(counter: UInt8)
    /// Same counter again (a duplicate or repeated reply).
    case noNewEvents
    /// New events, oldest first — each exactly once.
    case newEvents([CCTalkResultPair])
    /// An older reply than one already seen (counter a few steps behind, overlapping buffer): ignored.
    case staleReply(counter: UInt8)
    /// Counter fell to 0: the device powered up or was reset. Re-apply inhibits and master inhibit.
    case deviceReset
    /// Fault: more events happened than the 5-entry buffer holds.
    case eventsLost(CCTalkLostEvents)
}

public struct CCTalkLostEvents: Sendable, Hashable {
    /// Events that happened but are no longer in the buffer.
    public var lostCount: Int
    /// The five newest events, oldest first. Whether to act on them is the caller's policy decision.
    public var visibleEvents: [CCTalkResultPair]
}

/// Turns successive buffered-events replies into each new event exactly once.
/// Pure value type: the owner persists `lastCounter` (e.g. in the journal) and restores it with `init`.
public struct CCTalkEventTracker: Sendable, Hashable {
    public private(set) var lastCounter: UInt8?
    /// Last accepted buffer, used only to recognise stale replies; not worth persisting.
    private var lastBuffer: CCTalkBufferedEvents?

    public init(lastCounter: UInt8? = nil) {
        self.lastCounter = lastCounter
    }

    public mutating func accept(_ reply: CCTalkBufferedEvents) -> CCTalkEventUpdate {
        let current = reply.eventCounter
        guard let last = lastCounter else {
            remember(reply)
            return .synchronised(counter: current)
        }
        if current == 0 {
            if last == 0 { return .noNewEvents }
            remember(reply)
            return .deviceReset
        }
        if isStale(reply, last: last) { return .staleReply(counter: current) }
        let count = CCTalkEventCounter.eventsBetween(last: last, current: current)
        if count == 0 { return .noNewEvents }
        remember(reply)
        let visible = Array(reply.newestFirst.prefix(count).reversed())
        guard count > CCTalkBufferedEvents.capacity else { return .newEvents(visible) }
        return .eventsLost(CCTalkLostEvents(lostCount: count - CCTalkBufferedEvents.capacity, visibleEvents: visible))
    }

    private mutating func remember(_ reply: CCTalkBufferedEvents) {
        lastCounter = reply.eventCounter
        lastBuffer = reply
    }

    /// A reply 1–4 events behind the last one whose pairs match the older part of the last buffer is a
    /// replay; treating it as 251+ new events would re-credit coins.
    private func isStale(_ reply: CCTalkBufferedEvents, last: UInt8) -> Bool {
        guard last != 0, let previous = lastBuffer else { return false }
        let behind = CCTalkEventCounter.eventsBetween(last: reply.eventCounter, current: last)
        guard (1..<CCTalkBufferedEvents.capacity).contains(behind) else { return false }
        let overlap = CCTalkBufferedEvents.capacity - behind
        return (0..<overlap).allSatisfy { reply.newestFirst[$0] == previous.newestFirst[$0 + behind] }
    }
}

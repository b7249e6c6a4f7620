/// One `[result A][result B]` pair from a buffered event reply (229 coins, 159 bills).
public struct CCTalkResultPair: Sendable, Hashable {
    public var resultA: UInt8
    public var resultB: UInt8

    public init(_ resultA: UInt8, _ resultB: UInt8) {
        self.resultA = resultA
        self.resultB = resultB
    }

    /// Coin acceptor meaning: A ≠ 0 is a credit for coin position A routed to sorter path B;
    /// A = 0 makes B an error/status code (protocols.md §1.7).
    public var coinEvent: CCTalkCoinEvent {
        resultA != 0
            ? .credit(position: Int(resultA), sorterPath: resultB)
            : .status(CCTalkCoinAcceptorEventCode(code: resultB))
    }
}

public enum CCTalkCoinEvent: Sendable, Hashable {
    /// A coin passed validation and was accepted; `sorterPath` 0 means no sorter.
    case credit(position: Int, sorterPath: UInt8)
    case status(CCTalkCoinAcceptorEventCode)
}

/// Reply to "read buffered credit or error codes" (229) or "read buffered bill events" (159):
/// `[event counter][1A][1B]…[5A][5B]`, result 1 newest.
public struct CCTalkBufferedEvents: Sendable, Hashable {
    public static let capacity = 5
    public static let replyLength = 1 + 2 * capacity

    public var eventCounter: UInt8
    /// Exactly five pairs, newest first, as on the wire.
    public private(set) var newestFirst: [CCTalkResultPair]

    public init(eventCounter: UInt8, newestFirst: [CCTalkResultPair]) throws(CCTalkMessageError) {
        guard newestFirst.count == Self.capacity else {
            throw .invalidValue(subject: "buffered events", expected: "\(Self.capacity) result pairs", found: "\(newestFirst.count)")
        }
        self.eventCounter = eventCounter
        self.newestFirst = newestFirst
    }

    /// The buffer right after power-up or reset: counter 0 and five `[0][0]` pairs.
    public static let powerUp = CCTalkBufferedEvents(
        unchecked: 0, Array(repeating: CCTalkResultPair(0, 0), count: capacity)
    )

    private init(unchecked counter: UInt8, _ pairs: [CCTalkResultPair]) {
        eventCounter = counter
        newestFirst = pairs
    }

    public init(replyData data: [UInt8]) throws(CCTalkMessageError) {
        try CCTalkMessageError.requireCount(data, Self.replyLength...Self.replyLength, subject: "buffered events reply")
        let pairs = stride(from: 1, to: Self.replyLength, by: 2).map { CCTalkResultPair(data[$0], data[$0 + 1]) }
        self.init(unchecked: data[0], pairs)
    }

    public var replyData: [UInt8] {
        [eventCounter] + newestFirst.flatMap { [$0.resultA, $0.resultB] }
    }

    /// A buffer after a device recorded `event`: pairs shift down, the counter steps 255 → 1, never 0.
    public func recording(_ event: CCTalkResultPair) -> CCTalkBufferedEvents {
        CCTalkBufferedEvents(
            unchecked: CCTalkEventCounter.successor(of: eventCounter),
            [event] + newestFirst.prefix(Self.capacity - 1)
        )
    }
}

import DeviceProtocols
import TownCore

/// One round of "request payout high/low status" over every hopper, reported as a single `.levels`.
struct LevelSurvey {
    private var pending: [(address: UInt8, denomination: Denomination)]
    private var results: [Denomination: HopperLevel] = [:]
    private var attempts = 0
    private let maximumAttempts: Int

    init(hoppers: [(address: UInt8, denomination: Denomination)], maximumAttempts: Int) {
        pending = hoppers
        self.maximumAttempts = maximumAttempts
    }

    var address: UInt8? { pending.first?.address }
    var isComplete: Bool { pending.isEmpty }

    func nextRequest() -> BusRequest? {
        pending.isEmpty ? nil : BusRequest(.requestPayoutHighLowStatus(hopperNumber: nil), .work)
    }

    /// Returns `.levels` once the last hopper has answered or been given up on.
    mutating func replied(_ response: CCTalkResponse) -> [CoinBusEvent] {
        guard let current = pending.first else { return [] }
        guard case let .payoutLevel(status) = response else { return missed() }
        results[current.denomination] = HopperLevel(
            isBelowLowLevel: status.contains(.lowLevelSensorFitted) ? status.contains(.belowLowLevel) : nil,
            isAtOrAboveHighLevel: status.contains(.highLevelSensorFitted) ? status.contains(.atOrAboveHighLevel) : nil)
        return next()
    }

    /// A silent hopper is left out of the report rather than holding it up.
    mutating func missed() -> [CoinBusEvent] {
        attempts += 1
        return attempts >= maximumAttempts ? next() : []
    }

    private mutating func next() -> [CoinBusEvent] {
        attempts = 0
        if !pending.isEmpty { pending.removeFirst() }
        return pending.isEmpty ? [.levels(results)] : []
    }
}

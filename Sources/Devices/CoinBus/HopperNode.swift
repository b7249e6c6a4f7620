import DeviceProtocols
import TownCore

/// One coin hopper on the bus: its start-up check, and at most one payout at a time (see `HopperPayout`).
struct HopperNode {
    struct Timing {
        var payoutPollInterval: Duration
        var offlineRetryInterval: Duration
        var attempts: Int
        var payoutStatusAttempts: Int
    }

    enum Phase {
        /// Read the status, then the test registers (power-down during payout, fraud flags).
        case readingStatus
        case readingRegisters(CCTalkHopperStatus)
        case idle
        /// Silent at start-up; asked again now and then.
        case offline(retryAt: DriverTime)
        case paying(HopperPayout)
    }

    let address: UInt8
    let denomination: Denomination
    let timing: Timing
    private(set) var phase: Phase = .readingStatus
    private var watch: ResponseWatch
    private var holdOffUntil: DriverTime = .zero
    private var startupMisses = 0

    init(address: UInt8, denomination: Denomination, timing: Timing) {
        self.address = address
        self.denomination = denomination
        self.timing = timing
        watch = ResponseWatch(device: .hopper(denomination), threshold: timing.attempts)
    }

    var startupFinished: Bool {
        switch phase {
        case .readingStatus, .readingRegisters: false
        case .idle, .offline, .paying: true
        }
    }

    var isPaying: Bool {
        if case .paying = phase { return true }
        return false
    }

    /// After (re)opening the line: check the hopper again unless a payout is being followed.
    mutating func restart(at now: DriverTime) {
        if case .paying = phase { return }
        phase = .readingStatus
        startupMisses = 0
        holdOffUntil = now
    }

    func nextRequest() -> BusRequest? {
        switch phase {
        case .readingStatus: BusRequest(.requestHopperStatus, .work, notBefore: holdOffUntil)
        case .readingRegisters: BusRequest(.testHopper, .work, notBefore: holdOffUntil)
        case .idle: nil
        case let .offline(retryAt): BusRequest(.requestHopperStatus, .poll, notBefore: retryAt)
        case let .paying(payout): payout.nextRequest()
        }
    }

    /// Called just before `command` goes on the wire.
    mutating func willSend(_ command: CCTalkCommand) {
        guard case var .paying(payout) = phase else { return }
        payout.willSend(command)
        phase = .paying(payout)
    }

    mutating func startDispense(payoutID: String, count: UInt8, at now: DriverTime) -> [CoinBusEvent] {
        switch phase {
        case .paying, .readingStatus, .readingRegisters:
            return [.dispenseRefused(payoutID: payoutID, reason: .hopperBusy)]
        case .idle, .offline:
            guard let request = try? CCTalkDispenseRequest(coinCount: count) else {
                return [.dispenseRefused(payoutID: payoutID, reason: .invalidCount)]
            }
            phase = .paying(HopperPayout(id: payoutID, request: request, timing: timing, at: now))
            return []
        }
    }

    mutating func emergencyStop(at now: DriverTime) -> [CoinBusEvent] {
        guard case var .paying(payout) = phase else { return [] }
        let events = payout.stop()
        settle(payout, at: now)
        return events
    }

    mutating func replied(_ response: CCTalkResponse, to command: CCTalkCommand, at now: DriverTime) -> [CoinBusEvent] {
        var events = watch.answered()
        switch (phase, response) {
        case let (.paying(payout), _):
            var payout = payout
            let outcome = payout.replied(response, to: command, at: now, denomination: denomination)
            events += payout.takeAcceptance(denomination) + outcome
            settle(payout, at: now)
        case let (.readingStatus, .hopperStatus(status)), let (.offline, .hopperStatus(status)):
            if status.coinsRemaining > 0 {
                // Still paying a payout from before this driver started: its final counts are the evidence.
                phase = .readingStatus
                holdOffUntil = now + timing.payoutPollInterval
            } else {
                phase = .readingRegisters(status)
            }
        case let (.readingRegisters(status), .hopperTest(registers)):
            events += startupReport(status: status, registers: registers)
            phase = .idle
        case let (.readingRegisters(status), .negativeAcknowledged):
            // Some hoppers do not implement "test hopper": the status alone is reported.
            events.append(.hopperStatusAtStart(denomination, eventCounter: status.eventCounter,
                                               lastPaid: Int(status.lastPayoutCoinsPaid),
                                               lastUnpaid: Int(status.lastPayoutCoinsUnpaid)))
            phase = .idle
        case (.readingStatus, _), (.readingRegisters, _), (.offline, _), (.idle, _):
            // A reply that does not fit the step (or a late one after a stop): ask again.
            events += missedStartup(at: now)
        }
        return events
    }

    mutating func missed(_ command: CCTalkCommand, at now: DriverTime) -> [CoinBusEvent] {
        switch phase {
        case var .paying(payout):
            var events = watch.missed()
            let outcome = payout.missed(command, at: now)
            events += payout.takeAcceptance(denomination) + outcome
            settle(payout, at: now)
            return events
        case .readingStatus, .readingRegisters, .offline, .idle:
            return watch.missed() + missedStartup(at: now)
        }
    }

    /// A finished payout leaves the hopper idle, or offline when it stopped answering.
    private mutating func settle(_ payout: HopperPayout, at now: DriverTime) {
        guard payout.isOver else {
            phase = .paying(payout)
            return
        }
        phase = watch.reportedSilent ? .offline(retryAt: now + timing.offlineRetryInterval) : .idle
    }

    private mutating func missedStartup(at now: DriverTime) -> [CoinBusEvent] {
        switch phase {
        case .readingStatus, .readingRegisters:
            startupMisses += 1
            holdOffUntil = now
            if startupMisses >= timing.attempts { phase = .offline(retryAt: now + timing.offlineRetryInterval) }
        case .offline:
            phase = .offline(retryAt: now + timing.offlineRetryInterval)
        case .idle, .paying:
            break
        }
        return []
    }

    private func startupReport(status: CCTalkHopperStatus, registers: CCTalkHopperTestRegisters) -> [CoinBusEvent] {
        var events: [CoinBusEvent] = [.hopperStatusAtStart(
            denomination, eventCounter: status.eventCounter, lastPaid: Int(status.lastPayoutCoinsPaid),
            lastUnpaid: Int(status.lastPayoutCoinsUnpaid))]
        if registers.register3?.contains(.powerDownDuringPayout) == true {
            events.append(.hopperPowerUpAfterInterruptedPayout(
                denomination, paid: Int(status.lastPayoutCoinsPaid), unpaid: Int(status.lastPayoutCoinsUnpaid)))
        }
        if HopperRegisterReading.showsFraud(registers) { events.append(.fault(.hopper(denomination, .fraudAttempt))) }
        if HopperRegisterReading.showsHardwareFault(registers) { events.append(.fault(.hopper(denomination, .hardware))) }
        return events
    }
}

/// What the "test hopper" registers say about why a payout stopped and whether the hopper is sound.
enum HopperRegisterReading {
    static func interruption(_ registers: CCTalkHopperTestRegisters) -> DispenseInterruption {
        if registers.register3?.contains(.powerDownDuringPayout) == true { return .powerLoss }
        if showsFraud(registers) { return .fraudAttempt }
        if showsJam(registers) { return .jam }
        if registers.register1.contains(.payoutTimeout) { return .hopperEmpty }
        return .unspecified
    }

    static func showsJam(_ registers: CCTalkHopperTestRegisters) -> Bool {
        !registers.register1.isDisjoint(with: [.absoluteMaximumCurrentExceeded, .optoBlockedPermanentlyDuringPayout])
            || registers.register2?.contains(.motorReverseLimitReached) == true
    }

    static func showsFraud(_ registers: CCTalkHopperTestRegisters) -> Bool {
        !registers.register1.isDisjoint(with: [.optoFraudPathBlockedWhileIdle, .optoFraudShortCircuitWhileIdle])
            || registers.register2?.contains(.optoFraudShortCircuitDuringPayout) == true
    }

    static func showsHardwareFault(_ registers: CCTalkHopperTestRegisters) -> Bool {
        registers.register2.map { !$0.isDisjoint(with: [.nvMemoryChecksumError, .inductiveCoilFault]) } ?? false
    }
}

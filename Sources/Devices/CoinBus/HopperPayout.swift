import DeviceProtocols
import TownCore

/// One payout on one hopper, from the baseline read to a final event.
///
/// Money rules (reliability.md P8, P9): the dispense frame is sent at most once; after a lost or unclear
/// reply the next frame to this hopper is a status request, and the event counter against the baseline
/// decides whether the command arrived. Paid and unpaid are reported as the hopper counts them.
struct HopperPayout {
    /// The hopper's state just before the dispense, to recognise what changed after it.
    struct Baseline: Equatable {
        var counter: UInt8
        var lastPaid: UInt8
        var lastUnpaid: UInt8
        /// Lifetime dispense count (header 168); nil when the hopper does not report it.
        var dispensedTotal: UInt32?
    }

    enum Step: Equatable {
        case readBaselineStatus
        case readBaselineCount(CCTalkHopperStatus)
        case enable(Baseline)
        case dispense(Baseline)
        case awaitingDispenseReply(Baseline)
        /// The dispense reply was lost or unclear: status only, never another dispense. "Not received"
        /// is the one conclusion that invites a retry, so it takes two unchanged readings in a row: a late
        /// reply to an earlier status request cannot decide it alone.
        case verify(Baseline, unchangedReadings: Int)
        /// The counter moved but the hopper is idle (or it sat at 0 throughout): the lifetime count tells
        /// a fast payout from a NAK, or whether anything was paid at all.
        case verifyCount(Baseline, CCTalkHopperStatus)
        case monitor(counter: UInt8)
        /// Stopped early: the test registers say why.
        case classify(CCTalkHopperStatus)
        /// The counter fell to 0 mid-payout: did power fail during the payout?
        case confirmPowerLoss(CCTalkHopperStatus)
        case over
    }

    let id: String
    let request: CCTalkDispenseRequest
    let timing: HopperNode.Timing
    private(set) var step: Step = .readBaselineStatus
    private var nextAt: DriverTime
    private var misses = 0
    private var paidReported = 0
    private var stopRequested = false
    private var stopFinished = false
    private var stopAttempts = 0
    /// Coins the emergency stop reply said were left unpaid.
    private var stopRemaining: UInt8?
    /// The event counter once the hopper is known to have taken the dispense; reported once.
    private var acceptedCounter: UInt8?
    private var acceptanceReported = false

    init(id: String, request: CCTalkDispenseRequest, timing: HopperNode.Timing, at now: DriverTime) {
        self.id = id
        self.request = request
        self.timing = timing
        nextAt = now
    }

    var isOver: Bool { step == .over }
    private var count: Int { Int(request.coinCount) }

    func nextRequest() -> BusRequest? {
        switch step {
        case .readBaselineStatus: BusRequest(.requestHopperStatus, .work, notBefore: nextAt)
        case .readBaselineCount: BusRequest(.requestHopperDispenseCount, .work, notBefore: nextAt)
        case .enable: BusRequest(.enableHopper(true), .work, notBefore: nextAt)
        case .dispense: BusRequest(.dispenseHopperCoins(request), .work, notBefore: nextAt)
        case .awaitingDispenseReply, .over: nil
        case .verify: BusRequest(.requestHopperStatus, .urgent, notBefore: nextAt)
        case .verifyCount: BusRequest(.requestHopperDispenseCount, .urgent, notBefore: nextAt)
        case .monitor:
            stopRequested && !stopFinished
                ? BusRequest(.emergencyStop, .urgent)
                : BusRequest(.requestHopperStatus, .poll, notBefore: nextAt)
        case .classify, .confirmPowerLoss: BusRequest(.testHopper, .urgent, notBefore: nextAt)
        }
    }

    mutating func willSend(_ command: CCTalkCommand) {
        if case let .dispense(baseline) = step, case .dispenseHopperCoins = command {
            step = .awaitingDispenseReply(baseline)
        }
    }

    /// Before the dispense frame went out the payout is simply dropped; afterwards the hopper is stopped.
    mutating func stop() -> [CoinBusEvent] {
        switch step {
        case .readBaselineStatus, .readBaselineCount, .enable, .dispense:
            return refuse(.stopped)
        case .over:
            return []
        case .awaitingDispenseReply, .verify, .verifyCount, .monitor, .classify, .confirmPowerLoss:
            stopRequested = true
            return []
        }
    }

    mutating func replied(
        _ response: CCTalkResponse, to command: CCTalkCommand, at now: DriverTime, denomination: Denomination
    ) -> [CoinBusEvent] {
        switch (step, response) {
        case let (.readBaselineStatus, .hopperStatus(status)):
            if status.isPayingOut { return refuse(.hopperBusy) }
            advance(to: .readBaselineCount(status), at: now)
        case let (.readBaselineCount(status), .hopperDispenseCount(total)):
            advance(to: .enable(Self.baseline(status, total)), at: now)
        case let (.readBaselineCount(status), .negativeAcknowledged):
            advance(to: .enable(Self.baseline(status, nil)), at: now)
        case let (.enable(baseline), .acknowledged):
            advance(to: .dispense(baseline), at: now)
        case (.enable, .negativeAcknowledged), (.awaitingDispenseReply, .negativeAcknowledged):
            return refuse(.hopperRefused)
        case let (.awaitingDispenseReply(baseline), .dispenseAccepted(counter)):
            let expected = CCTalkEventCounter.successor(of: baseline.counter)
            // SCH1 hoppers answer a bare ACK; the first status poll then checks the counter.
            if counter == nil || counter == expected {
                advance(to: .monitor(counter: expected), at: now + timing.payoutPollInterval)
            } else {
                advance(to: .verify(baseline, unchangedReadings: 0), at: now)
            }
        case let (.awaitingDispenseReply(baseline), _):
            advance(to: .verify(baseline, unchangedReadings: 0), at: now)
        case let (.verify(baseline, unchanged), .hopperStatus(status)):
            return verified(status, against: baseline, unchangedReadings: unchanged, at: now)
        case let (.verifyCount(baseline, status), .hopperDispenseCount(total)):
            return counted(total, status: status, against: baseline, at: now)
        case let (.monitor(counter), .hopperStatus(status)):
            return monitored(status, counter: counter, at: now)
        case let (.monitor, .emergencyStopped(remaining)):
            stopFinished = true
            stopRemaining = remaining
            nextAt = now
        case let (.classify(status), .hopperTest(registers)):
            return interrupted(status, registers: registers, denomination: denomination)
        case let (.confirmPowerLoss(status), .hopperTest(registers)):
            guard registers.register3?.contains(.powerDownDuringPayout) == true else { return unknown() }
            return finish(.dispenseInterrupted(payoutID: id, paid: Int(status.lastPayoutCoinsPaid),
                                               unpaid: Int(status.lastPayoutCoinsUnpaid), reason: .powerLoss))
        default:
            // NAK, BUSY or a reply that does not fit this step: handled like a missing reply.
            return missed(command, at: now)
        }
        return []
    }

    mutating func missed(_ command: CCTalkCommand, at now: DriverTime) -> [CoinBusEvent] {
        misses += 1
        nextAt = now + timing.payoutPollInterval
        switch step {
        case .readBaselineStatus, .readBaselineCount, .enable, .dispense:
            // Nothing has been sent that could move a coin, so giving up is safe.
            return misses >= timing.attempts ? refuse(.hopperNotResponding) : []
        case let .awaitingDispenseReply(baseline):
            advance(to: .verify(baseline, unchangedReadings: 0), at: now)
            return []
        case .verify, .verifyCount:
            return misses >= timing.payoutStatusAttempts ? unknown() : []
        case .monitor where command == .emergencyStop:
            misses -= 1
            stopAttempts += 1
            stopFinished = stopAttempts >= timing.attempts
            nextAt = now
            return []
        case .monitor, .confirmPowerLoss:
            return misses >= timing.payoutStatusAttempts ? unknown() : []
        case let .classify(status):
            guard misses >= timing.attempts else { return [] }
            return finish(.dispenseInterrupted(payoutID: id, paid: Int(status.lastPayoutCoinsPaid),
                                               unpaid: unpaid(status), reason: stopRequested ? .emergencyStop : .unspecified))
        case .over:
            return []
        }
    }

    private static func baseline(_ status: CCTalkHopperStatus, _ total: UInt32?) -> Baseline {
        Baseline(counter: status.eventCounter, lastPaid: status.lastPayoutCoinsPaid,
                 lastUnpaid: status.lastPayoutCoinsUnpaid, dispensedTotal: total)
    }

    private mutating func verified(
        _ status: CCTalkHopperStatus, against baseline: Baseline, unchangedReadings: Int, at now: DriverTime
    ) -> [CoinBusEvent] {
        let expected = CCTalkEventCounter.successor(of: baseline.counter)
        switch status.eventCounter {
        case baseline.counter:
            guard unchangedReadings >= 1 else {
                advance(to: .verify(baseline, unchangedReadings: 1), at: now)
                return []
            }
            // A counter of 0 may also be a power cut after the command arrived: coins counted decide.
            if baseline.counter == 0 {
                advance(to: .verifyCount(baseline, status), at: now)
                return []
            }
            return refuse(.notReceived)
        case expected where status.isPayingOut:
            advance(to: .monitor(counter: expected), at: now)
            return monitored(status, counter: expected, at: now)
        case expected:
            advance(to: .verifyCount(baseline, status), at: now)
            return []
        case 0:
            advance(to: .confirmPowerLoss(status), at: now)
            return []
        default:
            return unknown()
        }
    }

    /// The hopper got the command and is idle again: either it refused (NAK, counters untouched) or it
    /// already finished. Its lifetime count, compared with the baseline, says how many coins left.
    /// With the counter still at 0 it says whether anything was paid at all.
    private mutating func counted(
        _ total: UInt32?, status: CCTalkHopperStatus, against baseline: Baseline, at now: DriverTime
    ) -> [CoinBusEvent] {
        if status.eventCounter == baseline.counter {
            guard let total, let before = baseline.dispensedTotal, total >= before else { return unknown() }
            return total == before ? refuse(.notReceived) : unknown(knownPaid: Int(total - before))
        }
        let untouched = status.lastPayoutCoinsPaid == baseline.lastPaid && status.lastPayoutCoinsUnpaid == baseline.lastUnpaid
        guard let total, let before = baseline.dispensedTotal, total >= before else {
            return untouched ? unknown() : completed(status, at: now)
        }
        let delta = total - before
        if delta == 0, untouched { return refuse(.hopperRefused) }
        guard delta == UInt32(status.lastPayoutCoinsPaid) else { return unknown(knownPaid: Int(delta)) }
        advance(to: .monitor(counter: status.eventCounter), at: now)
        return completed(status, at: now)
    }

    private mutating func monitored(_ status: CCTalkHopperStatus, counter: UInt8, at now: DriverTime) -> [CoinBusEvent] {
        misses = 0
        switch status.eventCounter {
        case counter:
            break
        case 0:
            advance(to: .confirmPowerLoss(status), at: now)
            return []
        default:
            return unknown()
        }
        guard status.isPayingOut else { return completed(status, at: now) }
        nextAt = now + timing.payoutPollInterval
        let paid = Int(status.lastPayoutCoinsPaid)
        guard paid > paidReported else { return [] }
        paidReported = paid
        return [.dispenseProgress(payoutID: id, paid: paid)]
    }

    private mutating func completed(_ status: CCTalkHopperStatus, at now: DriverTime) -> [CoinBusEvent] {
        let paid = Int(status.lastPayoutCoinsPaid)
        if status.lastPayoutCoinsUnpaid == 0, paid >= count {
            return finish(.dispenseFinished(payoutID: id, paid: paid, unpaid: 0))
        }
        if stopRequested {
            return finish(.dispenseInterrupted(payoutID: id, paid: paid, unpaid: unpaid(status), reason: .emergencyStop))
        }
        advance(to: .classify(status), at: now)
        return []
    }

    private mutating func interrupted(
        _ status: CCTalkHopperStatus, registers: CCTalkHopperTestRegisters, denomination: Denomination
    ) -> [CoinBusEvent] {
        let reason = stopRequested ? .emergencyStop : HopperRegisterReading.interruption(registers)
        var events = finish(.dispenseInterrupted(
            payoutID: id, paid: Int(status.lastPayoutCoinsPaid), unpaid: unpaid(status), reason: reason))
        if reason == .jam { events.append(.fault(.hopper(denomination, .jammed))) }
        if reason == .fraudAttempt { events.append(.fault(.hopper(denomination, .fraudAttempt))) }
        return events
    }

    /// The hopper's own unpaid count; hoppers that clear it on a normal stop (Suzo) leave the
    /// emergency-stop reply or, failing that, the requested count less the paid ones.
    private func unpaid(_ status: CCTalkHopperStatus) -> Int {
        if status.lastPayoutCoinsUnpaid > 0 { return Int(status.lastPayoutCoinsUnpaid) }
        if let stopRemaining, stopRemaining > 0 { return Int(stopRemaining) }
        return max(0, count - Int(status.lastPayoutCoinsPaid))
    }

    /// `.dispenseAccepted` the first time the hopper is known to have taken the command, else nothing.
    mutating func takeAcceptance(_ denomination: Denomination) -> [CoinBusEvent] {
        guard let acceptedCounter, !acceptanceReported else { return [] }
        acceptanceReported = true
        return [.dispenseAccepted(payoutID: id, denomination: denomination, eventCounter: acceptedCounter)]
    }

    private mutating func advance(to next: Step, at time: DriverTime) {
        if case .monitor(let counter) = next, acceptedCounter == nil { acceptedCounter = counter }
        step = next
        nextAt = time
        misses = 0
    }

    private mutating func refuse(_ reason: DispenseRefusal) -> [CoinBusEvent] {
        finish(.dispenseRefused(payoutID: id, reason: reason))
    }

    private mutating func unknown(knownPaid: Int? = nil) -> [CoinBusEvent] {
        finish(.dispenseOutcomeUnknown(payoutID: id, knownPaid: max(knownPaid ?? 0, paidReported)))
    }

    private mutating func finish(_ event: CoinBusEvent) -> [CoinBusEvent] {
        step = .over
        return [event]
    }
}

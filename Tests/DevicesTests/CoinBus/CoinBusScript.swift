import DeviceProtocols
@testable import Devices
import Testing
import TownCore

/// Drives `CCTalkBusDriver` by hand for event → expected-frame scripts: the test plays every device,
/// decides each reply (or its loss) and moves time itself. Replies are fed one byte at a time.
struct CoinBusScript {
    static let acceptor: UInt8 = 2
    static let hopper1: UInt8 = 3
    static let hopper5: UInt8 = 5

    var driver: CCTalkBusDriver
    var now: Duration = .zero
    var events: [CoinBusEvent] = []
    /// Every frame the driver put on the wire, in order.
    var sent: [(address: UInt8, command: CCTalkCommand)] = []
    private var pending: (address: UInt8, command: CCTalkCommand)?

    static func configuration(resumeCounter: UInt8? = nil) throws -> CoinBusConfiguration {
        try CoinBusConfiguration(hoppers: [hopper1: .coin1, hopper5: .coin5], resumeAcceptorCounter: resumeCounter)
    }

    init(configuration: CoinBusConfiguration? = nil) throws {
        driver = CCTalkBusDriver(configuration: try configuration ?? Self.configuration())
        events += driver.start(at: now)
    }

    mutating func submit(_ command: CoinBusCommand) {
        events += driver.handle(command, at: now)
    }

    mutating func advance(_ duration: Duration) { now += duration }

    /// The step the driver takes now, which must be an exchange; returns what it asks and of whom.
    @discardableResult
    mutating func nextFrame(sourceLocation: SourceLocation = #_sourceLocation) throws -> (address: UInt8, command: CCTalkCommand) {
        #expect(pending == nil, "previous exchange was not answered", sourceLocation: sourceLocation)
        let step = driver.nextStep(at: now)
        guard case let .exchange(bytes, _) = step else {
            Issue.record("expected an exchange, found \(step)", sourceLocation: sourceLocation)
            throw ScriptError.noExchange
        }
        let frame = try CCTalkFrame.decode(bytes, checksum: .simple8)
        let sentFrame = (frame.destination, try CCTalkCommand(frame: frame))
        pending = sentFrame
        sent.append(sentFrame)
        return sentFrame
    }

    /// Like `nextFrame`, but nil (and time moved by `idle`) when the driver waits instead.
    mutating func nextFrameOrWait(_ idle: Duration) throws -> (address: UInt8, command: CCTalkCommand)? {
        guard case let .exchange(bytes, _) = driver.nextStep(at: now) else {
            now += idle
            return nil
        }
        let frame = try CCTalkFrame.decode(bytes, checksum: .simple8)
        let sentFrame = (frame.destination, try CCTalkCommand(frame: frame))
        pending = sentFrame
        sent.append(sentFrame)
        return sentFrame
    }

    /// Asserts the exact bytes of the next frame.
    mutating func expectFrame(
        _ command: CCTalkCommand, to address: UInt8, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let step = driver.nextStep(at: now)
        let expected = try command.frame(to: address).encoded(checksum: .simple8)
        #expect(step == .exchange(frame: expected, timeout: driver.configuration.replyTimeout), sourceLocation: sourceLocation)
        pending = (address, command)
        sent.append((address, command))
    }

    /// Asserts the next frame byte for byte, for vectors written out in a test.
    mutating func expectBytes(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let step = driver.nextStep(at: now)
        #expect(step == .exchange(frame: bytes, timeout: driver.configuration.replyTimeout), sourceLocation: sourceLocation)
        let frame = try CCTalkFrame.decode(bytes, checksum: .simple8)
        let sentFrame = (frame.destination, try CCTalkCommand(frame: frame))
        pending = sentFrame
        sent.append(sentFrame)
    }

    /// Answers the pending exchange byte by byte; returns the events it caused.
    @discardableResult
    mutating func reply(_ response: CCTalkResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [CoinBusEvent] {
        guard let (address, _) = pending else {
            Issue.record("no exchange to answer", sourceLocation: sourceLocation)
            return []
        }
        pending = nil
        let bytes = try response.frame(from: address).encoded(checksum: .simple8)
        var caused: [CoinBusEvent] = []
        for (offset, byte) in bytes.enumerated() {
            let reaction = driver.received([byte], at: now)
            caused += reaction.events
            #expect(reaction.replyComplete == (offset == bytes.count - 1), sourceLocation: sourceLocation)
        }
        events += caused
        return caused
    }

    /// The pending exchange gets no answer.
    @discardableResult
    mutating func timeOut() -> [CoinBusEvent] {
        pending = nil
        now += driver.configuration.replyTimeout
        let caused = driver.timedOut(at: now)
        events += caused
        return caused
    }

    /// Answers whatever the driver asks with a healthy idle bus until it reports `.ready` and the first
    /// level survey is done.
    mutating func answerStartup(
        acceptorCounter: UInt8 = 0,
        hopperStatus: CCTalkHopperStatus = CCTalkHopperStatus(
            eventCounter: 10, coinsRemaining: 0, lastPayoutCoinsPaid: 0, lastPayoutCoinsUnpaid: 0),
        registers: CCTalkHopperTestRegisters = CCTalkHopperTestRegisters(register1: [], register2: [], register3: [])
    ) throws {
        for _ in 0..<40 {
            if events.contains(.ready), events.contains(where: { if case .levels = $0 { true } else { false } }) { return }
            let (_, command) = try nextFrame()
            switch command {
            case .readBufferedCredit:
                try reply(.bufferedCredit(CCTalkBufferedEvents(
                    eventCounter: acceptorCounter, newestFirst: Array(repeating: CCTalkResultPair(0, 0), count: 5))))
            case .requestHopperStatus: try reply(.hopperStatus(hopperStatus))
            case .testHopper: try reply(.hopperTest(registers))
            case .requestPayoutHighLowStatus: try reply(.payoutLevel([.lowLevelSensorFitted, .highLevelSensorFitted]))
            default: try reply(.acknowledged)
            }
        }
        Issue.record("start-up did not finish")
    }

    /// Everything up to the dispense frame for a payout from a hopper whose status is `baseline`.
    mutating func answerUntilDispense(address: UInt8, baseline: CCTalkHopperStatus, dispensedTotal: UInt32 = 100) throws {
        try expectFrame(.requestHopperStatus, to: address)
        try reply(.hopperStatus(baseline))
        try expectFrame(.requestHopperDispenseCount, to: address)
        try reply(.hopperDispenseCount(dispensedTotal))
        try expectFrame(.enableHopper(true), to: address)
        try reply(.acknowledged)
    }

    var dispenseFramesSent: Int {
        sent.filter { if case .dispenseHopperCoins = $0.command { true } else { false } }.count
    }

    enum ScriptError: Error { case noExchange }
}

extension CoinBusScript {
    /// Before each scripted payout the 5 Kč hopper's counter is 10 and its last payout paid 2 coins.
    static let payoutBaseline = CCTalkHopperStatus.reading(counter: 10, paid: 2)

    /// Started; payout "P1" of `count` coins from the 5 Kč hopper is one step from its dispense frame.
    static func dispensing(count: Int) throws -> CoinBusScript {
        var script = try CoinBusScript()
        try script.answerStartup()
        script.submit(.dispense(payoutID: "P1", denomination: .coin5, count: count))
        try script.answerUntilDispense(address: hopper5, baseline: payoutBaseline)
        return script
    }

    /// The dispense was sent and accepted with counter 11.
    static func accepted(count: Int) throws -> CoinBusScript {
        var script = try dispensing(count: count)
        try script.expectFrame(.dispenseHopperCoins(CCTalkDispenseRequest(coinCount: UInt8(count))), to: hopper5)
        try script.reply(.dispenseAccepted(eventCounter: 11))
        return script
    }

    /// The next 5 Kč hopper status poll, 100 ms on, answered with `reply`.
    @discardableResult
    mutating func hopperStatus(_ reply: CCTalkHopperStatus) throws -> [CoinBusEvent] {
        advance(.milliseconds(100))
        try expectFrame(.requestHopperStatus, to: Self.hopper5)
        return try self.reply(.hopperStatus(reply))
    }
}

extension CCTalkHopperStatus {
    static func reading(counter: UInt8, remaining: UInt8 = 0, paid: UInt8 = 0, unpaid: UInt8 = 0) -> CCTalkHopperStatus {
        CCTalkHopperStatus(eventCounter: counter, coinsRemaining: remaining, lastPayoutCoinsPaid: paid, lastPayoutCoinsUnpaid: unpaid)
    }
}

extension CCTalkBufferedEvents {
    /// A buffer whose newest events are `newestFirst`, padded with empty pairs.
    static func acceptorBuffer(counter: UInt8, newestFirst: [(UInt8, UInt8)]) throws -> CCTalkBufferedEvents {
        let pairs = newestFirst.map { CCTalkResultPair($0.0, $0.1) }
        return try CCTalkBufferedEvents(
            eventCounter: counter, newestFirst: pairs + Array(repeating: CCTalkResultPair(0, 0), count: 5 - pairs.count))
    }
}

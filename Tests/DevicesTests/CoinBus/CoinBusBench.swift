import DeviceProtocols
import Devices
import KioskSimCore
import Testing
import TownCore

/// The driver and the simulated bus back to back in memory, on a hand-moved clock. Every byte crosses
/// one at a time in both directions, so split frames and split echoes are the normal case.
struct CoinBusBench {
    static let hoppers: [UInt8: Denomination] = [3: .coin1, 4: .coin2, 5: .coin5, 6: .coin10, 7: .coin20, 8: .coin50]

    var driver: CCTalkBusDriver
    let sim: SimCoinBus
    let world: PhysicalWorld
    var now: Duration = .zero
    var events: [CoinBusEvent] = []
    var framesSent: [[UInt8]] = []
    /// Wire time charged per exchange (a 6-byte frame plus reply at 9600 baud is about 15 ms).
    var exchangeTime: Duration = .milliseconds(15)
    /// Swallows the device's reply (not the echo) to the next frame with this header.
    var dropReplyToHeader: UInt8?

    init(echo: Bool, checksum: CCTalkChecksumMode = .simple8, coinsPerHopper: Int = 50) throws {
        world = try PhysicalWorld(file: nil)
        sim = SimCoinBus(
            configuration: SimCoinBusConfiguration(hoppers: Self.hoppers, echoesHostBytes: echo, checksum: checksum),
            world: world)
        for denomination in Self.hoppers.values { try sim.fillHopper(denomination, coins: coinsPerHopper) }
        driver = CCTalkBusDriver(configuration: try CoinBusConfiguration(
            hoppers: Self.hoppers, busEchoesHostBytes: echo, checksum: checksum == .crc16 ? .crc16 : .simple8))
        events += driver.start(at: now)
    }

    mutating func submit(_ command: CoinBusCommand) {
        events += driver.handle(command, at: now)
    }

    /// Runs until `condition` holds for the events so far; records an issue when `limit` of bus time
    /// passes first.
    mutating func run(
        until condition: ([CoinBusEvent]) -> Bool, limit: Duration = .seconds(10),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let end = now + limit
        while now < end {
            if condition(events) { return }
            step(until: end)
        }
        if !condition(events) { Issue.record("condition not reached in \(limit) of bus time", sourceLocation: sourceLocation) }
    }

    mutating func run(for duration: Duration) {
        let end = now + duration
        while now < end { step(until: end) }
    }

    mutating func runUntilReady(sourceLocation: SourceLocation = #_sourceLocation) {
        run(until: { $0.contains(.ready) }, sourceLocation: sourceLocation)
    }

    private mutating func step(until end: Duration) {
        switch driver.nextStep(at: now) {
        case let .exchange(frame, timeout):
            exchange(frame, timeout: timeout)
        case let .idle(duration):
            now += max(min(duration, end - now), .milliseconds(1))
            _ = sim.tick(at: now)
        case .receive, .send:
            Issue.record("the ccTalk driver only uses exchanges and idling")
            now = end
        }
    }

    private mutating func exchange(_ frame: [UInt8], timeout: Duration) {
        framesSent.append(frame)
        var fromDevice: [UInt8] = []
        for byte in frame { fromDevice += sim.receive([byte], at: now) }
        if let header = dropReplyToHeader, frame.count > 3, frame[3] == header {
            dropReplyToHeader = nil
            // The echo is the host's own bytes on the wire; only the device's answer is lost.
            fromDevice = sim.configuration.echoesHostBytes ? Array(fromDevice.prefix(frame.count)) : []
        }
        now += exchangeTime
        _ = sim.tick(at: now)
        for byte in fromDevice {
            let reaction = driver.received([byte], at: now)
            events += reaction.events
            if reaction.replyComplete { return }
        }
        now += timeout
        events += driver.timedOut(at: now)
        _ = sim.tick(at: now)
    }

    func framesSent(header: UInt8) -> Int {
        framesSent.filter { $0.count > 3 && $0[3] == header }.count
    }

    var credits: [CoinBusEvent] {
        events.filter { if case .coinCredited = $0 { true } else { false } }
    }

    func hasFinished(_ payoutID: String) -> ([CoinBusEvent]) -> Bool {
        { events in
            events.contains {
                switch $0 {
                case let .dispenseFinished(id, _, _), let .dispenseInterrupted(id, _, _, _),
                     let .dispenseRefused(id, _), let .dispenseOutcomeUnknown(id, _):
                    id == payoutID
                default:
                    false
                }
            }
        }
    }
}

@testable import DeviceProtocols
@testable import Devices
@testable import KioskSimCore
import TownCore

/// Reply bytes the far end has sent and the driver has not read yet: a late or duplicated reply stays here
/// and reaches the driver during the next exchange, as it would on a real line.
struct WireToHost {
    var bytes: [UInt8] = []

    /// Feeds bytes ONE AT A TIME until the driver calls the reply complete; a timeout if they run out.
    mutating func deliver(to driver: inout NV200Driver, at now: inout Duration, timeout: Duration)
        -> [NoteValidatorEvent] {
        var events: [NoteValidatorEvent] = []
        now += .milliseconds(5)
        while !bytes.isEmpty {
            let reaction = driver.received([bytes.removeFirst()], at: now)
            events += reaction.events
            if reaction.replyComplete { return events }
        }
        now += timeout
        return events + driver.timedOut(at: now)
    }
}

/// The driver against `ScriptedSlave`: the script decides every reply.
struct DriverScript {
    var driver: NV200Driver
    var slave = ScriptedSlave()
    var now: Duration = .zero
    var events: [NoteValidatorEvent] = []
    var sent: [SentFrame] = []
    var wire = WireToHost()
    let configuration: NV200Configuration

    init(configuration: NV200Configuration = NV200Configuration(), seed: UInt64 = 7) throws {
        self.configuration = configuration
        driver = try NV200Driver(configuration: configuration, random: SeededRandom(seed))
    }

    /// Starts the driver and runs start-up until `.ready`.
    mutating func boot() {
        events += driver.start(at: now)
        for _ in 0..<40 where !events.contains(.ready) { step() }
    }

    /// Performs the next exchange (idling as the driver asks). `transform` can drop, duplicate or
    /// corrupt the reply. Returns the frame the driver wrote.
    @discardableResult
    mutating func step(_ transform: (([UInt8]) -> [UInt8])? = nil) -> SentFrame? {
        for _ in 0..<50 {
            switch driver.nextStep(at: now) {
            case .idle(let duration):
                now += max(duration, .milliseconds(1))
            case .receive(let timeout):
                now += timeout
                events += driver.timedOut(at: now)
                return nil
            case .send:
                return nil
            case .exchange(let frame, let timeout):
                let decoded = slave.decode(frame)
                if let decoded { sent.append(decoded) }
                var reply = slave.answer(frame)
                if let transform { reply = transform(reply) }
                wire.bytes += reply
                events += wire.deliver(to: &driver, at: &now, timeout: timeout)
                return decoded
            }
        }
        return nil
    }

    /// Steps until `predicate` holds for the events so far (at most `limit` exchanges).
    mutating func step(until predicate: ([NoteValidatorEvent]) -> Bool, limit: Int = 60) {
        for _ in 0..<limit where !predicate(events) { step() }
    }

    mutating func submit(_ command: NoteValidatorCommand) {
        events += driver.handle(command, at: now)
    }

    /// Events emitted from `index` on.
    func events(since index: Int) -> [NoteValidatorEvent] { Array(events.dropFirst(index)) }
}

/// The driver and the simulated NV200 back to back in memory with a virtual clock. Every byte crosses
/// one at a time in both directions; the test can drop or duplicate replies by command.
final class BackToBack {
    var driver: NV200Driver
    let device: NV200Simulator
    let world: PhysicalWorld
    var now: Duration = .zero
    var events: [NoteValidatorEvent] = []
    var sent: [SentFrame] = []
    var wire = WireToHost()
    /// Replies to swallow (the device executed the command): which command, how many more.
    var dropReplies: (matches: (SSPCommand?) -> Bool, remaining: Int)?
    /// Frames to swallow before the device sees them: which command, how many more.
    var dropFrames: (matches: (SSPCommand?) -> Bool, remaining: Int)?

    init(driverConfiguration: NV200Configuration = NV200Configuration(),
         deviceConfiguration: NV200SimConfiguration = NV200SimConfiguration(), seed: UInt64 = 11) throws {
        world = try PhysicalWorld(file: nil)
        device = NV200Simulator(world: world, configuration: deviceConfiguration)
        driver = try NV200Driver(configuration: driverConfiguration, random: SeededRandom(seed))
    }

    func boot() {
        events += driver.start(at: now)
        run(until: { $0.contains(.ready) })
    }

    func submit(_ command: NoteValidatorCommand) {
        events += driver.handle(command, at: now)
    }

    /// Runs the pair until `predicate` holds or `limit` of virtual time passes; true when it held.
    @discardableResult
    func run(until predicate: ([NoteValidatorEvent]) -> Bool, limit: Duration = .seconds(60)) -> Bool {
        let end = now + limit
        while now < end {
            if predicate(events) { return true }
            step()
        }
        return predicate(events)
    }

    func run(for duration: Duration) {
        let end = now + duration
        while now < end { step() }
    }

    func step() {
        switch driver.nextStep(at: now) {
        case .idle(let duration):
            advance(by: max(duration, .milliseconds(1)))
        case .receive(let timeout):
            advance(by: timeout)
            events += driver.timedOut(at: now)
        case .send(let bytes):
            for byte in bytes { _ = device.receive([byte], at: now) }
        case .exchange(let frame, let timeout):
            let decoded = decode(frame)
            sent.append(decoded)
            var reply: [UInt8] = []
            if let drop = dropFrames, drop.remaining > 0, drop.matches(decoded.command) {
                dropFrames?.remaining -= 1
            } else {
                for byte in frame { reply += device.receive([byte], at: now) }
            }
            if let drop = dropReplies, drop.remaining > 0, drop.matches(decoded.command) {
                dropReplies?.remaining -= 1
                reply = []
            }
            wire.bytes += reply
            let before = now
            events += wire.deliver(to: &driver, at: &now, timeout: timeout)
            tickDevice(from: before)
        }
    }

    private func advance(by duration: Duration) {
        let start = now
        now += duration
        tickDevice(from: start)
    }

    /// The device's clock runs in 10 ms steps so its timed mechanics happen in order.
    private func tickDevice(from start: Duration) {
        var time = start
        while time < now {
            time = min(time + .milliseconds(10), now)
            _ = device.tick(at: time)
        }
    }

    /// Decodes a frame the driver wrote with the key the driver holds.
    func decode(_ wire: [UInt8]) -> SentFrame {
        var decoder = SSPFrameDecoder()
        guard case .success(let frame)? = decoder.feed(wire).first else {
            return SentFrame(bytes: wire, sequenceFlag: false, encrypted: false, command: nil)
        }
        var data = frame.data
        let encrypted = data.first == ESSPCipher.stex
        if encrypted {
            guard let key = driver.link.session?.key, let opened = try? ESSPCipher.open(data, key: key) else {
                return SentFrame(bytes: wire, sequenceFlag: frame.sequenceFlag, encrypted: true, command: nil)
            }
            data = opened.data
        }
        return SentFrame(bytes: wire, sequenceFlag: frame.sequenceFlag, encrypted: encrypted,
                         command: try? SSPCommand.decode(data))
    }

    func count(_ note: Denomination, at location: CashLocation) -> Int { world.count(note, at: location) }
}

extension Array where Element == NoteValidatorEvent {
    var credits: [Denomination] {
        compactMap { if case .noteCredited(let note, _) = $0 { note } else { nil } }
    }

    func contains(where match: (NoteValidatorEvent) -> Bool, count expected: Int) -> Bool {
        filter(match).count == expected
    }
}

extension Array where Element == SentFrame {
    /// Frames carrying this command code (resends included).
    func with(_ code: UInt8) -> [SentFrame] { filter { $0.command?.code == code } }
}

extension SSPCommand {
    static let payoutCode: UInt8 = 0x33
}

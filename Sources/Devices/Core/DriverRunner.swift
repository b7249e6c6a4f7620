import DeviceIO
import Foundation

/// Runs one driver machine against one transport on a dedicated thread (blocking I/O must not starve the
/// Swift concurrency pool). Waits are `poll(2)` reads with deadlines or a semaphore: nothing spins.
///
/// Commands are handed in through a mailbox from any thread; events go out through `events`, in order.
public final class DriverRunner<Machine: DriverMachine>: @unchecked Sendable {
    public let events: AsyncStream<Machine.Event>
    private let continuation: AsyncStream<Machine.Event>.Continuation
    private let openTransport: @Sendable () throws -> any ByteTransport
    private let trace: (@Sendable (TraceDirection, [UInt8]) -> Void)?
    private let reopenDelay: Duration

    // Safety: `machine` and `transport` are touched only by the runner thread; the mailbox by its lock.
    private var machine: Machine
    private var transport: (any ByteTransport)?
    private let mailbox = Mailbox<Machine.Command>()
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private let stopped = StopFlag()

    public enum TraceDirection: Sendable { case toDevice, fromDevice }

    public init(machine: Machine, reopenDelay: Duration = .seconds(1),
                trace: (@Sendable (TraceDirection, [UInt8]) -> Void)? = nil,
                openTransport: @escaping @Sendable () throws -> any ByteTransport) {
        self.machine = machine
        self.openTransport = openTransport
        self.trace = trace
        self.reopenDelay = reopenDelay
        self.started = clock.now
        (events, continuation) = AsyncStream.makeStream(of: Machine.Event.self)
    }

    /// Starts the runner thread.
    public func start() {
        let thread = Thread { [self] in self.run() }
        thread.name = "driver-\(Machine.self)"
        thread.start()
    }

    /// Hands a command to the machine; safe from any thread.
    public func submit(_ command: Machine.Command) { mailbox.post(command) }

    /// Stops after the current step and closes the transport.
    public func stop() {
        stopped.set()
        mailbox.wake()
    }

    private var now: DriverTime { started.duration(to: clock.now) }

    private func emit(_ events: [Machine.Event]) { for event in events { continuation.yield(event) } }

    private func run() {
        defer {
            try? transport?.close()
            continuation.finish()
        }
        while !stopped.isSet {
            if transport == nil {
                do {
                    transport = try openTransport()
                    emit(machine.start(at: now))
                } catch {
                    emit(machine.transportLost("cannot open: \(error)", at: now))
                    // Commands still reach the machine while the device is away, so it can refuse them at once
                    // (a print job must fail now, not wait for the cable).
                    for command in mailbox.takeAll() { emit(machine.handle(command, at: now)) }
                    mailbox.wait(for: reopenDelay)
                    continue
                }
            }
            for command in mailbox.takeAll() { emit(machine.handle(command, at: now)) }
            do {
                try perform(machine.nextStep(at: now))
            } catch {
                try? transport?.close()
                transport = nil
                emit(machine.transportLost("\(error)", at: now))
                mailbox.wait(for: reopenDelay)
            }
        }
    }

    private func perform(_ step: DriverStep) throws {
        guard let transport else { return }
        switch step {
        case .exchange(let frame, let timeout):
            trace?(.toDevice, frame)
            try transport.write(frame, deadline: clock.now + timeout)
            try readReply(from: transport, deadline: clock.now + timeout)
        case .receive(let timeout):
            try readReply(from: transport, deadline: clock.now + timeout)
        case .send(let bytes):
            trace?(.toDevice, bytes)
            try transport.write(bytes, deadline: clock.now + .seconds(2))
        case .idle(let duration):
            mailbox.wait(for: duration)
        }
    }

    private func readReply(from transport: any ByteTransport, deadline: ContinuousClock.Instant) throws {
        while true {
            let chunk = try transport.read(upTo: 512, deadline: deadline)
            if chunk.isEmpty {
                emit(machine.timedOut(at: now))
                return
            }
            trace?(.fromDevice, chunk)
            let reaction = machine.received(chunk, at: now)
            emit(reaction.events)
            if reaction.replyComplete { return }
        }
    }
}

/// A lock-protected queue with a semaphore, so an idle runner wakes as soon as a command arrives.
final class Mailbox<Item: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Item] = []
    private let signal = DispatchSemaphore(value: 0)

    func post(_ item: Item) {
        lock.lock()
        items.append(item)
        lock.unlock()
        signal.signal()
    }

    func wake() { signal.signal() }

    func takeAll() -> [Item] {
        lock.lock()
        defer { lock.unlock() }
        let taken = items
        items.removeAll()
        return taken
    }

    /// Sleeps until something is posted or `duration` passes.
    func wait(for duration: Duration) {
        lock.lock()
        let pending = !items.isEmpty
        lock.unlock()
        if pending { return }
        let (seconds, attoseconds) = duration.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        _ = signal.wait(timeout: .now() + .nanoseconds(max(0, nanoseconds)))
    }
}

/// Time as a driver sees it: elapsed time on a monotonic clock since its runner started.
/// Pure machines take it as an argument, so tests move time by hand.
public typealias DriverTime = Duration

/// What a driver wants done on the wire next. All device protocols here are host-initiated
/// request/response, so one step at a time is enough and the runner needs no protocol knowledge.
public enum DriverStep: Equatable, Sendable {
    /// Write `frame`, then read until the machine says the reply is complete or `timeout` passes.
    case exchange(frame: [UInt8], timeout: Duration)
    /// Keep reading (a ZVT terminal sends several messages after one command) until complete or `timeout`.
    case receive(timeout: Duration)
    /// Write without expecting a reply (an acknowledgement, print data).
    case send([UInt8])
    /// Nothing to do until a command arrives or `duration` passes (the poll interval).
    case idle(Duration)
}

/// What the machine made of bytes read during an exchange.
public struct DriverReaction<Event: Sendable>: Sendable {
    public var events: [Event]
    /// True when the awaited reply is complete and the runner should ask for the next step.
    public var replyComplete: Bool

    public init(events: [Event] = [], replyComplete: Bool) {
        self.events = events
        self.replyComplete = replyComplete
    }
}

/// A device driver as a pure state machine: commands from the engine and bytes from the device go in,
/// wire steps and device-independent events come out. No I/O, no clocks: `DriverRunner` does those.
public protocol DriverMachine: Sendable {
    associatedtype Command: Sendable
    associatedtype Event: Sendable

    /// Called once before the first step (and again after the transport was reopened).
    mutating func start(at now: DriverTime) -> [Event]
    /// An engine command; the machine queues it and acts on it in a later step.
    mutating func handle(_ command: Command, at now: DriverTime) -> [Event]
    /// The next thing to do on the wire.
    mutating func nextStep(at now: DriverTime) -> DriverStep
    /// Bytes that arrived during an `exchange` or `receive`, in whatever chunks the line delivered them.
    mutating func received(_ bytes: [UInt8], at now: DriverTime) -> DriverReaction<Event>
    /// The awaited reply did not (fully) arrive in time.
    mutating func timedOut(at now: DriverTime) -> [Event]
    /// The transport failed (unplugged adapter, closed socket); the runner will reopen it and call `start`.
    mutating func transportLost(_ reason: String, at now: DriverTime) -> [Event]
}

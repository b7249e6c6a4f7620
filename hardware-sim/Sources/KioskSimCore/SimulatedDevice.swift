/// A simulated device: bytes from the host go in, the device's reply bytes come out. Implementations hold
/// their own decoder (the same codec the driver uses, run in reverse) and move cash in the `PhysicalWorld`.
///
/// Always called under its host's lock, so implementations need no locking of their own.
public protocol SimulatedDevice: AnyObject, SendableMetatype {
    /// Short name for traces and the control API ("nv200", "cctalk", "printer", "zvt").
    var name: String { get }
    /// Consumes bytes from the host (any chunking) and returns what the device sends back, possibly nothing.
    func receive(_ bytes: [UInt8], at now: Duration) -> [UInt8]
    /// Time passes: returns bytes the device sends on its own (a card terminal's status messages), if any.
    func tick(at now: Duration) -> [UInt8]
    /// Power is cut and restored: volatile state is lost; the next conversation reports power-up events.
    func powerCycle()
    /// One line per frame in `bytes` for `kiosk-sim --trace`: the decoded meaning.
    func describe(_ bytes: [UInt8], fromHost: Bool) -> String
    /// The device's status for `GET /state`, as JSON-friendly values.
    func status() -> [String: String]
}

/// Faults that act on the wire, whatever the device: the engine must survive each of them.
public struct WireFaults: Sendable, Equatable {
    /// Swallow the next N replies entirely (the host sees a timeout).
    public var dropReplies = 0
    /// Delay each reply by this much.
    public var replyDelay: Duration = .zero
    /// Flip one bit in the next N replies (the host sees a bad checksum).
    public var corruptReplies = 0

    public init() {}
}

import DeviceIO
import Foundation

/// Serves one simulated device on one byte transport (the master side of a pty, or an accepted TCP
/// connection) on its own thread, applying wire faults and tracing every frame both ways.
public final class SimDeviceHost<Device: SimulatedDevice>: @unchecked Sendable {
    private let lock = NSLock()
    // Safety: `device` and `faults` only under `lock`.
    private let device: Device
    private var faults = WireFaults()
    private let trace: (@Sendable (String) -> Void)?
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var running = true

    public init(device: Device, trace: (@Sendable (String) -> Void)? = nil) {
        self.device = device
        self.trace = trace
        self.started = clock.now
    }

    /// Runs `body` with the device locked: the control API uses this to insert notes, set faults and so on.
    public func withDevice<Result>(_ body: (Device) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(device)
    }

    public func setWireFaults(_ update: (inout WireFaults) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        update(&faults)
    }

    public func stop() {
        lock.lock()
        running = false
        lock.unlock()
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    /// Serves `transport` until it fails or the host is stopped. Blocking: call on a dedicated thread.
    public func serve(_ transport: any ByteTransport, tickInterval: Duration = .milliseconds(20)) {
        while isRunning {
            let bytes: [UInt8]
            do {
                bytes = try transport.read(upTo: 1_024, deadline: clock.now + tickInterval)
            } catch {
                trace?("\(deviceName): transport closed (\(error))")
                return
            }
            let now = started.duration(to: clock.now)
            let (reply, delay) = respond(to: bytes, at: now)
            guard !reply.isEmpty else { continue }
            if delay > .zero { Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18) }
            do {
                try transport.write(reply, deadline: clock.now + .seconds(2))
            } catch {
                trace?("\(deviceName): write failed (\(error))")
                return
            }
        }
    }

    /// Starts `serve` on a new thread.
    public func serveInBackground(_ transport: any ByteTransport) {
        let thread = Thread { [self] in self.serve(transport) }
        thread.name = "sim-\(deviceName)"
        thread.start()
    }

    private var deviceName: String { withDevice { $0.name } }

    private func respond(to bytes: [UInt8], at now: Duration) -> (reply: [UInt8], delay: Duration) {
        lock.lock()
        defer { lock.unlock() }
        if !bytes.isEmpty, let trace {
            trace("\(device.name) ← host  \(Self.hex(bytes))  \(device.describe(bytes, fromHost: true))")
        }
        var reply = bytes.isEmpty ? [] : device.receive(bytes, at: now)
        reply += device.tick(at: now)
        guard !reply.isEmpty else { return ([], .zero) }
        if faults.dropReplies > 0 {
            faults.dropReplies -= 1
            trace?("\(device.name) → host  (reply dropped by fault) \(Self.hex(reply))")
            return ([], .zero)
        }
        if faults.corruptReplies > 0 {
            faults.corruptReplies -= 1
            reply[reply.count - 1] ^= 0x01
        }
        trace?("\(device.name) → host  \(Self.hex(reply))  \(device.describe(reply, fromHost: false))")
        return (reply, faults.replyDelay)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + text : text
        }.joined(separator: " ")
    }
}

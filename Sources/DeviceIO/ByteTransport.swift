/// A byte pipe to a device with deadline-bounded I/O: a serial port, a TCP connection, or the simulator's end
/// of a pty or socket.
/// Drivers depend on this, so tests and the simulator can swap one for the other.
public protocol ByteTransport: Sendable {
    /// The device path, as used in error messages.
    var path: String { get }
    /// Writes every byte or throws; see `FileDescriptorIO.write(_:deadline:)`.
    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(DeviceIOError)
    /// Bytes available (at most `maxCount`) once any arrive; empty when `deadline` passes first.
    func read(upTo maxCount: Int, deadline: ContinuousClock.Instant) throws(DeviceIOError) -> [UInt8]
    /// Idempotent; later reads and writes throw `.closed`.
    func close() throws(DeviceIOError)
}

extension ByteTransport {
    public func write(_ bytes: [UInt8], timeout: Duration = .seconds(2)) throws(DeviceIOError) {
        try write(bytes, deadline: .now + timeout)
    }

    public func read(atMost maxCount: Int, timeout: Duration) throws(DeviceIOError) -> [UInt8] {
        try read(upTo: maxCount, deadline: .now + timeout)
    }

    /// Collects exactly `count` bytes across as many reads as needed, or throws `.readTimedOut`.
    public func read(exactly count: Int, deadline: ContinuousClock.Instant) throws(DeviceIOError) -> [UInt8] {
        var received: [UInt8] = []
        received.reserveCapacity(max(count, 0))
        while received.count < count {
            let chunk = try read(upTo: count - received.count, deadline: deadline)
            if chunk.isEmpty {
                throw .readTimedOut(path: path, received: received.count, expected: count)
            }
            received += chunk
        }
        return received
    }
}

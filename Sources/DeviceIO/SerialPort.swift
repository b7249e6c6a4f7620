import Glibc

/// A serial line (a real `/dev/ttyUSB*`/`/dev/ttyACM*`, a udev alias, or a pty slave from the simulator)
/// in raw mode with the given line settings.
///
/// Sendable because all state sits in an internal descriptor owner that serializes operations under a lock
/// (see `OwnedDescriptor`). Intended use is still one owner per port, i.e. one device runner.
/// The port takes an advisory exclusive `flock`, so a second kioskd (or a second `SerialPort`) cannot
/// drive the same cash device; the lock is released by the kernel on close or crash.
public final class SerialPort: ByteTransport {
    public let path: String
    public let settings: SerialPortSettings
    private let owner: OwnedDescriptor

    /// Opens `path` O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, locks it, applies `settings` in raw mode
    /// and discards anything already buffered.
    public init(path: String, settings: SerialPortSettings) throws(DeviceIOError) {
        let descriptor = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .systemCall("open", path: path, errno: errno) }
        // From here the owner closes the descriptor on every path, including the throws below.
        let owner = OwnedDescriptor(descriptor: descriptor, path: path)
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            throw error == EWOULDBLOCK ? .busy(path: path) : .systemCall("flock", path: path, errno: error)
        }
        try TerminalMode.configureSerial(descriptor: descriptor, path: path, settings: settings)
        self.path = path
        self.settings = settings
        self.owner = owner
    }

    public var isOpen: Bool { owner.isOpen }

    public func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(DeviceIOError) {
        try owner.withIO { io throws(DeviceIOError) in try io.write(bytes, deadline: deadline) }
    }

    public func read(upTo maxCount: Int, deadline: ContinuousClock.Instant) throws(DeviceIOError) -> [UInt8] {
        try owner.withIO { io throws(DeviceIOError) in try io.read(upTo: maxCount, deadline: deadline) }
    }

    /// Drops received-but-unread bytes, e.g. to resynchronise a protocol after a framing error.
    public func discardPendingInput() throws(DeviceIOError) {
        try owner.withIO { io throws(DeviceIOError) in
            guard tcflush(io.descriptor, TCIFLUSH) == 0 else {
                throw .systemCall("tcflush", path: io.path, errno: errno)
            }
        }
    }

    public func close() throws(DeviceIOError) {
        try owner.close()
    }
}

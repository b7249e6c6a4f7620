import CPosixShims
import Glibc

/// The simulator's side of a pseudo-terminal pair. The daemon opens `slavePath` with `SerialPort` exactly as
/// it would open `/dev/ttyUSB0`; the simulator reads and writes the master with the same deadline I/O.
///
/// By default the pair also holds the slave open itself. Without that, the master sees hang-up (EIO) every
/// time the daemon closes the port, and between closes Linux keeps no reader, so a reconnecting daemon would
/// find the simulator's end broken.
public final class PseudoTerminal: ByteTransport {
    /// Path of the slave, e.g. `/dev/pts/3`.
    public let slavePath: String
    /// Names the master in error messages.
    public let path: String
    private let master: OwnedDescriptor
    private let heldSlave: OwnedDescriptor?

    public init(holdSlaveOpen: Bool = true) throws(DeviceIOError) {
        var pathBuffer = [CChar](repeating: 0, count: 128)
        let descriptor = pathBuffer.withUnsafeMutableBufferPointer { buffer in
            CPosixShims_openPseudoTerminal(buffer.baseAddress, buffer.count)
        }
        guard descriptor >= 0 else { throw .systemCall("posix_openpt", path: "/dev/ptmx", errno: errno) }
        let slavePath = String(decoding: pathBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = "pty master of \(slavePath)"
        let master = OwnedDescriptor(descriptor: descriptor, path: path)

        // On Linux, termios calls on a pty master act on the slave's settings: this makes the line raw before
        // the daemon opens it, so nothing the simulator writes early is echoed back or line-edited.
        try TerminalMode.makeRaw(descriptor: descriptor, path: path)

        var heldSlave: OwnedDescriptor?
        if holdSlaveOpen {
            let slave = open(slavePath, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
            guard slave >= 0 else { throw .systemCall("open", path: slavePath, errno: errno) }
            heldSlave = OwnedDescriptor(descriptor: slave, path: slavePath)
        }
        self.slavePath = slavePath
        self.path = path
        self.master = master
        self.heldSlave = heldSlave
    }

    public func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(DeviceIOError) {
        try master.withIO { io throws(DeviceIOError) in try io.write(bytes, deadline: deadline) }
    }

    public func read(upTo maxCount: Int, deadline: ContinuousClock.Instant) throws(DeviceIOError) -> [UInt8] {
        try master.withIO { io throws(DeviceIOError) in try io.read(upTo: maxCount, deadline: deadline) }
    }

    /// Closes the master (the daemon's side then sees hang-up) and the held slave.
    public func close() throws(DeviceIOError) {
        defer { try? heldSlave?.close() }
        try master.close()
    }
}

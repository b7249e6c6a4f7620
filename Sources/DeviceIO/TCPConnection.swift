import Glibc

/// A TCP stream to a networked device (a ZVT card terminal on port 20007), or the simulator's end of one
/// accepted by `TCPListener`. Same deadline I/O as `SerialPort`: reads return what has arrived, or nothing
/// once the deadline passes; a peer that closes or resets shows up as `.disconnected`.
///
/// Sendable because all state sits in an internal descriptor owner that serializes operations under a lock
/// (see `OwnedDescriptor`). Nagle is off (TCP_NODELAY): protocol messages are small and latency matters.
public final class TCPConnection: ByteTransport {
    /// `tcp <host>:<port>` of the peer, for error messages and traces.
    public let path: String
    private let owner: OwnedDescriptor

    /// Resolves `host` (a numeric address or a name), then connects without blocking past `timeout`,
    /// trying each resolved address in turn with whatever time is left. Name resolution itself is not
    /// bounded by `timeout`: configure devices by IP address.
    public init(host: String, port: UInt16, timeout: Duration = .seconds(5)) throws(DeviceIOError) {
        let path = "tcp \(host):\(port)"
        let deadline = ContinuousClock.now + timeout
        var lastError = DeviceIOError.systemCall("connect", path: path, errno: EADDRNOTAVAIL)
        for address in try SocketAddress.resolve(host: host, port: port, path: path) {
            do {
                self.owner = try Self.connect(to: address, deadline: deadline, path: path)
                self.path = path
                return
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// Wraps a descriptor `accept`ed by `TCPListener`; it must already be non-blocking and close-on-exec.
    init(acceptedDescriptor descriptor: Int32, path: String) {
        self.owner = OwnedDescriptor(descriptor: descriptor, path: path, isSocket: true)
        self.path = path
        Self.disableNagle(descriptor)
    }

    public var isOpen: Bool { owner.isOpen }

    public func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(DeviceIOError) {
        try owner.withIO { io throws(DeviceIOError) in try io.write(bytes, deadline: deadline) }
    }

    public func read(upTo maxCount: Int, deadline: ContinuousClock.Instant) throws(DeviceIOError) -> [UInt8] {
        try owner.withIO { io throws(DeviceIOError) in try io.read(upTo: maxCount, deadline: deadline) }
    }

    public func close() throws(DeviceIOError) {
        try owner.close()
    }

    private static func connect(to address: SocketAddress, deadline: ContinuousClock.Instant,
                                path: String) throws(DeviceIOError) -> OwnedDescriptor {
        let descriptor = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                                    | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .systemCall("socket", path: path, errno: errno) }
        // From here the owner closes the descriptor on every path, including the throws below.
        let owner = OwnedDescriptor(descriptor: descriptor, path: path, isSocket: true)
        let result = address.withSockaddr { Glibc.connect(descriptor, $0, $1) }
        if result != 0 {
            let error = errno
            guard error == EINPROGRESS || error == EINTR else { throw .systemCall("connect", path: path, errno: error) }
            // Writable means the handshake finished, successfully or not; SO_ERROR says which.
            let readiness = try owner.withIO { io throws(DeviceIOError) in
                try io.wait(for: Int16(POLLOUT), until: deadline)
            }
            if readiness == .timedOut { throw .systemCall("connect", path: path, errno: ETIMEDOUT) }
            let pending = socketError(descriptor)
            guard pending == 0 else { throw .systemCall("connect", path: path, errno: pending) }
        }
        disableNagle(descriptor)
        return owner
    }

    private static func socketError(_ descriptor: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return errno }
        return value
    }

    /// Best effort: a socket without TCP_NODELAY still works, only with Nagle's extra latency.
    static func disableNagle(_ descriptor: Int32) {
        var on: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }
}

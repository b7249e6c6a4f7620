import Glibc

/// A listening TCP socket on 127.0.0.1 — the simulator's card terminal, or a test's fake device.
/// Loopback only on purpose: nothing off the kiosk PC may talk to the simulator.
///
/// `accept` holds the descriptor owner's lock while it waits, so `close()` from another thread returns once
/// that wait's deadline passes; accept loops therefore use short deadlines (see `OwnedDescriptor`).
public final class TCPListener: Sendable {
    /// The bound port: the one asked for, or the kernel's choice when 0 was asked for.
    public let port: UInt16
    /// `tcp listener 127.0.0.1:<port>`, for error messages.
    public let path: String
    private let owner: OwnedDescriptor

    /// Binds 127.0.0.1:`port` (0 = any free port) with SO_REUSEADDR, so a restarted simulator gets its
    /// port back while old connections sit in TIME_WAIT.
    public init(port: UInt16 = 0, backlog: Int32 = 8) throws(DeviceIOError) {
        let (descriptor, boundPort) = try Self.bindLoopback(port: port, backlog: backlog)
        let path = "tcp listener 127.0.0.1:\(boundPort)"
        self.port = boundPort
        self.path = path
        self.owner = OwnedDescriptor(descriptor: descriptor, path: path, isSocket: true)
    }

    /// Returns a listening descriptor and its port; closes the descriptor itself when a step fails.
    private static func bindLoopback(port: UInt16, backlog: Int32) throws(DeviceIOError) -> (Int32, UInt16) {
        let path = "tcp listener 127.0.0.1:\(port)"
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                                    | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .systemCall("socket", path: path, errno: errno) }
        func fail(_ call: String) -> DeviceIOError {
            let error = errno
            _ = Glibc.close(descriptor)
            return .systemCall(call, path: path, errno: error)
        }
        var on: Int32 = 1
        guard setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw fail("setsockopt")
        }
        guard SocketAddress.loopbackIPv4(port: port).withSockaddr({ bind(descriptor, $0, $1) }) == 0 else {
            throw fail("bind")
        }
        guard listen(descriptor, backlog) == 0 else { throw fail("listen") }
        guard let local = SocketAddress.local(of: descriptor) else { throw fail("getsockname") }
        return (descriptor, local.port)
    }

    /// The next incoming connection, or nil when `deadline` passes first.
    public func accept(deadline: ContinuousClock.Instant) throws(DeviceIOError) -> TCPConnection? {
        let path = self.path
        let accepted: (descriptor: Int32, peer: String)? = try owner.withIO { io throws(DeviceIOError) in
            while true {
                var peer = sockaddr_in()
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                let descriptor = withUnsafeMutableBytes(of: &peer) { raw in
                    Glibc.accept(io.descriptor, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
                }
                if descriptor >= 0 {
                    try Self.makeNonBlockingAndCloseOnExec(descriptor, path: path)
                    return (descriptor, Self.describe(peer))
                }
                let error = errno
                switch error {
                case EINTR, ECONNABORTED:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    if try io.wait(for: Int16(POLLIN), until: deadline) == .timedOut { return nil }
                default:
                    throw .systemCall("accept", path: path, errno: error)
                }
            }
        }
        guard let accepted else { return nil }
        return TCPConnection(acceptedDescriptor: accepted.descriptor,
                             path: "tcp \(accepted.peer) via 127.0.0.1:\(port)")
    }

    /// Stops listening; connections already accepted stay open. Idempotent.
    public func close() throws(DeviceIOError) {
        try owner.close()
    }

    /// Glibc's module hides accept4, so the flags are set right after accept (no fork happens in between
    /// in this process's use of sockets).
    private static func makeNonBlockingAndCloseOnExec(_ descriptor: Int32, path: String) throws(DeviceIOError) {
        let statusFlags = fcntl(descriptor, F_GETFL)
        let descriptorFlags = fcntl(descriptor, F_GETFD)
        guard statusFlags >= 0, descriptorFlags >= 0,
              fcntl(descriptor, F_SETFL, statusFlags | O_NONBLOCK) == 0,
              fcntl(descriptor, F_SETFD, descriptorFlags | FD_CLOEXEC) == 0 else {
            let error = errno
            _ = Glibc.close(descriptor)
            throw .systemCall("fcntl", path: path, errno: error)
        }
    }

    private static func describe(_ peer: sockaddr_in) -> String {
        let address = UInt32(bigEndian: peer.sin_addr.s_addr)
        let octets = [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }
        return octets.joined(separator: ".") + ":" + String(UInt16(bigEndian: peer.sin_port))
    }
}

extension TCPListener {
    /// A loopback port free right now (the kernel's pick for port 0), for tests and benchmarks that start servers.
    public static func freeLoopbackPort() throws(DeviceIOError) -> Int {
        let listener = try TCPListener()
        defer { try? listener.close() }
        return Int(listener.port)
    }
}

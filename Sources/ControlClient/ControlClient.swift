import Foundation
import Glibc

/// A minimal HTTP/1.1 client for kioskd's control socket: one request per connection
/// (`Connection: close`), JSON bodies, blocking I/O bounded by `timeout`. Built on Foundation and Glibc
/// only, so kioskctl can use it without pulling in an HTTP stack.
public struct ControlClient: Sendable {
    public let socketPath: String
    /// Bound on the whole exchange: connect, send, and the complete response.
    public let timeout: Duration

    public init(socketPath: String, timeout: Duration = .seconds(10)) {
        self.socketPath = socketPath
        self.timeout = timeout
    }

    public func get(_ path: String) throws(ControlClientError) -> ControlResponse {
        try send(method: "GET", path: path, body: nil)
    }

    /// POST with a raw JSON body (or none).
    public func post(_ path: String, json: Data? = nil) throws(ControlClientError) -> ControlResponse {
        try send(method: "POST", path: path, body: json ?? Data())
    }

    /// POST with `body` encoded as JSON.
    public func post<Body: Encodable>(_ path: String, body: Body, encoder: JSONEncoder = JSONEncoder())
        throws(ControlClientError) -> ControlResponse
    {
        let data: Data
        do { data = try encoder.encode(body) } catch {
            throw .invalidRequest("the request body could not be encoded as JSON: \(error)")
        }
        return try send(method: "POST", path: path, body: data)
    }

    public func send(method: String, path: String, body: Data?) throws(ControlClientError) -> ControlResponse {
        let request = try Self.requestBytes(method: method, path: path, body: body)
        let address: UnixSocketAddress
        do { address = try UnixSocketAddress(socketPath) } catch { throw .invalidRequest(error.description) }

        let deadline = ContinuousClock.now.advanced(by: timeout)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .socketFailure(socketPath: socketPath, operation: "socket", errno: errno) }
        defer { close(fd) }
        // Bounds a connect that waits on a full backlog, and each send.
        var limit = Self.timeval(timeout)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))

        try connect(fd, to: address)
        try sendAll(request, on: fd)
        return try receiveResponse(on: fd, deadline: deadline)
    }

    /// The request as sent; also what tests compare against.
    static func requestBytes(method: String, path: String, body: Data?) throws(ControlClientError) -> [UInt8] {
        guard !method.isEmpty, method.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw .invalidRequest("expected an HTTP method such as GET or POST, found \(method.debugDescription)")
        }
        guard path.hasPrefix("/"), !path.contains(where: { $0 == " " || $0 == "\r" || $0 == "\n" }) else {
            throw .invalidRequest("expected a request path starting with / and without spaces, found \(path.debugDescription)")
        }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: kioskd\r\nConnection: close\r\nAccept: application/json\r\n"
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + (body.map(Array.init) ?? [])
    }

    private func connect(_ fd: Int32, to address: UnixSocketAddress) throws(ControlClientError) {
        var result: Int32
        repeat {
            result = address.withSockaddr { pointer, length in Glibc.connect(fd, pointer, length) }
        } while result != 0 && errno == EINTR
        guard result != 0 else { return }
        switch errno {
        case ENOENT, ENOTDIR:
            throw .daemonNotRunning(socketPath: socketPath, staleSocketFile: false)
        case ECONNREFUSED:
            throw .daemonNotRunning(socketPath: socketPath, staleSocketFile: true)
        case EACCES, EPERM:
            throw .permissionDenied(socketPath: socketPath, socketGroup: Self.groupName(owningFileAt: socketPath))
        case EAGAIN, EINPROGRESS, ETIMEDOUT:
            throw .timedOut(socketPath: socketPath, after: timeout)
        case let code:
            throw .socketFailure(socketPath: socketPath, operation: "connect", errno: code)
        }
    }

    private func sendAll(_ bytes: [UInt8], on fd: Int32) throws(ControlClientError) {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a daemon that hangs up must not kill kioskctl with SIGPIPE.
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { throw .timedOut(socketPath: socketPath, after: timeout) }
                throw .socketFailure(socketPath: socketPath, operation: "send", errno: code)
            }
            offset += sent
        }
    }

    private func receiveResponse(on fd: Int32, deadline: ContinuousClock.Instant) throws(ControlClientError) -> ControlResponse {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw .timedOut(socketPath: socketPath, after: timeout) }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Self.milliseconds(remaining))
            if ready < 0 {
                if errno == EINTR { continue }
                throw .socketFailure(socketPath: socketPath, operation: "poll", errno: errno)
            }
            if ready == 0 { throw .timedOut(socketPath: socketPath, after: timeout) }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                guard code == ECONNRESET else {
                    throw .socketFailure(socketPath: socketPath, operation: "recv", errno: code)
                }
            }
            let endOfStream = count <= 0
            if count > 0 { received.append(contentsOf: buffer[0..<count]) }
            if case let .complete(response) = try HTTPResponseParser.parse(received, endOfStream: endOfStream) {
                return response
            }
            // parse throws at end of stream when incomplete, so reaching here means more bytes may come.
        }
    }

    /// The name of the group owning the socket file, to tell the user which group to join.
    static func groupName(owningFileAt path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var scratch = [CChar](repeating: 0, count: 4096)
        guard getgrgid_r(info.st_gid, &group, &scratch, scratch.count, &result) == 0, result != nil,
              let name = group.gr_name
        else { return nil }
        return String(cString: name)
    }

    private static func timeval(_ duration: Duration) -> Glibc.timeval {
        let (seconds, attoseconds) = duration.components
        return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1  // round up: never poll for 0 early
        return Int32(clamping: total)
    }
}

import ControlClient
import Foundation
import Glibc

/// Runs blocking socket code on its own thread, so it never ties up the small cooperative pool the
/// servers under test need (this machine has two cores).
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}

struct SocketTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fresh short-named folder (socket paths must fit 107 bytes), removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = "/tmp/ks-" + String(UUID().uuidString.prefix(8)).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Waits until `fd` is readable or `milliseconds` pass.
func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
    var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&poller, 1, milliseconds) > 0
}

/// A datagram socket bound where sd_notify messages should arrive: a path or an `@abstract` name.
final class DatagramReceiver: @unchecked Sendable {
    let fd: Int32
    let address: String

    init(address: String) throws {
        self.address = address
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketTestError("socket failed: errno \(errno)") }
        let bound = try UnixSocketAddress(address).withSockaddr { bind(fd, $0, $1) }
        guard bound == 0 else { throw SocketTestError("bind \(address) failed: errno \(errno)") }
    }

    /// The next datagram as text, or nil after `timeoutMilliseconds`.
    func receive(timeoutMilliseconds: Int32 = 5000) -> String? {
        guard waitReadable(fd, milliseconds: timeoutMilliseconds) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count < 0 ? nil : String(decoding: buffer[0..<count], as: UTF8.self)
    }

    deinit { close(fd) }
}

/// A Unix stream socket that listens but is driven by hand: to play a daemon that never answers or
/// answers garbage.
final class RawUnixListener: @unchecked Sendable {
    let fd: Int32
    let path: String

    init(path: String, listening: Bool = true) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketTestError("socket failed: errno \(errno)") }
        guard try UnixSocketAddress(path).withSockaddr({ bind(fd, $0, $1) }) == 0 else {
            throw SocketTestError("bind \(path) failed: errno \(errno)")
        }
        if listening { guard listen(fd, 8) == 0 else { throw SocketTestError("listen failed: errno \(errno)") } }
    }

    /// Accepts one connection, reads the request head, writes `reply` and closes.
    func answerOnce(with reply: [UInt8]) throws {
        guard waitReadable(fd, milliseconds: 5000) else { throw SocketTestError("no client connected") }
        let client = accept(fd, nil, nil)
        guard client >= 0 else { throw SocketTestError("accept failed: errno \(errno)") }
        defer { close(client) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n"), waitReadable(client, milliseconds: 2000) {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func closeSocket() { close(fd) }
}

/// A plain TCP client on 127.0.0.1 reading raw bytes, for the HTTP servers under test.
final class RawTCPClient: @unchecked Sendable {
    let fd: Int32
    private(set) var received: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketTestError("socket failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw SocketTestError("connect to port \(port) failed: errno \(errno)") }
    }

    func send(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    var text: String { String(decoding: received, as: UTF8.self) }

    /// Reads until `condition` holds on everything received so far, the peer closes, or 5 s pass.
    @discardableResult
    func read(until condition: (String) -> Bool, timeoutMilliseconds: Int = 5000) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(timeoutMilliseconds))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !condition(text) {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero, waitReadable(fd, milliseconds: Int32(remaining / .milliseconds(1)) + 1) else { return false }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return condition(text) }
            received += buffer[0..<count]
        }
        return true
    }

    /// True when the peer closed the connection within the timeout.
    func waitForClose(timeoutMilliseconds: Int32 = 5000) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while waitReadable(fd, milliseconds: timeoutMilliseconds) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return true }
            received += buffer[0..<count]
        }
        return false
    }

    func closeSocket() { close(fd) }
}

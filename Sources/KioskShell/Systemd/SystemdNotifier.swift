import ControlClient
import Foundation
import Glibc

/// Speaks systemd's notify protocol itself (no libsystemd): each call sends one datagram of
/// newline-separated `KEY=VALUE` lines to the `AF_UNIX` socket named by `$NOTIFY_SOCKET`
/// (a path, or `@name` for the abstract namespace). Without `$NOTIFY_SOCKET` every call is a no-op,
/// so kioskd runs the same under systemd, in a terminal and in tests.
public struct SystemdNotifier: Sendable {
    /// Where notifications go; nil when not started by systemd (or not as Type=notify).
    public let socket: UnixSocketAddress?
    /// How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC`, as systemd's documentation advises;
    /// nil when the watchdog is off or `$WATCHDOG_PID` names another process.
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                processID: Int32 = getpid()) throws(SystemdNotifyError) {
        if let value = environment["NOTIFY_SOCKET"], !value.isEmpty {
            guard value.hasPrefix("/") || value.hasPrefix("@") else { throw .unsupportedSocket(value) }
            do { socket = try UnixSocketAddress(value) } catch { throw .invalidSocket(value, error.description) }
        } else {
            socket = nil
        }
        watchdogInterval = try Self.watchdogInterval(environment: environment, processID: processID)
    }

    public var isEnabled: Bool { socket != nil }

    /// Sends the states in one datagram (systemd applies them together).
    public func notify(_ states: [SystemdState]) throws(SystemdNotifyError) {
        guard let socket, !states.isEmpty else { return }
        let message = Array(states.map(\.line).joined(separator: "\n").utf8)
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .sendFailed(socket.text, operation: "socket", errno: errno) }
        defer { close(fd) }
        var sent: Int
        repeat {
            sent = socket.withSockaddr { address, length in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), address, length) }
            }
        } while sent < 0 && errno == EINTR
        guard sent == message.count else {
            throw .sendFailed(socket.text, operation: "sendto", errno: sent < 0 ? errno : EMSGSIZE)
        }
    }

    /// `READY=1`, with a status line when given: the daemon has finished starting up.
    public func ready(status: String? = nil) throws(SystemdNotifyError) {
        try notify([.ready] + (status.map { [.status($0)] } ?? []))
    }

    /// `STATUS=…`: one line `systemctl status` shows.
    public func status(_ text: String) throws(SystemdNotifyError) { try notify([.status(text)]) }

    /// `WATCHDOG=1`: still alive.
    public func watchdog() throws(SystemdNotifyError) { try notify([.watchdog]) }

    /// `STOPPING=1`: shutting down on purpose.
    public func stopping() throws(SystemdNotifyError) { try notify([.stopping]) }

    private static func watchdogInterval(environment: [String: String], processID: Int32) throws(SystemdNotifyError) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], !text.isEmpty else { return nil }
        guard let microseconds = Int64(text), microseconds > 0 else { throw .invalidWatchdog("WATCHDOG_USEC", text) }
        if let pidText = environment["WATCHDOG_PID"], !pidText.isEmpty {
            guard let pid = Int32(pidText) else { throw .invalidWatchdog("WATCHDOG_PID", pidText) }
            if pid != processID { return nil }  // the watchdog is meant for another process
        }
        return .microseconds(microseconds / 2)
    }
}

/// One line of a notification.
public enum SystemdState: Sendable, Equatable {
    case ready
    case status(String)
    case watchdog
    case stopping
    /// Asks for more time than `TimeoutStartSec`/`TimeoutStopSec` from now, e.g. during a long
    /// recovery at boot.
    case extendTimeout(Duration)

    public var line: String {
        switch self {
        case .ready: "READY=1"
        case let .status(text): "STATUS=" + text.map { $0.isNewline ? " " : String($0) }.joined()
        case .watchdog: "WATCHDOG=1"
        case .stopping: "STOPPING=1"
        case let .extendTimeout(duration):
            "EXTEND_TIMEOUT_USEC=\(max(0, duration.components.seconds) * 1_000_000 + max(0, duration.components.attoseconds) / 1_000_000_000_000)"
        }
    }
}

public enum SystemdNotifyError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedSocket(String)
    case invalidSocket(String, String)
    case invalidWatchdog(String, String)
    case sendFailed(String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case let .unsupportedSocket(value):
            return "NOTIFY_SOCKET: expected an absolute socket path or an @abstract name, found \(value.debugDescription)"
        case let .invalidSocket(value, reason):
            return "NOTIFY_SOCKET \(value.debugDescription): \(reason)"
        case let .invalidWatchdog(variable, value):
            return "\(variable): expected a positive integer, found \(value.debugDescription)"
        case let .sendFailed(socket, operation, code):
            return "sd_notify to \(socket): \(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}

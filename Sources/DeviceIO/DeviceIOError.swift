import Glibc

/// Failures of serial, pseudo-terminal and udev I/O. Every case names the device path so a log line
/// alone tells the technician which cable to look at.
public enum DeviceIOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed. `errno` is kept so callers can tell ENOENT (unplugged) from EACCES (permissions).
    case systemCall(String, path: String, errno: Int32)
    /// The other end went away: USB adapter unplugged, tty hung up, or a pty's slave side closed.
    case disconnected(path: String)
    /// Another process (or another `SerialPort` in this one) holds the port's exclusive lock.
    case busy(path: String)
    /// The port or pseudo-terminal was closed by this process before the operation.
    case closed(path: String)
    /// The deadline passed before all bytes were handed to the kernel.
    case writeTimedOut(path: String, written: Int, total: Int)
    /// The deadline passed before `expected` bytes arrived.
    case readTimedOut(path: String, received: Int, expected: Int)
    /// The driver accepted `tcsetattr` but reads back different line settings (POSIX allows partial success).
    case settingsNotApplied(path: String, expected: String, found: String)
    /// A libudev call failed.
    case udev(String, errno: Int32)

    public var description: String {
        switch self {
        case let .systemCall(call, path, code):
            return "\(call)(\(path)) failed: \(Self.errorText(code)) (errno \(code))"
        case let .disconnected(path):
            return "\(path): device disconnected or hung up"
        case let .busy(path):
            return "\(path): already opened exclusively by another process or port"
        case let .closed(path):
            return "\(path): port is closed"
        case let .writeTimedOut(path, written, total):
            return "\(path): write timed out after \(written) of \(total) bytes"
        case let .readTimedOut(path, received, expected):
            return "\(path): read timed out, expected \(expected) bytes, received \(received)"
        case let .settingsNotApplied(path, expected, found):
            return "\(path): line settings not applied, expected \(expected), found \(found)"
        case let .udev(call, code):
            return "udev \(call) failed: \(Self.errorText(code)) (errno \(code))"
        }
    }

    private static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "unknown error" }
        return String(cString: text)
    }
}

/// Why a control request failed, worded for the cashier or technician at the terminal.
public enum ControlClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing at the socket path (ENOENT), or a stale socket file nobody listens on (ECONNREFUSED).
    case daemonNotRunning(socketPath: String, staleSocketFile: Bool)
    /// The socket exists but this user may not connect (EACCES): they must join the socket's group.
    case permissionDenied(socketPath: String, socketGroup: String?)
    /// kioskd accepted the connection but did not answer in time.
    case timedOut(socketPath: String, after: Duration)
    /// The bytes that came back are not an HTTP response kioskd would send.
    case malformedResponse(expected: String, found: String)
    /// The request could not be expressed (bad socket path, request path not starting with "/").
    case invalidRequest(String)
    /// Any other socket failure, with the call and errno that failed.
    case socketFailure(socketPath: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case let .daemonNotRunning(path, stale):
            return stale
                ? "kioskd is not running (nothing listening on \(path); the socket file is left over)"
                : "kioskd is not running (no socket at \(path))"
        case let .permissionDenied(path, group):
            if let group {
                return "permission denied on \(path): join group '\(group)' "
                    + "(sudo usermod -aG \(group) $USER, then log in again)"
            }
            return "permission denied on \(path): ask an administrator to add you to the group that owns it"
        case let .timedOut(path, after):
            return "kioskd did not answer on \(path) within \(Self.format(after))"
        case let .malformedResponse(expected, found):
            return "malformed response from kioskd: expected \(expected), found \(found)"
        case let .invalidRequest(reason):
            return "invalid control request: \(reason)"
        case let .socketFailure(path, operation, code):
            return "control socket \(path): \(operation) failed with errno \(code)"
        }
    }

    private static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}

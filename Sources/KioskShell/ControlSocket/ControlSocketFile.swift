import ControlClient
import Foundation
import Glibc

/// The filesystem side of the control socket: clearing a stale socket file before binding, and
/// setting mode and group right after.
enum ControlSocketFile {
    /// Removes a socket file nobody listens on (left by a crash). Refuses to touch anything that is not
    /// a socket, and refuses to start when another process still answers on it.
    static func removeStale(at path: String) throws(ControlSocketError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw .fileSystem(path: path, operation: "lstat", errno: errno)
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(path: path) }
        let address: UnixSocketAddress
        do { address = try UnixSocketAddress(path) } catch { throw .invalidPath(path: path, reason: error.description) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .fileSystem(path: path, operation: "socket", errno: errno) }
        defer { close(fd) }
        let connected = address.withSockaddr { connect(fd, $0, $1) } == 0
        let connectError = errno
        if connected { throw .alreadyInUse(path: path) }
        guard connectError == ECONNREFUSED else { throw .fileSystem(path: path, operation: "probe connect", errno: connectError) }
        guard unlink(path) == 0 || errno == ENOENT else { throw .fileSystem(path: path, operation: "unlink", errno: errno) }
    }

    /// Creates the socket's folder when missing (the demo's var/kioskd; under systemd, RuntimeDirectory=
    /// has made /run/kioskd already). Traversable by all: the socket's own mode guards access.
    static func createParentDirectory(of path: String) throws(ControlSocketError) {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        } catch {
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
            throw .fileSystem(path: folder, operation: "create folder", errno: code.map(Int32.init) ?? EIO)
        }
    }

    /// Looks a group up by name, so a misspelt group stops kioskd at start rather than at first use.
    static func groupID(named name: String) throws(ControlSocketError) -> gid_t {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var scratch = [CChar](repeating: 0, count: 16 * 1024)
        let status = getgrnam_r(name, &group, &scratch, scratch.count, &result)
        guard status == 0, result != nil else { throw .unknownGroup(name) }
        return group.gr_gid
    }

    /// Group first, then mode: the socket is never reachable by the new group with the wrong mode.
    static func applyPermissions(path: String, mode: UInt32, group: (name: String, id: gid_t)?) throws(ControlSocketError) {
        if let group, chown(path, uid_t.max, group.id) != 0 {  // uid_t.max is (uid_t)-1: owner unchanged
            if errno == EPERM { throw .notInGroup(group.name) }
            throw .fileSystem(path: path, operation: "chown to group \(group.name)", errno: errno)
        }
        guard chmod(path, mode_t(mode)) == 0 else {
            throw .fileSystem(path: path, operation: "chmod \(String(mode, radix: 8))", errno: errno)
        }
    }

    /// Removes our socket at shutdown so kioskctl says "not running" rather than "connection refused".
    static func remove(at path: String) {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK { unlink(path) }
    }
}

public enum ControlSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    case alreadyInUse(path: String)
    case notASocket(path: String)
    case invalidPath(path: String, reason: String)
    case unknownGroup(String)
    /// Only members of a group may hand a file to it (without CAP_CHOWN, which the unit drops).
    case notInGroup(String)
    case fileSystem(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case let .alreadyInUse(path):
            return "control.socket_path: another process (a second kioskd?) is listening on \(path); stop it first"
        case let .notASocket(path):
            return "control.socket_path: expected a socket file or nothing at \(path), found another kind of file; not removing it"
        case let .invalidPath(path, reason):
            return "control.socket_path \(path): \(reason)"
        case let .unknownGroup(name):
            return "control.group: expected a group that exists on this system, found \(name.debugDescription) (create it with groupadd)"
        case let .notInGroup(name):
            return "control.group: kioskd's user must be a member of group \(name.debugDescription) to give it the socket "
                + "(SupplementaryGroups= in kioskd.service)"
        case let .fileSystem(path, operation, code):
            return "control socket \(path): \(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}

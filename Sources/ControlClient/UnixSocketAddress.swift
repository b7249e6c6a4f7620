import Glibc

/// An `AF_UNIX` socket address: a filesystem path, or a Linux abstract-namespace name written with a
/// leading `@` (the form `$NOTIFY_SOCKET` uses). Shared by the control client and the sd_notify sender.
public struct UnixSocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as configured: `/run/kioskd/control.sock` or `@name`.
    public let text: String
    private let pathBytes: [UInt8]

    /// `sun_path` holds 108 bytes on Linux; a path needs one of them for its terminating NUL.
    public static let maximumPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    public init(_ text: String) throws(UnixSocketAddressError) {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes != [UInt8(ascii: "@")] else { throw .empty }
        guard !bytes.contains(0) else { throw .containsNUL(text) }
        if bytes[0] == UInt8(ascii: "@") {
            bytes[0] = 0  // abstract namespace: the name starts with a NUL byte and is not terminated
            guard bytes.count <= Self.maximumPathBytes + 1 else {
                throw .tooLong(text, bytes: bytes.count, limit: Self.maximumPathBytes + 1)
            }
        } else {
            guard bytes.count <= Self.maximumPathBytes else {
                throw .tooLong(text, bytes: bytes.count, limit: Self.maximumPathBytes)
            }
        }
        self.text = text
        self.pathBytes = bytes
    }

    public var isAbstract: Bool { pathBytes.first == 0 }
    public var description: String { text }

    /// Calls `body` with a filled-in `sockaddr_un` and the length to pass to `bind`/`connect`/`sendto`.
    /// Abstract names are exactly as long as their bytes; paths include the terminating NUL.
    public func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Result) rethrows -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)  // the initializer checked that it fits; the rest stays zero
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        let length = pathOffset + pathBytes.count + (isAbstract ? 0 : 1)
        return try withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(length)) }
        }
    }
}

public enum UnixSocketAddressError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case containsNUL(String)
    case tooLong(String, bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .empty:
            return "expected a Unix socket path or an @abstract name, found an empty string"
        case let .containsNUL(text):
            return "expected a Unix socket path without NUL bytes, found \(text.debugDescription)"
        case let .tooLong(text, bytes, limit):
            return "expected a Unix socket path of at most \(limit) bytes, found \(bytes) bytes in \(text)"
        }
    }
}

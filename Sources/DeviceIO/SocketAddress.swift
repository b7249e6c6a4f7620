import Glibc

/// An IPv4 or IPv6 socket address held by value, so it can outlive the `getaddrinfo` list it came from.
struct SocketAddress: Sendable {
    let family: Int32
    private let storage: [UInt8]

    private init(family: Int32, bytes: UnsafeRawBufferPointer) {
        self.family = family
        self.storage = Array(bytes)
    }

    /// 127.0.0.1:`port`.
    static func loopbackIPv4(port: UInt16) -> SocketAddress {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        return withUnsafeBytes(of: &address) { SocketAddress(family: AF_INET, bytes: $0) }
    }

    /// Every TCP address `host` resolves to (numeric addresses need no DNS), in the resolver's order.
    static func resolve(host: String, port: UInt16, path: String) throws(DeviceIOError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            // EAI_* codes are not errnos; EHOSTUNREACH names the outcome a technician needs to hear.
            throw .systemCall("getaddrinfo", path: path, errno: status == EAI_SYSTEM ? errno : EHOSTUNREACH)
        }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node?.pointee {
            if let raw = entry.ai_addr, entry.ai_family == AF_INET || entry.ai_family == AF_INET6 {
                let bytes = UnsafeRawBufferPointer(start: raw, count: Int(entry.ai_addrlen))
                addresses.append(SocketAddress(family: entry.ai_family, bytes: bytes))
            }
            node = entry.ai_next
        }
        return addresses
    }

    /// The port stored in the address (host byte order).
    var port: UInt16 {
        storage.withUnsafeBytes { raw in
            switch family {
            case AF_INET: return UInt16(bigEndian: raw.loadUnaligned(as: sockaddr_in.self).sin_port)
            case AF_INET6: return UInt16(bigEndian: raw.loadUnaligned(as: sockaddr_in6.self).sin6_port)
            default: return 0
            }
        }
    }

    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        storage.withUnsafeBytes { raw in
            // Copy into properly aligned storage: the byte array has no alignment guarantee.
            var aligned = sockaddr_storage()
            return withUnsafeMutableBytes(of: &aligned) { target in
                let count = min(raw.count, target.count)
                UnsafeMutableRawBufferPointer(rebasing: target.prefix(count))
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(count)))
                return body(target.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(count))
            }
        }
    }

    /// The address a bound or connected socket uses locally (how an ephemeral port is learnt).
    static func local(of descriptor: Int32) -> SocketAddress? {
        var aligned = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutableBytes(of: &aligned) { raw in
            getsockname(descriptor, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
        }
        guard result == 0 else { return nil }
        let family = Int32(aligned.ss_family)
        return withUnsafeBytes(of: &aligned) { raw in
            SocketAddress(family: family, bytes: UnsafeRawBufferPointer(rebasing: raw.prefix(Int(length))))
        }
    }
}

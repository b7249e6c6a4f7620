import Glibc

/// Deadline-bounded reads and writes on a non-blocking descriptor, waiting in `poll(2)` (never spinning).
///
/// The one implementation of the read/write/poll loops, shared by `SerialPort`, `PseudoTerminal` and
/// `TCPConnection`. It does not own the descriptor: whoever created it closes it.
public struct FileDescriptorIO: Sendable {
    public let descriptor: Int32
    /// Used only in error messages.
    public let path: String
    /// Sockets are written with `send(MSG_NOSIGNAL)`: a peer that went away must surface as `.disconnected`,
    /// not as a SIGPIPE that kills the whole daemon.
    public let isSocket: Bool

    public init(descriptor: Int32, path: String, isSocket: Bool = false) {
        self.descriptor = descriptor
        self.path = path
        self.isSocket = isSocket
    }

    /// Writes all of `bytes`, waiting for POLLOUT whenever the kernel buffer is full.
    /// Throws `.writeTimedOut` (with how much was written) if `deadline` passes first.
    public func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(DeviceIOError) {
        var written = 0
        while written < bytes.count {
            let (count, error) = bytes.withUnsafeBytes { raw in
                let rest = UnsafeRawBufferPointer(rebasing: raw[written...])
                let result = isSocket
                    ? Glibc.send(descriptor, rest.baseAddress, rest.count, Int32(MSG_NOSIGNAL))
                    : Glibc.write(descriptor, rest.baseAddress, rest.count)
                return (result, errno)
            }
            if count > 0 {
                written += count
                continue
            }
            // count == 0 for a non-empty request means "no room"; treat it like EAGAIN.
            if count < 0 {
                switch error {
                case EINTR:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    break
                case EIO, EPIPE, ECONNRESET:
                    throw .disconnected(path: path)
                default:
                    throw .systemCall("write", path: path, errno: error)
                }
            }
            switch try wait(for: Int16(POLLOUT), until: deadline) {
            case .ready:
                continue
            case .hungUp:
                throw .disconnected(path: path)
            case .timedOut:
                throw .writeTimedOut(path: path, written: written, total: bytes.count)
            }
        }
    }

    /// Returns the bytes available now (at most `maxCount`), waiting until some arrive or `deadline` passes.
    /// Returns an empty array on timeout. Throws `.disconnected` on hang-up or end of file.
    public func read(upTo maxCount: Int, deadline: ContinuousClock.Instant) throws(DeviceIOError) -> [UInt8] {
        guard maxCount > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: maxCount)
        var hungUp = false
        while true {
            let (count, error) = buffer.withUnsafeMutableBytes { raw in
                let result = Glibc.read(descriptor, raw.baseAddress, raw.count)
                return (result, errno)
            }
            if count > 0 {
                buffer.removeSubrange(count...)
                return buffer
            }
            // Terminals are configured with VMIN=1 and sockets are streams, so 0 means end of file (hang-up),
            // never "no data yet".
            if count == 0 {
                throw .disconnected(path: path)
            }
            switch error {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                // poll said hang-up but read has nothing: stop instead of spinning on a dead descriptor.
                if hungUp { throw .disconnected(path: path) }
            case EIO, ECONNRESET, ETIMEDOUT:
                throw .disconnected(path: path)
            default:
                throw .systemCall("read", path: path, errno: error)
            }
            switch try wait(for: Int16(POLLIN), until: deadline) {
            case .ready:
                continue
            case .hungUp:
                hungUp = true
            case .timedOut:
                return []
            }
        }
    }

    enum Readiness: Equatable {
        case ready
        case hungUp
        case timedOut
    }

    /// Blocks in poll(2) until `events` are signalled, the descriptor hangs up, or `deadline` passes.
    func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(DeviceIOError) -> Readiness {
        while true {
            guard let timeout = Self.pollTimeout(until: deadline) else { return .timedOut }
            var request = pollfd(fd: descriptor, events: events, revents: 0)
            let result = poll(&request, 1, timeout)
            let error = errno
            if result > 0 {
                if request.revents & Int16(POLLNVAL) != 0 {
                    throw .systemCall("poll", path: path, errno: EBADF)
                }
                if request.revents & events != 0 { return .ready }
                if request.revents & Int16(POLLHUP | POLLERR) != 0 { return .hungUp }
            } else if result < 0 && error != EINTR {
                throw .systemCall("poll", path: path, errno: error)
            }
            // Timeout, EINTR or a spurious wake-up: the loop recomputes what is left of the deadline.
        }
    }

    /// Milliseconds left until `deadline`, rounded up so poll never wakes before it; nil once it has passed.
    static func pollTimeout(until deadline: ContinuousClock.Instant) -> Int32? {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return nil }
        let (seconds, attoseconds) = remaining.components
        // Cap far-future deadlines at a day per poll: the loop simply polls again, and nothing overflows.
        let cappedSeconds = min(seconds, 86_400)
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let milliseconds = cappedSeconds * 1_000
            + (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        return Int32(clamping: milliseconds)
    }
}

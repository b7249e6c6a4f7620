import Foundation
import Glibc

/// Owns one file descriptor: serializes I/O on it and closes it exactly once.
///
/// `@unchecked Sendable` is sound because `io` is only read or written with `lock` held. The lock is held for
/// the whole of each operation on purpose: `close()` then waits for an in-flight read instead of closing a
/// number the kernel could hand to another file while that read still uses it. The cost is that a read
/// blocks a write on the same port until its deadline; device protocols here are half-duplex request/
/// response, so owners read and write from one task anyway.
final class OwnedDescriptor: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var io: FileDescriptorIO?

    init(descriptor: Int32, path: String, isSocket: Bool = false) {
        self.path = path
        self.io = FileDescriptorIO(descriptor: descriptor, path: path, isSocket: isSocket)
    }

    var isOpen: Bool {
        lock.lock()
        defer { lock.unlock() }
        return io != nil
    }

    func withIO<Result>(
        _ body: (FileDescriptorIO) throws(DeviceIOError) -> Result
    ) throws(DeviceIOError) -> Result {
        lock.lock()
        defer { lock.unlock() }
        guard let io else { throw .closed(path: path) }
        return try body(io)
    }

    /// Idempotent. Linux releases the descriptor even when close(2) reports EINTR, so it is never retried.
    func close() throws(DeviceIOError) {
        lock.lock()
        defer { lock.unlock() }
        guard let io else { return }
        self.io = nil
        if Glibc.close(io.descriptor) != 0 {
            let error = errno
            if error != EINTR { throw .systemCall("close", path: path, errno: error) }
        }
    }

    deinit {
        if let io { _ = Glibc.close(io.descriptor) }
    }
}

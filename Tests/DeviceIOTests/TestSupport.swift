import DeviceIO
import Foundation
import Glibc

/// Reads the line settings of `path` through a descriptor of its own, independent of the code under test.
func independentAttributes(of path: String) throws -> termios {
    let descriptor = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw DeviceIOError.systemCall("open", path: path, errno: errno) }
    defer { close(descriptor) }
    var attributes = termios()
    guard tcgetattr(descriptor, &attributes) == 0 else {
        throw DeviceIOError.systemCall("tcgetattr", path: path, errno: errno)
    }
    return attributes
}

func controlCharacter(_ attributes: termios, _ index: Int32) -> UInt8 {
    var copy = attributes
    return withUnsafeBytes(of: &copy.c_cc) { $0[Int(index)] }
}

/// CPU time consumed by the calling thread; a poll-based wait costs microseconds, a busy loop the whole wait.
func threadCPUTime() -> Duration {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
}

/// Every byte value, with the ones a cooked terminal would eat or translate placed first.
let awkwardBytes: [UInt8] = [0x00, 0x7F, 0xFF, 0x0A, 0x0D, 0x03, 0x04, 0x11, 0x13, 0x1A, 0x1C] + (0...255).map { UInt8($0) }

func pattern(count: Int, seed: UInt8) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ seed }
}

/// Runs blocking work on a dedicated thread (not the Swift concurrency pool, which blocking I/O would starve).
final class BackgroundWork: @unchecked Sendable {
    // Safety: `failure` is written once by the thread before `done` is signalled and read after waiting.
    private let done = DispatchSemaphore(value: 0)
    private var failure: (any Error)?

    init(_ body: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            do { try body() } catch { failure = error }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the work and rethrows its error; throws if it is still running after `limit` seconds.
    func join(limit seconds: Int = 30) throws {
        guard done.wait(timeout: .now() + .seconds(seconds)) == .success else {
            throw DeviceIOError.readTimedOut(path: "background work", received: 0, expected: 1)
        }
        if let failure { throw failure }
    }
}

import Foundation

/// A moved wall clock for child processes started under the test-only LD_PRELOAD shim (Tests/WallClockShim,
/// built as `libWallClockShim.so`): they read real time plus the offset from CLOCK_REALTIME, gettimeofday,
/// time() and so Foundation's `Date()`, while timers, sleeps and monotonic clocks stay real.
/// Changing the offset moves the clock of processes already running within `settleSeconds`.
public final class ShiftedWallClock: @unchecked Sendable {
    /// The variable naming the offset file (WALL_CLOCK_SHIM_OFFSET_FILE_VARIABLE in the shim's header).
    public static let offsetFileVariable = "IRONCASHIER_TEST_WALL_CLOCK_OFFSET_FILE"
    /// The shim re-reads the file at most every 100 ms; after this long every process has the new offset.
    public static let settleSeconds = 0.3

    public let offsetFile: String
    public let libraryPath: String
    private let lock = NSLock()
    private var seconds: Int64 = 0

    /// - Parameter offsetFile: where the offset lives (any writable path; its folder must exist).
    public init(offsetFile: String, offsetSeconds: Int64 = 0) throws {
        libraryPath = try BuiltExecutable.product("libWallClockShim.so")
        self.offsetFile = offsetFile
        try set(offsetSeconds: offsetSeconds)
    }

    public var offsetSeconds: Int64 { lock.withLock { seconds } }

    /// Written to a temporary file and renamed over the old one, so the shim never reads half a number.
    public func set(offsetSeconds: Int64) throws {
        try lock.withLock {
            try Data("\(offsetSeconds)\n".utf8).write(to: URL(fileURLWithPath: offsetFile), options: .atomic)
            seconds = offsetSeconds
        }
    }

    /// Sets the offset and waits until running processes under the shim read it.
    public func move(toOffsetSeconds offsetSeconds: Int64) throws {
        try set(offsetSeconds: offsetSeconds)
        Thread.sleep(forTimeInterval: Self.settleSeconds)
    }

    /// The environment to add to a child process (e.g. `KioskdProcess(restarting:environment:)`).
    public var environment: [String: String] { ["LD_PRELOAD": libraryPath, Self.offsetFileVariable: offsetFile] }
}

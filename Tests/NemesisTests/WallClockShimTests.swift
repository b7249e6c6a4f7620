import Foundation
import Glibc
import Testing
import TestSupport

/// The LD_PRELOAD wall-clock shim the days-offline nemesis runs kioskd under: a real Swift program under it
/// reads the moved time from every wall clock (Foundation's `Date()` included), follows a rewritten offset
/// while running, keeps its arguments, its monotonic clock stays real and every timed wait lasts as long as meant.
@Suite(.serialized) struct WallClockShimTests {
    static let day: Int64 = 86_400

    /// wall-clock-probe under the shim: one JSON sample per line written to its standard input.
    final class Probe {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        private var buffered = Data()

        init(environment: [String: String], arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("wall-clock-probe"))
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            process.standardInput = input
            process.standardOutput = output
            try process.run()
        }

        func sample() throws -> [String: Any] {
            input.fileHandleForWriting.write(Data("sample\n".utf8))
            while !buffered.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw KioskdProcess.Failure(description: "wall-clock-probe ended early") }
                buffered.append(chunk)
            }
            let end = buffered.firstIndex(of: UInt8(ascii: "\n"))!
            let line = buffered[buffered.startIndex..<end]
            buffered = Data(buffered[(end + 1)...])
            return try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        }

        deinit {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    static func realMilliseconds(_ clock: clockid_t) -> Int64 {
        var now = timespec()
        clock_gettime(clock, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }

    static func number(_ sample: [String: Any], _ key: String) -> Int64 { (sample[key] as? NSNumber)?.int64Value ?? .min }

    /// Every wall clock of the sample is real time + `offset` (within 3 s), the monotonic clock is the real one.
    static func expectShifted(_ sample: [String: Any], by offset: Int64) {
        let expected = realMilliseconds(CLOCK_REALTIME) + offset * 1_000
        for key in ["date_ms", "realtime_ms", "realtime_coarse_ms", "gettimeofday_ms"] {
            #expect(abs(number(sample, key) - expected) < 3_000, "\(key) \(number(sample, key)) expected ≈ \(expected) (offset \(offset) s)")
        }
        #expect(abs(number(sample, "time_s") * 1_000 - expected) < 3_000, "time() \(number(sample, "time_s")), expected ≈ \(expected / 1_000)")
        #expect(abs(number(sample, "monotonic_ms") - realMilliseconds(CLOCK_MONOTONIC)) < 3_000, "CLOCK_MONOTONIC must not move")
        // 200 ms waits last 200 ms: Task.sleep's timer is untouched, and the wall-clock deadlines libdispatch
        // (DispatchSemaphore) and condition variables compute from the moved clock are taken back to real time.
        for key in ["slept_ms", "semaphore_wait_ms", "wall_condition_wait_ms", "monotonic_condition_wait_ms"] {
            #expect((200..<3_000).contains(number(sample, key)), "a 200 ms wait (\(key)) took \(number(sample, key)) ms")
        }
    }

    @Test func aSwiftProgramUnderTheShimSeesTheMovedWallClockAndRealTimers() throws {
        let folder = try TemporaryDirectory()
        let clock = try ShiftedWallClock(offsetFile: folder.path("offset"), offsetSeconds: 3 * Self.day)
        let probe = try Probe(environment: clock.environment, arguments: ["--kiosk", "K01", "ünïcode arg"])
        let first = try probe.sample()
        #expect(first["arguments"] as? [String] == ["--kiosk", "K01", "ünïcode arg"], "arguments survive the shim")
        Self.expectShifted(first, by: 3 * Self.day)

        // Moved while it runs, backwards too.
        try clock.move(toOffsetSeconds: -2 * Self.day - 3_600)
        Self.expectShifted(try probe.sample(), by: -2 * Self.day - 3_600)
        try clock.move(toOffsetSeconds: 0)
        Self.expectShifted(try probe.sample(), by: 0)

        // A file that does not parse keeps the last offset; a missing file means no offset.
        try clock.move(toOffsetSeconds: Self.day)
        Self.expectShifted(try probe.sample(), by: Self.day)
        try Data("tomorrow\n".utf8).write(to: URL(fileURLWithPath: clock.offsetFile))
        Thread.sleep(forTimeInterval: ShiftedWallClock.settleSeconds)
        Self.expectShifted(try probe.sample(), by: Self.day)
        try FileManager.default.removeItem(atPath: clock.offsetFile)
        Thread.sleep(forTimeInterval: ShiftedWallClock.settleSeconds)
        Self.expectShifted(try probe.sample(), by: 0)
    }

    @Test func withoutTheShimTheProbeReadsRealTime() throws {
        let probe = try Probe(environment: [:], arguments: [])
        Self.expectShifted(try probe.sample(), by: 0)
    }
}

import Foundation
import Glibc

// For the wall-clock shim's test: for every line on standard input, one JSON line with the wall clock as
// Foundation, clock_gettime (REALTIME and REALTIME_COARSE), gettimeofday and time() see it, CLOCK_MONOTONIC,
// how long a 200 ms Task.sleep really took, and the arguments (libfaketime lost them in Swift programs).

func milliseconds(_ clock: clockid_t) -> Int64 {
    var now = timespec()
    clock_gettime(clock, &now)
    return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
}

func sample() async throws -> [String: Any] {
    let started = ContinuousClock.now
    try await Task.sleep(for: .milliseconds(200))
    let slept = started.duration(to: ContinuousClock.now)
    var timeOfDay = timeval()
    gettimeofday(&timeOfDay, nil)
    return [
        "arguments": Array(CommandLine.arguments.dropFirst()),
        "date_ms": Int64((Date().timeIntervalSince1970 * 1_000).rounded()),
        "realtime_ms": milliseconds(CLOCK_REALTIME),
        "realtime_coarse_ms": milliseconds(CLOCK_REALTIME_COARSE),
        "gettimeofday_ms": Int64(timeOfDay.tv_sec) * 1_000 + Int64(timeOfDay.tv_usec) / 1_000,
        "time_s": Int64(time(nil)),
        "monotonic_ms": milliseconds(CLOCK_MONOTONIC),
        "slept_ms": slept.components.seconds * 1_000 + slept.components.attoseconds / 1_000_000_000_000_000,
    ]
}

while readLine() != nil {
    let line = try JSONSerialization.data(withJSONObject: try await sample(), options: [.sortedKeys])
    FileHandle.standardOutput.write(line + Data("\n".utf8))
}

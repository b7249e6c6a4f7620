import Dispatch
import Foundation
import Glibc

// For the wall-clock shim's test: for every line on standard input, one JSON line with the wall clock as
// Foundation, clock_gettime (REALTIME and REALTIME_COARSE), gettimeofday and time() see it, CLOCK_MONOTONIC,
// how long 200 ms waits really took (Task.sleep, a DispatchSemaphore timeout, condition variables on the
// wall and the monotonic clock), and the arguments (libfaketime lost them in Swift programs).

func milliseconds(_ clock: clockid_t) -> Int64 {
    var now = timespec()
    clock_gettime(clock, &now)
    return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
}

func millisecondsTaken(_ body: () async throws -> Void) async rethrows -> Int64 {
    let started = ContinuousClock.now
    try await body()
    let taken = started.duration(to: ContinuousClock.now).components
    return taken.seconds * 1_000 + taken.attoseconds / 1_000_000_000_000_000
}

/// Waits 200 ms on a condition nobody signals, with the deadline read from `clock` (as NIO's ConditionLock does).
func conditionWait(clock: clockid_t) {
    var attributes = pthread_condattr_t()
    pthread_condattr_init(&attributes)
    pthread_condattr_setclock(&attributes, clock)
    var condition = pthread_cond_t()
    var mutex = pthread_mutex_t()
    pthread_cond_init(&condition, &attributes)
    pthread_mutex_init(&mutex, nil)
    var deadline = timespec()
    clock_gettime(clock, &deadline)
    deadline.tv_nsec += 200_000_000
    if deadline.tv_nsec >= 1_000_000_000 {
        deadline.tv_sec += 1
        deadline.tv_nsec -= 1_000_000_000
    }
    pthread_mutex_lock(&mutex)
    while pthread_cond_timedwait(&condition, &mutex, &deadline) == 0 {}
    pthread_mutex_unlock(&mutex)
    pthread_cond_destroy(&condition)
    pthread_mutex_destroy(&mutex)
    pthread_condattr_destroy(&attributes)
}

func sample() async throws -> [String: Any] {
    let slept = try await millisecondsTaken { try await Task.sleep(for: .milliseconds(200)) }
    let semaphore = await millisecondsTaken { _ = DispatchSemaphore(value: 0).wait(timeout: .now() + .milliseconds(200)) }
    let wallCondition = await millisecondsTaken { conditionWait(clock: CLOCK_REALTIME) }
    let monotonicCondition = await millisecondsTaken { conditionWait(clock: CLOCK_MONOTONIC) }
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
        "slept_ms": slept,
        "semaphore_wait_ms": semaphore,
        "wall_condition_wait_ms": wallCondition,
        "monotonic_condition_wait_ms": monotonicCondition,
    ]
}

while readLine() != nil {
    let line = try JSONSerialization.data(withJSONObject: try await sample(), options: [.sortedKeys])
    FileHandle.standardOutput.write(line + Data("\n".utf8))
}

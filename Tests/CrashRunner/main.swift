import CrashHarness
import Foundation

// `make crash-test`: every scenario at every failpoint, then the power cuts. The last line is the summary;
// the exit status is non-zero when money went missing, a case failed, or nothing was tested.

/// Unbuffered, so a long run shows progress as it goes.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let started = Date()
// CRASH_ONLY=text runs just the cases whose "scenario @ failpoint" contains it (a technician re-checking one).
let full = CrashSuite.full(hitsPerPoint: 3)
let only = ProcessInfo.processInfo.environment["CRASH_ONLY"].flatMap { $0.isEmpty ? nil : $0 }
let suite = only.map { text in
    CrashSuite(cases: full.cases.filter { "\($0.scenario.name) @ \($0.interruption)".contains(text) }, hitsPerPoint: full.hitsPerPoint)
} ?? full
let outcome = suite.run(parallel: 4, log: say)
say("cases not reached (skipped): \(outcome.notReached); failed: \(outcome.failures.count); took \(Int(Date().timeIntervalSince(started))) s")
say(outcome.summaryLine)
exit(outcome.passed ? 0 : 1)

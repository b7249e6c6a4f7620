import CrashHarness
import Foundation

// `make crash-test`: every scenario at every failpoint, then the power cuts. The last line is the summary;
// the exit status is non-zero when money went missing, a case failed, or nothing was tested.

/// Unbuffered, so a long run shows progress as it goes.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let started = Date()
let outcome = CrashSuite.full(hitsPerPoint: 3).run(parallel: 4, log: say)
say("cases not reached (skipped): \(outcome.notReached); failed: \(outcome.failures.count); took \(Int(Date().timeIntervalSince(started))) s")
say(outcome.summaryLine)
exit(outcome.passed ? 0 : 1)

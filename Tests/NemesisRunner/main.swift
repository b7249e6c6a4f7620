import Foundation
import NemesisHarness

// `make nemesis-test`: every sync fault against one town (town-server, kiosk-sim, kioskd), then the audit.
// The last line is the summary; the exit status is non-zero on any duplicate, mismatch or failed scenario.

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let started = Date()
let transactions = ProcessInfo.processInfo.environment["NEMESIS_TRANSACTIONS"].flatMap(Int.init) ?? 12
let outcome = await NemesisSuite(transactions: transactions).run(log: say)
say("failed: \(outcome.failures.count); took \(Int(Date().timeIntervalSince(started))) s")
say(outcome.summaryLine)
exit(outcome.passed ? 0 : 1)

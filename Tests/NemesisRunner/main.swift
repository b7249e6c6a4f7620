import Foundation
import NemesisHarness

// `make nemesis-test`: every sync fault against one town (town-server, kiosk-sim, kioskd), then the audit.
// NEMESIS_TRANSACTIONS sets the transactions while the server is down. The last line is the summary; the exit
// status is non-zero on any duplicate, mismatch or failed scenario.

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let started = Date()
let transactions = ProcessInfo.processInfo.environment["NEMESIS_TRANSACTIONS"].flatMap(Int.init) ?? 12
// NEMESIS_SCENARIOS=serverDown,serverDownForDays runs only those (case names), in the suite's order.
let chosen = ProcessInfo.processInfo.environment["NEMESIS_SCENARIOS"].map { $0.split(separator: ",").map(String.init) }
let scenarios = NemesisScenario.allCases.filter { scenario in chosen.map { $0.contains("\(scenario)") } ?? true }
let outcome = await NemesisSuite(scenarios: scenarios, transactions: transactions).run(log: say)
say("failed: \(outcome.failures.count); took \(Int(Date().timeIntervalSince(started))) s")
say(outcome.summaryLine)
exit(outcome.passed ? 0 : 1)

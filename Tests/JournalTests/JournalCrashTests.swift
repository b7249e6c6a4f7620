import Foundation
import Testing
import TestSupport
@testable import Journal

/// Kills a process that appends to the journal at random moments — the closest a test gets to pulling the
/// plug — and checks after every kill that the journal opens, verifies and has no gap, and that every record
/// the writer reported as committed is there.
@Suite(.serialized) struct JournalCrashTests {
    struct Run {
        let reportedSequences: [Int64]
        let terminationSignal: Int32?
    }

    /// Starts `journal-stress`, optionally kills it after `killAfterMilliseconds`, and collects what it reported.
    func runStress(path: String, killAfterMilliseconds: Int?, environment: [String: String] = [:], count: Int? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("journal-stress"))
        process.arguments = [path, "K01"] + (count.map { [String($0)] } ?? [])
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        if let delay = killAfterMilliseconds {
            usleep(useconds_t(delay * 1_000))
            kill(process.processIdentifier, SIGKILL)
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Only whole lines count: a line cut by the kill was never fully reported.
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return Run(reportedSequences: lines.compactMap { Int64($0) }, terminationSignal: signal)
    }

    @Test func survives200RandomKills() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("crash.sqlite")
        var generator = SystemRandomNumberGenerator()
        var lastSequence: Int64 = 0
        var killsMidWrite = 0
        for round in 1...200 {
            let run = try runStress(path: path, killAfterMilliseconds: Int.random(in: 2...60, using: &generator))
            let journal = try Journal(path: path, kioskID: "K01")
            let summary: JournalSummary
            do {
                summary = try journal.verify()
            } catch {
                Issue.record("round \(round): journal does not verify after SIGKILL: \(error)")
                return
            }
            let reported = run.reportedSequences.last ?? lastSequence
            // Everything reported is durable; at most one more record was committed but not yet reported.
            #expect(summary.lastSequence >= reported, "round \(round): reported \(reported) but journal ends at \(summary.lastSequence)")
            #expect(summary.lastSequence <= max(reported, lastSequence) + 1, "round \(round)")
            #expect(summary.lastSequence >= lastSequence, "round \(round): records disappeared")
            if run.terminationSignal == SIGKILL && !run.reportedSequences.isEmpty { killsMidWrite += 1 }
            lastSequence = summary.lastSequence
        }
        #expect(killsMidWrite >= 100, "most kills should land while records were being written (got \(killsMidWrite))")
        #expect(lastSequence > 200)
    }

    @Test func aCrashJustBeforeCommitLosesOnlyTheUncommittedRecord() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("before.sqlite")
        let run = try runStress(path: path, killAfterMilliseconds: nil,
                                environment: ["IRONCASHIER_FAILPOINTS": "journal.append.before_commit@5:kill"])
        #expect(run.terminationSignal == SIGKILL)
        #expect(run.reportedSequences == [1, 2, 3, 4])
        #expect(try Journal(path: path, kioskID: "K01").verify().lastSequence == 4)
    }

    @Test func aCrashJustAfterCommitKeepsTheRecordTheWriterNeverSaw() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("after.sqlite")
        let run = try runStress(path: path, killAfterMilliseconds: nil,
                                environment: ["IRONCASHIER_FAILPOINTS": "journal.append.after_commit@5:kill"])
        #expect(run.terminationSignal == SIGKILL)
        #expect(run.reportedSequences == [1, 2, 3, 4])
        let journal = try Journal(path: path, kioskID: "K01")
        #expect(try journal.verify().lastSequence == 5)
        #expect(try journal.pendingOutbox().count == 5, "the outbox row committed with the record")
    }

    @Test func failpointsAreInertWithoutTheEnvironmentVariable() throws {
        let dir = try TemporaryDirectory()
        let run = try runStress(path: dir.path("inert.sqlite"), killAfterMilliseconds: nil, count: 10)
        #expect(run.terminationSignal == nil)
        #expect(run.reportedSequences == Array(1...10))
    }
}

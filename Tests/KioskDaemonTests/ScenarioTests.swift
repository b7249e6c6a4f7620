import Foundation
import Testing
import TestSupport

/// Every shipped hardware-sim scenario, played by `kiosk-sim run` against a fresh kiosk-sim and a fresh kioskd
/// set up exactly as `make demo` sets them up (scripts/demo-seed.py, the demo's cash levels).
@Suite(.serialized) struct ScenarioTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenarioFolder = repository.appendingPathComponent("hardware-sim/scenarios")
    static let shipped: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: scenarioFolder.path)) ?? [])
        .filter { $0.hasSuffix(".json") }.sorted()

    struct Outcome {
        let status: Int32
        let output: String
    }

    /// Runs `kiosk-sim ARGUMENTS` to the end and returns its exit status and output.
    static func kioskSim(_ arguments: [String], limit: TimeInterval = 300) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("kiosk-sim"))
        process.arguments = arguments
        let output = try TemporaryDirectory()
        let logPath = output.path("run.log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       output: (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
    }

    /// The demo's seed (obligations, the approved voucher with its PIN verifier, hopper counts) from
    /// scripts/demo-seed.py, written for this simulator's endpoints.
    static func demoSeed(_ sim: KioskSimProcess) throws -> String {
        let folder = try TemporaryDirectory()
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", repository.appendingPathComponent("scripts/demo-seed.py").path,
                            sim.directory.path("endpoints.json"), folder.path("demo"), "8080"]
        try python.run()
        python.waitUntilExit()
        guard python.terminationStatus == 0 else { throw KioskdProcess.Failure(description: "demo-seed.py failed") }
        return try String(contentsOfFile: folder.path("demo/data/seed.json"), encoding: .utf8)
    }

    @Test func atLeastNineScenariosShip() {
        #expect(Self.shipped.count >= 9, "\(Self.shipped)")
    }

    @Test(arguments: shipped) func scenarioPassesAgainstAFreshInstallation(_ file: String) async throws {
        let sim = try KioskSimProcess()
        // The cash `make demo` loads (scripts/demo.sh).
        #expect(try sim.request("POST", "/levels", json: #"{"location": "recycler", "pieces": {"50000": 10, "20000": 10, "100000": 5}}"#).status == 200)
        #expect(try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"100": 50, "200": 50, "500": 50, "1000": 50, "2000": 50, "5000": 50}}"#).status == 200)
        let kioskd = try KioskdProcess(sim: sim, seedJSON: try Self.demoSeed(sim))
        let outcome = try Self.kioskSim(["run", Self.scenarioFolder.appendingPathComponent(file).path,
                                         "--sim", "http://127.0.0.1:\(sim.controlPort)",
                                         "--kioskd", "http://127.0.0.1:\(kioskd.uiPort)"])
        let name = file.replacingOccurrences(of: ".json", with: "")
        #expect(outcome.status == 0 && outcome.output.contains("scenario \(name): PASS"),
                "\(outcome.output)\n--- kioskd log ---\n\(kioskd.logText.suffix(3_000))")
    }

    @Test func aBadScenarioFileNamesTheStepAndKey() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("bad.json")
        let bad = #"{"name": "bad", "description": "typo", "steps": [{"wait_state": {"phase": "idle"}}, {"title": "pay", "kioskd": "POST /api/payments", "bdy": {}}]}"#
        try Data(bad.utf8).write(to: URL(fileURLWithPath: path))
        let outcome = try Self.kioskSim(["run", path, "--sim", "http://127.0.0.1:9", "--kioskd", "http://127.0.0.1:9"])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("step 2 (pay), key \"bdy\": unknown key"), "\(outcome.output)")

        try Data(#"{"name": "bad", "description": "", "steps": [{"expect_sim": {"since": "later", "receipts": 1}}]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let unknownMark = try Self.kioskSim(["run", path])
        #expect(unknownMark.status == 1)
        #expect(unknownMark.output.contains("step 1, key \"expect_sim.since\""), "\(unknownMark.output)")
    }

    @Test func aFailingExpectationSaysWhatDiffered() throws {
        let sim = try KioskSimProcess()
        let folder = try TemporaryDirectory()
        let path = folder.path("fails.json")
        let scenario = #"{"name": "fails", "description": "expects a receipt that is never printed", "steps": [{"sim": "POST /levels", "body": {"location": "hopper", "pieces": {"500": 3}}}, {"expect_sim": {"pieces": {"hopper": {"500": 2}}}, "timeout_ms": 300}]}"#
        try Data(scenario.utf8).write(to: URL(fileURLWithPath: path))
        // No kioskd: the event stream is optional for a scenario that does not use kioskd.
        let outcome = try Self.kioskSim(["run", path, "--sim", "http://127.0.0.1:\(sim.controlPort)", "--kioskd", "http://127.0.0.1:9"])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("scenario fails: FAIL: step 2: ground truth since mark \"start\": hopper pieces of 500 changed by 3, expected 2"),
                "\(outcome.output)")
    }
}

import DeviceIO
import Foundation
import Glibc

/// A kioskd process (by default the one next to this benchmark binary), configured for a running kiosk-sim, with a fresh
/// data folder. The same configuration the end-to-end tests use; the bench cannot link the test target.
final class KioskdLauncher: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let folder: String
    let uiPort: Int
    private let running = Process()
    /// When `run()` was called: the start of "start to ready".
    private(set) var startedAt = ContinuousClock.now

    var pid: Int32 { running.processIdentifier }
    var logTail: String {
        let text = (try? String(contentsOfFile: folder + "/kioskd.log", encoding: .utf8)) ?? ""
        return String(text.suffix(3_000))
    }

    /// - Parameter binary: the kioskd to run; nil means the one next to this benchmark (the same build configuration).
    init(sim: SimulatorProcess, seedJSON: String, binary chosen: String? = nil) throws {
        let binary = try chosen ?? URL(fileURLWithPath: FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .deletingLastPathComponent().appendingPathComponent("kioskd").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Failure(description: "kioskd not found at \(binary); build it (make kiosk-release, or swift build -c release --product kioskd)")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ironcashier-kioskd-\(UUID().uuidString)").path
        let data = folder + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        uiPort = try Self.freePort()
        let endpoints = sim.endpoints
        let config = """
            {
              "kiosk_id": "K01",
              "data_directory": "\(data)",
              "devices": {
                "nv200": { "path": "\(endpoints.nv200)" },
                "cctalk": { "path": "\(endpoints.ccTalk)", "hoppers": { "3": 100, "4": 200, "5": 500, "6": 1000, "7": 2000, "8": 5000 } },
                "printer": { "path": "\(endpoints.printer)", "baud": 9600 },
                "card_terminal": { "host": "127.0.0.1", "port": \(endpoints.zvtPort), "completion_timeout_seconds": 5 }
              },
              "http": { "ui_port": \(uiPort), "bind": "127.0.0.1" },
              "control": { "socket_path": "\(folder)/control.sock", "mode": "0660" },
              "timeouts": { "idle_seconds": 120, "cash_not_taken_seconds": 30 },
              "metrics": { "enabled": true }
            }
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/kioskd.json"))
        try Data(seedJSON.utf8).write(to: URL(fileURLWithPath: data + "/seed.json"))
        running.executableURL = URL(fileURLWithPath: binary)
        running.arguments = ["--config", folder + "/kioskd.json"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "IRONCASHIER_FAILPOINTS")
        running.environment = environment
        _ = FileManager.default.createFile(atPath: folder + "/kioskd.log", contents: nil)
        let log = FileHandle(forWritingAtPath: folder + "/kioskd.log")
        running.standardOutput = log
        running.standardError = log
        startedAt = .now
        try running.run()
    }

    func stop() {
        if running.isRunning {
            running.terminate()
            running.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    struct StartUp {
        /// Until `GET /api/state` first said `in_service: true`.
        var inService: Duration
        /// Until it also named no out-of-service reason (every device answered) and sat idle: a citizen can pay.
        var ready: Duration
    }

    /// Polls `GET /api/state` every 5 ms from the moment the process was started.
    func waitUntilReady(limit: Duration = .seconds(60)) throws -> StartUp {
        let deadline = startedAt + limit
        var inService: Duration?
        var last = ""
        while ContinuousClock.now < deadline {
            guard running.isRunning else { throw Failure(description: "kioskd exited during start-up:\n\(logTail)") }
            if let answer = try? LoopbackHTTP.request("GET", port: uiPort, "/api/state", timeout: .seconds(1)), let state = answer.json {
                last = answer.text
                let elapsed = startedAt.duration(to: .now)
                if state["in_service"] as? Bool == true {
                    inService = inService ?? elapsed
                    if state["out_of_service_reason"] == nil, state["phase"] as? String == "idle" {
                        return StartUp(inService: inService ?? elapsed, ready: elapsed)
                    }
                }
            }
            usleep(5_000)
        }
        throw Failure(description: "kioskd not ready within \(limit); last state \(last.prefix(300)):\n\(logTail)")
    }

    /// Resident memory from /proc/<pid>/status (`VmRSS`, or `RssAnon` for the private part), in MB.
    func residentMegabytes(_ field: String = "VmRSS") throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else {
            throw Failure(description: "/proc/\(pid)/status: expected a \(field) line in kB, found none")
        }
        return kilobytes / 1_024
    }

    /// utime + stime from /proc/<pid>/stat, in seconds.
    func cpuSeconds() throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name (field 2) may hold spaces; fields after the closing parenthesis are plain.
        guard let close = stat.lastIndex(of: ")") else { throw Failure(description: "/proc/\(pid)/stat: expected (comm), found none") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After "(comm)": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw Failure(description: "/proc/\(pid)/stat: expected utime and stime, found \(fields.count) fields")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A free loopback port (the kernel picks it).
    static func freePort() throws -> Int { try TCPListener.freeLoopbackPort() }
}

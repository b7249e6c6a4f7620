import DeviceIO
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc

/// A real kioskd process for end-to-end and crash tests, configured for a running kiosk-sim.
public final class KioskdProcess: @unchecked Sendable {
    public let process = Process()
    public let directory: TemporaryDirectory
    public let uiPort: Int
    public let configPath: String
    public let dataDirectory: String

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Starts kioskd with a fresh data folder; `environment` adds variables (e.g. `IRONCASHIER_FAILPOINTS`).
    /// `uiDirectory` serves the touchscreen's static files (the repository's `ui/`) as a kiosk does;
    /// `syncJSON` adds a `sync` section (see `TownServerProcess.kioskSyncSection`).
    public init(sim: KioskSimProcess, seedJSON: String, environment: [String: String] = [:],
                uiDirectory: String? = nil, syncJSON: String? = nil) throws {
        directory = try TemporaryDirectory()
        uiPort = try Self.freePort()
        dataDirectory = directory.path("data")
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        guard let nv200 = sim.endpoints["nv200"] as? String, let ccTalk = sim.endpoints["cctalk"] as? String,
              let printer = sim.endpoints["printer"] as? String, let zvt = sim.endpoints["zvt_port"] as? Int else {
            throw Failure(description: "kiosk-sim endpoints incomplete: \(sim.endpoints)")
        }
        let config = """
            {
              "kiosk_id": "K01",
              "data_directory": "\(dataDirectory)",
              "devices": {
                "nv200": { "path": "\(nv200)" },
                "cctalk": { "path": "\(ccTalk)", "hoppers": { "3": 100, "4": 200, "5": 500, "6": 1000, "7": 2000, "8": 5000 } },
                "printer": { "path": "\(printer)", "baud": 9600 },
                "card_terminal": { "host": "127.0.0.1", "port": \(zvt), "completion_timeout_seconds": 5 }
              },
              "http": { "ui_port": \(uiPort), "bind": "127.0.0.1"\(uiDirectory.map { #", "ui_directory": "\#($0)""# } ?? "") },
              "control": { "socket_path": "\(directory.path("control.sock"))", "mode": "0660" },
              "timeouts": { "idle_seconds": 120, "cash_not_taken_seconds": 30, "recovery_seconds": 6 },
              "metrics": { "enabled": true }\(syncJSON.map { ",\n  \"sync\": " + $0 } ?? "")
            }
            """
        configPath = directory.path("kioskd.json")
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        try Data(seedJSON.utf8).write(to: URL(fileURLWithPath: dataDirectory + "/seed.json"))

        try launch(environment: environment)
    }

    /// Starts kioskd again on the data, config and ports of `previous` (which must have exited).
    public init(restarting previous: KioskdProcess, environment: [String: String] = [:]) throws {
        directory = previous.directory
        uiPort = previous.uiPort
        configPath = previous.configPath
        dataDirectory = previous.dataDirectory
        try launch(environment: environment)
    }

    private func launch(environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("kioskd"))
        process.arguments = ["--config", configPath]
        process.environment = ProcessInfo.processInfo.environment
            .filter { $0.key != "IRONCASHIER_FAILPOINTS" }
            .merging(environment) { _, new in new }
        let logPath = directory.path("kioskd.log")
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = FileHandle(forWritingAtPath: logPath)
        _ = try? log?.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    public var logText: String { (try? String(contentsOfFile: directory.path("kioskd.log"), encoding: .utf8)) ?? "" }

    /// SIGTERM and wait: the graceful shutdown path.
    public func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGKILL and wait, as a power cut of the PC would end it.
    public func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    public var isRunning: Bool { process.isRunning }

    /// A free loopback port (the kernel picks it).
    public static func freePort() throws -> Int { try TCPListener.freeLoopbackPort() }

    /// One request to kioskd's local API.
    public func request(_ method: String, _ path: String, json: String? = nil, timeout: Double = 10) throws -> HTTPAnswer {
        try HTTPAnswer.fetch(method, "http://127.0.0.1:\(uiPort)\(path)", json: json, timeout: timeout)
    }
}

public struct HTTPAnswer: Sendable {
    public let status: Int
    public let body: Data
    public var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    public var text: String { String(decoding: body, as: UTF8.self) }

    public static func fetch(_ method: String, _ url: String, json: String? = nil, timeout: Double = 10) throws -> HTTPAnswer {
        guard let target = URL(string: url) else { throw KioskdProcess.Failure(description: "bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let done = DispatchSemaphore(value: 0)
        let box = AnswerBox()
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(HTTPAnswer(status: (response as? HTTPURLResponse)?.statusCode ?? -1, body: data ?? Data()), error: error)
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + timeout + 2) == .success else { throw KioskdProcess.Failure(description: "\(method) \(url) timed out") }
        return try box.get()
    }
}

private final class AnswerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var answer: HTTPAnswer?
    private var error: (any Error)?

    func set(_ answer: HTTPAnswer, error: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        self.answer = answer
        self.error = error
    }

    func get() throws -> HTTPAnswer {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw error }
        guard let answer else { throw KioskdProcess.Failure(description: "no HTTP answer") }
        return answer
    }
}

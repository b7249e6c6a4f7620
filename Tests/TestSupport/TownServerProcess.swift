import Foundation
import Glibc

/// A real `town-server serve` process for end-to-end and nemesis tests: its own folder, database and log,
/// one kiosk (K01) and one economics client with fixed test secrets. Restartable on the same port and data.
public final class TownServerProcess: @unchecked Sendable {
    public private(set) var process = Process()
    public let directory: TemporaryDirectory
    public let configPath: String
    public private(set) var port: Int

    public static let kioskSecretHex = String(repeating: "4b", count: 32)
    public static let econSecretHex = String(repeating: "ec", count: 32)

    public var url: String { "http://127.0.0.1:\(port)" }
    public var databasePath: String { directory.path("town.sqlite") }
    public var logPath: String { directory.path("town-server.log") }
    public var logText: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// - Parameters:
    ///   - approverKeysJSON: the `approver_keys` array the server sends kiosks (e.g. `TestApprovers.keyringJSON`).
    ///   - voucherPolicy: K01's `voucher_policy` (`bound_only` or `claim_unbound`).
    public init(approverKeysJSON: String = "[]", voucherPolicy: String = "bound_only", environment: [String: String] = [:]) throws {
        directory = try TemporaryDirectory()
        configPath = directory.path("town-server.json")
        port = 0
        let config = """
            {"listen": {"host": "127.0.0.1", "port": 0}, "database": "\(directory.path("town.sqlite"))",
             "timestamp_window_seconds": 300, "voucher_list_maximum_age_seconds": 86400,
             "kiosks": [{"id": "K01", "secret_hex": "\(Self.kioskSecretHex)", "voucher_policy": "\(voucherPolicy)"}],
             "econ_clients": [{"id": "econ", "secret_hex": "\(Self.econSecretHex)"}],
             "approver_keys": \(approverKeysJSON)}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        try start(environment: environment)
    }

    /// Starts the server (again) on the same database; after the first start on the same port.
    public func start(environment: [String: String] = [:]) throws {
        guard !process.isRunning else { return }
        process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("town-server"))
        process.arguments = ["serve", "--config", configPath, "--port", String(port)]
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "IRONCASHIER_FAILPOINTS" }
            .merging(environment) { _, new in new }
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = FileHandle(forWritingAtPath: logPath)
        let offset = (try? log?.seekToEnd()) ?? 0
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            let fresh = String(text.utf8.dropFirst(Int(offset))) ?? ""
            if let line = fresh.split(separator: "\n").first(where: { $0.hasPrefix("town-server listening on ") }),
               let bound = line.split(separator: ":").last.flatMap({ Int($0) }), bound > 0 {
                port = bound
                return
            }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        stop()
        throw KioskdProcess.Failure(description: "town-server did not start within 20 s; log:\n\(logText.suffix(2_000))")
    }

    /// SIGTERM and wait.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// SIGKILL and wait (the server's machine lost power).
    public func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    public var isRunning: Bool { process.isRunning }

    /// Runs `town-server econ-sim ARGS` against this server and returns its standard output.
    public func econSim(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("town-server"))
        tool.arguments = ["econ-sim"] + arguments + ["--server", url, "--client", "econ", "--secret-hex", Self.econSecretHex]
        let pipe = Pipe()
        tool.standardOutput = pipe
        tool.standardError = pipe
        try tool.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        tool.waitUntilExit()
        return (tool.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The `sync` section for a kioskd config talking to this server as K01.
    public func kioskSyncSection(approverKeysFile: String?, pushSeconds: Int = 1, pullSeconds: Int = 1, maxVoucherAgeSeconds: Int = 3_600) -> String {
        var fields = ["\"server_url\": \"\(url)\"", "\"secret_hex\": \"\(Self.kioskSecretHex)\"",
                      "\"push_interval_seconds\": \(pushSeconds)", "\"pull_interval_seconds\": \(pullSeconds)",
                      "\"max_voucher_age_seconds\": \(maxVoucherAgeSeconds)"]
        if let approverKeysFile { fields.append("\"approver_keys_file\": \"\(approverKeysFile)\"") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    deinit { stop() }
}

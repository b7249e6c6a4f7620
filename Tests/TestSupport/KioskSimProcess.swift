import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `kiosk-sim` process for end-to-end tests: started on ephemeral ports with its own state folder,
/// driven through its HTTP control API, killed when the value goes away.
public final class KioskSimProcess: @unchecked Sendable {
    public let process = Process()
    public let directory: TemporaryDirectory
    public let endpoints: [String: Any]
    public let controlPort: Int

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts kiosk-sim; pass the `directory` of an earlier instance to restart on the same ground truth.
    public init(directory: TemporaryDirectory? = nil, extraArguments: [String] = []) throws {
        self.directory = try directory ?? TemporaryDirectory()
        let directory = self.directory
        let endpointsFile = directory.path("endpoints.json")
        process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("kiosk-sim"))
        try? FileManager.default.removeItem(atPath: endpointsFile)
        process.arguments = ["--state-dir", directory.path("state"), "--control-port", "0", "--zvt-port", "0",
                             "--endpoints-file", endpointsFile] + extraArguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // The endpoints file appears once the control API listens.
        let deadline = Date().addingTimeInterval(20)
        var parsed: [String: Any]?
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: endpointsFile),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                parsed = object
                break
            }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        guard let parsed, let port = parsed["control_port"] as? Int else {
            process.terminate()
            throw StartFailure(description: "kiosk-sim did not write its endpoints within 20 s")
        }
        endpoints = parsed
        controlPort = port
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Sends SIGKILL, as a power cut of the PC would end it.
    public func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    public typealias HTTPResult = HTTPAnswer

    /// One request to the control API, synchronously.
    public func request(_ method: String, _ path: String, json: String? = nil) throws -> HTTPResult {
        try HTTPAnswer.fetch(method, "http://127.0.0.1:\(controlPort)\(path)", json: json)
    }
}

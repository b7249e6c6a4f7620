import Foundation

/// A kiosk-sim process next to this benchmark binary, on free ports, in a scratch state folder.
final class SimulatorProcess: @unchecked Sendable {
    struct Endpoints: Decodable {
        let nv200: String
        let ccTalk: String
        let printer: String
        let zvtPort: Int
        let controlPort: Int

        enum CodingKeys: String, CodingKey {
            case nv200, printer
            case ccTalk = "cctalk"
            case zvtPort = "zvt_port"
            case controlPort = "control_port"
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    let folder: String
    let endpoints: Endpoints
    private let running: Process

    private init(running: Process, folder: String, endpoints: Endpoints) {
        self.running = running
        self.folder = folder
        self.endpoints = endpoints
    }

    static func start() throws -> SimulatorProcess {
        let binary = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .deletingLastPathComponent().appendingPathComponent("kiosk-sim").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Failure(description: "kiosk-sim not found at \(binary); build it with the same configuration (swift build -c release --product kiosk-sim)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ironcashier-sim-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let endpointsFile = folder + "/endpoints.json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--state-dir", folder + "/state", "--control-port", "0", "--zvt-port", "0", "--endpoints-file", endpointsFile]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        for _ in 0..<500 {
            if let data = FileManager.default.contents(atPath: endpointsFile),
               let endpoints = try? JSONDecoder().decode(Endpoints.self, from: data) {
                return SimulatorProcess(running: process, folder: folder, endpoints: endpoints)
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.terminate()
        throw Failure(description: "kiosk-sim did not report its endpoints within 10 s")
    }

    func stop() {
        running.terminate()
        running.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }
}

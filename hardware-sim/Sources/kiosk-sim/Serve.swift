import ArgumentParser
import Foundation
import Hummingbird
import KioskSimCore

/// `kiosk-sim serve` (the default): the kiosk's devices in software, speaking their real protocols on
/// pseudo-terminals and TCP, with an HTTP control API on loopback for technicians and tests.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the simulated devices and the control API (the default subcommand)."
    )

    @Option(help: "Folder for the persisted physical ground truth.") var stateDir = "var/sim"
    @Option(help: "Loopback port of the HTTP control API (0 picks a free one).") var controlPort = 8089
    @Option(help: "Write the device paths and ports as JSON to this file (for kioskd's config).") var endpointsFile: String?
    @Option(help: "TCP port of the simulated ZVT card terminal (0 picks a free one).") var zvtPort = 20_007
    @Flag(help: "Print every frame both ways, hex and decoded.") var trace = false

    func validate() throws {
        guard (0...65_535).contains(controlPort) else { throw ValidationError("--control-port must be 0…65535, found \(controlPort)") }
        guard (0...65_535).contains(zvtPort) else { throw ValidationError("--zvt-port must be 0…65535, found \(zvtPort)") }
    }

    func run() async throws {
        let printTrace: @Sendable (String) -> Void = { line in Console.line(line) }
        let rig = try SimulatorRig(SimulatorRig.Configuration(
            stateDirectory: URL(fileURLWithPath: stateDir),
            trace: trace ? printTrace : nil,
            zvtPort: UInt16(zvtPort)
        ))
        rig.start()
        let endpointsFile = self.endpointsFile
        let app = Application(
            router: ControlAPI.router(rig: rig),
            configuration: .init(address: .hostname("127.0.0.1", port: controlPort), serverName: "kiosk-sim"),
            onServerRunning: { channel in
                var endpoints = rig.endpoints
                endpoints.controlPort = channel.localAddress?.port
                announce(endpoints, to: endpointsFile)
            }
        )
        try await app.runService()
        rig.stop()
    }
}

/// Prints where everything is and, when asked, writes it as JSON for kioskd's config.
func announce(_ endpoints: SimulatorEndpoints, to file: String?) {
    Console.line("kiosk-sim ready")
    Console.line("  NV200 + Smart Payout (SSP/eSSP, 9600 8N2): \(endpoints.nv200)")
    Console.line("  ccTalk bus (coin acceptor + hoppers, 9600 8N1): \(endpoints.ccTalk)")
    Console.line("  printer (ESC/POS, 9600 8N1): \(endpoints.printer)")
    Console.line("  card terminal (ZVT over TCP): 127.0.0.1:\(endpoints.zvtPort)")
    if let port = endpoints.controlPort { Console.line("  control API: http://127.0.0.1:\(port)/state") }
    guard let file else { return }
    do {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(endpoints).write(to: URL(fileURLWithPath: file), options: .atomic)
    } catch {
        Console.line("kiosk-sim: cannot write \(file): \(error)")
    }
}

/// Unbuffered line output, so a supervising script sees each line as it happens even through a pipe.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

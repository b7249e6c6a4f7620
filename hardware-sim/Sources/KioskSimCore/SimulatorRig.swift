import DeviceIO
import Foundation
import TownCore

/// Where the daemon finds the simulated devices: pty slave paths and TCP ports. Written to a file so that a
/// daemon's config (or a test) can pick them up.
public struct SimulatorEndpoints: Codable, Sendable, Equatable {
    /// NV200 note validator + Smart Payout (SSP/eSSP), 9600 8N2.
    public var nv200: String
    /// ccTalk bus (coin acceptor + hoppers), 9600 8N1.
    public var ccTalk: String
    /// ESC/POS receipt printer, 9600 8N1.
    public var printer: String
    /// ZVT card terminal on 127.0.0.1.
    public var zvtPort: Int
    public var controlPort: Int?

    enum CodingKeys: String, CodingKey {
        case nv200
        case ccTalk = "cctalk"
        case printer
        case zvtPort = "zvt_port"
        case controlPort = "control_port"
    }
}

/// Every simulated device of one kiosk, their transports and the shared physical ground truth.
/// The composition the `kiosk-sim` executable and the end-to-end tests both use.
public final class SimulatorRig: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Folder for the persisted ground truth; nil keeps everything in memory (tests).
        public var stateDirectory: URL?
        /// Prints every frame both ways, hex and decoded, when set.
        public var trace: (@Sendable (String) -> Void)?
        /// TCP port of the card terminal on 127.0.0.1 (0 picks a free one; ZVT's usual port is 20007).
        public var zvtPort: UInt16
        /// ccTalk hopper addresses and the coin each one pays.
        public var hoppers: [UInt8: Denomination]

        public static let standardHoppers: [UInt8: Denomination] = [3: .coin1, 4: .coin2, 5: .coin5, 6: .coin10, 7: .coin20, 8: .coin50]

        public init(stateDirectory: URL? = nil, trace: (@Sendable (String) -> Void)? = nil, zvtPort: UInt16 = 20_007,
                    hoppers: [UInt8: Denomination] = Configuration.standardHoppers) {
            self.stateDirectory = stateDirectory
            self.trace = trace
            self.zvtPort = zvtPort
            self.hoppers = hoppers
        }
    }

    public let world: PhysicalWorld
    public let noteValidator: SimDeviceHost<NV200Simulator>
    public let printer: SimDeviceHost<SimulatedReceiptPrinter>
    public let coinBus: SimDeviceHost<SimCoinBus>
    public let cardTerminal: SimDeviceHost<SimulatedZVTTerminal>
    private let noteValidatorLine: PseudoTerminal
    private let printerLine: PseudoTerminal
    private let coinBusLine: PseudoTerminal
    private let cardListener: TCPListener
    private let stopped = StopFlag()

    public init(_ configuration: Configuration) throws {
        if let directory = configuration.stateDirectory {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        world = try PhysicalWorld(file: configuration.stateDirectory?.appendingPathComponent("ground-truth.json"))
        noteValidator = SimDeviceHost(device: NV200Simulator(world: world), trace: configuration.trace)
        noteValidatorLine = try PseudoTerminal()
        printer = SimDeviceHost(device: SimulatedReceiptPrinter(), trace: configuration.trace)
        printerLine = try PseudoTerminal()
        coinBus = SimDeviceHost(device: SimCoinBus(configuration: SimCoinBusConfiguration(hoppers: configuration.hoppers), world: world),
                                trace: configuration.trace)
        coinBusLine = try PseudoTerminal()
        cardTerminal = SimDeviceHost(device: try SimulatedZVTTerminal(), trace: configuration.trace)
        cardListener = try TCPListener(port: configuration.zvtPort)
    }

    /// Starts serving every device on its own thread.
    public func start() {
        noteValidator.serveInBackground(noteValidatorLine)
        printer.serveInBackground(printerLine)
        coinBus.serveInBackground(coinBusLine)
        // One card connection at a time, like a real terminal; the next is accepted when it closes.
        let listener = cardListener
        let host = cardTerminal
        let stopped = stopped
        let acceptor = Thread {
            while !stopped.isSet {
                guard let connection = try? listener.accept(deadline: .now + .milliseconds(200)) else { continue }
                host.serve(connection)
            }
        }
        acceptor.name = "sim-zvt-acceptor"
        acceptor.start()
    }

    public var endpoints: SimulatorEndpoints {
        SimulatorEndpoints(nv200: noteValidatorLine.slavePath, ccTalk: coinBusLine.slavePath, printer: printerLine.slavePath, zvtPort: Int(cardListener.port),
                           controlPort: nil)
    }

    /// A power cut and restore: every device loses its volatile state and reports power-up events next.
    /// Physical pieces stay where they are (the ground truth is persisted on every move).
    public func powerCut() {
        noteValidator.withDevice { $0.powerCycle() }
        printer.withDevice { $0.powerCycle() }
        coinBus.withDevice { $0.powerCycle() }
        cardTerminal.withDevice { $0.powerCycle() }
    }

    public static let deviceNames = ["cctalk", "nv200", "printer", "zvt"]

    /// Device statuses by name, for `GET /state`.
    public func deviceStatuses() -> [String: [String: String]] {
        ["nv200": noteValidator.withDevice { $0.status() },
         "printer": printer.withDevice { $0.status() },
         "cctalk": coinBus.withDevice { $0.status() },
         "zvt": cardTerminal.withDevice { $0.status() }]
    }

    /// Applies a wire fault to the named device.
    public func setWireFaults(device: String, _ update: (inout WireFaults) -> Void) throws {
        switch device {
        case "nv200": noteValidator.setWireFaults(update)
        case "printer": printer.setWireFaults(update)
        case "cctalk": coinBus.setWireFaults(update)
        case "zvt": cardTerminal.setWireFaults(update)
        default: throw RigError.unknownDevice(device, known: Self.deviceNames)
        }
    }

    /// The citizen takes everything in the payout tray (notes and coins); returns what was taken.
    @discardableResult
    public func takeTray() throws -> [Denomination: Int] {
        try world.moveAll(from: .payoutTray, to: .customer)
    }

    public func stop() {
        stopped.set()
        noteValidator.stop()
        printer.stop()
        coinBus.stop()
        cardTerminal.stop()
        try? noteValidatorLine.close()
        try? printerLine.close()
        try? coinBusLine.close()
        try? cardListener.close()
    }
}

public enum RigError: Error, CustomStringConvertible, Equatable {
    case unknownDevice(String, known: [String])
    case unknownFault(device: String, fault: String, known: [String])
    case invalid(String)

    public var description: String {
        switch self {
        case .unknownDevice(let name, let known):
            "unknown device \"\(name)\": expected one of \(known.joined(separator: ", "))"
        case .unknownFault(let device, let fault, let known):
            "unknown fault \"\(fault)\" for \(device): expected one of \(known.joined(separator: ", "))"
        case .invalid(let reason): reason
        }
    }
}

import DeviceIO
import Devices
import Engine
import KioskShell
import Synchronization

/// The four real drivers, each a `DriverRunner` on its own thread, built from kioskd's config.
/// A serial line configured by USB identity is looked up again on every (re)open, so a re-plugged
/// adapter on a new /dev node is found.
public final class DriverGateway: DeviceGateway {
    private let noteValidator: DriverRunner<NV200Driver>
    private let coinBus: DriverRunner<CCTalkBusDriver>
    private let printer: DriverRunner<ESCPOSPrinterDriver>
    private let cardTerminal: DriverRunner<ZVTTerminalDriver>
    private let pumps = Mutex<[Task<Void, Never>]>([])

    public init(_ devices: KioskConfig.Devices, printerConfiguration: PrinterConfiguration? = nil,
                cardConfiguration: ZVTTerminalConfiguration? = nil) throws {
        let validatorLine = devices.noteValidator
        var validatorSettings = NV200Configuration()
        // A batch is acknowledged only once its events are journaled, so a crash in between cannot lose a credit.
        validatorSettings.acknowledgeWhenJournaled = true
        noteValidator = DriverRunner(machine: try NV200Driver(configuration: validatorSettings)) {
            try SerialPort(path: try DriverGateway.resolve(validatorLine), settings: NV200Driver.serialPortSettings)
        }
        let busLine = devices.coinBus.location
        let busConfiguration = try CoinBusConfiguration(hoppers: devices.coinBus.hoppers, busEchoesHostBytes: devices.coinBus.echo)
        coinBus = DriverRunner(machine: CCTalkBusDriver(configuration: busConfiguration)) {
            try SerialPort(path: try DriverGateway.resolve(busLine), settings: .ccTalk)
        }
        var printing = printerConfiguration ?? PrinterConfiguration()
        printing.serial = try SerialPortSettings(baudRate: devices.printer.baud)
        let printerLine = devices.printer.location
        let printerSerial = printing.serial
        printer = DriverRunner(machine: ESCPOSPrinterDriver(configuration: printing)) {
            try SerialPort(path: try DriverGateway.resolve(printerLine), settings: printerSerial)
        }
        let host = devices.cardTerminal.host
        let port = UInt16(clamping: devices.cardTerminal.port)
        let card = cardConfiguration
            ?? ZVTTerminalConfiguration(completionTimeout: .seconds(devices.cardTerminal.completionTimeoutSeconds))
        cardTerminal = DriverRunner(machine: try ZVTTerminalDriver(configuration: card)) {
            try TCPConnection(host: host, port: port, timeout: .seconds(2))
        }
    }

    /// The device path for a configured location: a USB match first, the explicit path as fallback.
    static func resolve(_ location: KioskConfig.SerialDeviceLocation) throws -> String {
        let selector = DeviceSelector(usbID: location.udev.map { USBDeviceID(vendor: $0.vendor, product: $0.product) },
                                      serialNumber: location.udev?.serial, explicitPath: location.path)
        let candidates = location.udev == nil ? [] : try UdevDiscovery().serialDevices()
        return try DeviceMatcher.select(selector, among: candidates).path
    }

    public func start(deliver: @escaping @Sendable (EngineInput) async -> Void) {
        noteValidator.start()
        coinBus.start()
        printer.start()
        cardTerminal.start()
        let (notes, coins, printing, card) = (noteValidator.events, coinBus.events, printer.events, cardTerminal.events)
        let tasks = [
            Task { for await event in notes { await deliver(.noteValidator(event)) } },
            Task { for await event in coins { await deliver(.coinBus(event)) } },
            Task { for await event in printing { await deliver(.printer(event)) } },
            Task { for await event in card { await deliver(.cardTerminal(event)) } },
        ]
        pumps.withLock { $0 = tasks }
    }

    public func send(_ command: DeviceCommand) {
        switch command {
        case .noteValidator(let command): noteValidator.submit(command)
        case .coinBus(let command): coinBus.submit(command)
        case .printer(let command): printer.submit(command)
        case .cardTerminal(let command): cardTerminal.submit(command)
        }
    }

    public func stop() {
        noteValidator.stop()
        coinBus.stop()
        printer.stop()
        cardTerminal.stop()
        for task in pumps.withLock({ $0 }) { task.cancel() }
    }
}

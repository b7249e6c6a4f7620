import Engine
import Foundation
import Hummingbird
import Journal
import KioskDaemon
import KioskShell
import Logging
import ServiceLifecycle

// kioskd's composition root: options, config, the parts, one ServiceGroup. Everything else is KioskDaemon.

struct Options {
    var configPath: String
    var seedPath: String?

    static func parse(_ arguments: [String]) throws -> Options {
        var config: String?
        var seed: String?
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--config": config = rest.popFirst()
            case "--seed": seed = rest.popFirst()
            case "-h", "--help":
                print("usage: kioskd --config PATH [--seed PATH]")
                exit(0)
            default: throw StartupError(description: "unknown argument \(argument); usage: kioskd --config PATH [--seed PATH]")
            }
        }
        guard let config else { throw StartupError(description: "expected --config PATH") }
        return Options(configPath: config, seedPath: seed)
    }
}

struct StartupError: Error, CustomStringConvertible { let description: String }

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = ProcessInfo.processInfo.environment["KIOSKD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return handler
}
let logger = Logger(label: "kioskd")
nonisolated(unsafe) var runningHost: EngineHost?

do {
    let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    let config = try KioskConfig.load(fromFile: options.configPath)
    try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
    let seed = try SeedFile.load(path: options.seedPath ?? config.dataDirectory + "/seed.json")

    var engineConfiguration = EngineConfiguration(
        kiosk: config.kioskID, officeName: seed.officeName, officeID: seed.officeID, inactivityTimeout: config.timeouts.idle,
        recoveryDeadline: config.timeouts.recovery)
    if let sync = config.sync { engineConfiguration.unboundVouchers = SyncWiring.unboundPolicy(sync) }
    let journal = try Journal(path: config.journalDatabasePath, kioskID: config.kioskID.value)
    let metrics = try DaemonMetrics()
    let broadcaster = UIBroadcaster()
    let devices = try DriverGateway(config.devices)
    let host = EngineHost(configuration: engineConfiguration, journal: journal, devices: devices,
                          broadcaster: broadcaster, metrics: config.metrics.enabled ? metrics : nil,
                          logger: Logger(label: "kioskd.engine"))
    runningHost = host
    // With `sync`, the agent's cached lists (offline start) replace the seed's, and it claims unbound vouchers.
    var startData = seed.updates
    var syncAgent: SyncAgent?
    if let sync = config.sync {
        let agent = try SyncWiring.makeAgent(config: config, sync: sync, sink: host, metrics: config.metrics.enabled ? metrics : nil)
        startData = SyncWiring.startData(seed: seed.updates, cached: await agent.cachedUpdates(), stale: await agent.status().voucherListStale)
        await host.useClaimer(agent)
        syncAgent = agent
    }
    let notifier = try SystemdNotifier()

    let ui = Application(
        router: LocalAPI.router(host: host, broadcaster: broadcaster, metrics: config.metrics.enabled ? metrics : nil,
                                uiDirectory: config.http.uiDirectory),
        configuration: .init(address: .hostname(config.http.bind, port: config.http.uiPort), serverName: "kioskd"),
        logger: Logger(label: "kioskd.http"))
    var syncStatus: (@Sendable () async -> SyncStatus)?
    if let agent = syncAgent { syncStatus = { await agent.status() } }
    let control = ControlSocketServer(router: ControlAPI.router(host: host, syncStatus: syncStatus), settings: .init(config.control),
                                      logger: Logger(label: "kioskd.control"))
    let syncServices: [ServiceGroupConfiguration.ServiceConfiguration] = syncAgent.map { [.init(service: $0)] } ?? []
    let group = ServiceGroup(configuration: .init(
        services: syncServices + [
            .init(service: SystemdWatchdogService(notifier: notifier, logger: logger, isHealthy: { await host.ping() })),
            .init(service: EngineService(host: host, data: startData, notifier: notifier, logger: logger)),
            .init(service: ui),
            .init(service: control),
        ],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
    logger.info("kioskd starting", metadata: ["kiosk.id": "\(config.kioskID.value)", "http.port": "\(config.http.uiPort)"])
    try await group.run()
} catch {
    logger.critical("kioskd cannot run", metadata: ["error": "\(error)"])
    if let host = runningHost {
        // Fail closed before exiting: no note taken, no coin paid while nobody is in charge.
        await host.failClosed(reason: "kioskd stopping on error: \(error)")
        try? await Task.sleep(for: .milliseconds(500))
        await host.stop()
    }
    exit(1)
}

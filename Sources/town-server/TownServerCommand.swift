import ArgumentParser
import Foundation
import Logging
import TownServer

struct TownServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "town-server",
        abstract: "The town server: kiosk sync v1 and the economics-system endpoint.",
        subcommands: [Serve.self, EconSim.self],
        defaultSubcommand: Serve.self)
}

extension TownServerCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the server with one JSON config file (validated at start).")

        @Option(name: .long, help: "Path of the server's JSON config.")
        var config: String

        @Option(name: .long, help: "Listen on this port instead of the config's (0 = any free port).")
        var port: Int?

        func run() async throws {
            let settings: ServerConfig
            do {
                settings = try ServerConfig.load(path: config)
            } catch {
                FileHandle.standardError.write(Data("town-server: \(error)\n".utf8))
                throw ExitCode(78)  // EX_CONFIG
            }
            var logger = Logger(label: "town-server")
            logger.logLevel = .info
            let store = try ServerStore(config: settings, clock: ServerClock.wall)
            let app = TownServerApp.make(store: store, logger: logger, port: port) { bound in
                // One line for scripts and the demo to wait on.
                FileHandle.standardOutput.write(Data("town-server listening on \(settings.host):\(bound)\n".utf8))
            }
            try await app.runService()
        }
    }
}

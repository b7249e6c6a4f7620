import ArgumentParser
import Foundation
import SyncProtocol
import TownCore
import TownServer

/// Stand-in for the town's economics system: pushes receivables, fees, signed vouchers and cancellations,
/// pulls and acknowledges postings. Vouchers must come already signed (the VoucherSigning tools make them);
/// this command stores nothing and signs nothing.
struct EconSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "econ-sim",
        abstract: "Stand-in for the economics system (push data, pull postings).",
        subcommands: [Push.self, Pull.self, Health.self, IssueVoucher.self, DemoKeyring.self])

    struct Connection: ParsableArguments {
        @Option(help: "Server base URL, e.g. http://127.0.0.1:8090.")
        var server: String = "http://127.0.0.1:8090"
        @Option(help: "Economics client id (default: the first econ client in --config).")
        var client: String?
        @Option(name: .customLong("secret-hex"), help: "The client's secret as hex (default: from --config).")
        var secretHex: String?
        @Option(help: "The server's config file, to take the client id and secret from.")
        var config: String?

        func makeClient() throws -> EconClient {
            var id = client
            var secret = secretHex.flatMap(ByteText.bytes(fromHex:))
            if let config, id == nil || secret == nil {
                let settings = try ServerConfig.load(path: config)
                let entry = id.flatMap { settings.econClient($0) } ?? settings.econClients.first
                id = id ?? entry?.id
                secret = secret ?? entry?.secret
            }
            guard let id, let secret, let url = URL(string: server) else {
                throw ValidationError("expected --client and --secret-hex (or --config with an econ client) and a valid --server URL")
            }
            return EconClient(baseURL: url, clientID: id, secret: secret)
        }
    }

    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Push data from a JSON file: {\"fees\": [...], \"receivables\": [...], \"vouchers\": [...], \"cancellations\": [...]} (each optional).")

        @OptionGroup var connection: Connection
        @Argument(help: "JSON file; vouchers in TownCore's form, already signed.")
        var file: String?
        @Option(name: .customLong("receivables-csv"), help: "Receivables as CSV (see docs/sync-protocol.md).")
        var receivablesCSV: String?
        @Option(name: .customLong("fees-csv"), help: "Fee catalogue as CSV.")
        var feesCSV: String?

        struct Document: Decodable {
            var fees: FeeCatalog?
            var receivables: [Obligation]?
            var vouchers: [PayoutVoucher]?
            var cancellations: [Cancellation]?
        }

        func run() async throws {
            let client = try connection.makeClient()
            if let feesCSV { report("fees (CSV)", try await client.importFeesCSV(try String(contentsOfFile: feesCSV, encoding: .utf8))) }
            if let receivablesCSV {
                report("receivables (CSV)", try await client.importReceivablesCSV(try String(contentsOfFile: receivablesCSV, encoding: .utf8)))
            }
            guard let file else { return }
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let document = try WireJSON.decode(Document.self, from: Array(data))
            if let fees = document.fees { report("fees", try await client.importFees(fees)) }
            if let receivables = document.receivables { report("receivables", try await client.importReceivables(receivables)) }
            if let vouchers = document.vouchers { report("vouchers", try await client.importVouchers(vouchers)) }
            if let cancellations = document.cancellations { report("cancellations", try await client.cancel(cancellations)) }
        }

        private func report(_ what: String, _ result: ImportResult) {
            print("\(what): received \(result.received) changed \(result.changed)")
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print postings not yet acknowledged (one JSON line each); --ack acknowledges them after printing.")

        @OptionGroup var connection: Connection
        @Flag(help: "Acknowledge what was printed, so the next pull starts after it.")
        var ack = false

        func run() async throws {
            let client = try connection.makeClient()
            var after: String?
            var count = 0
            while true {
                let page = try await client.postings(after: after)
                for posting in page.postings {
                    print(String(decoding: WireJSON.encode(posting), as: UTF8.self))
                    count += 1
                }
                if ack, !page.postings.isEmpty { _ = try await client.acknowledge(through: page.cursor) }
                after = page.cursor
                if !page.hasMore { break }
            }
            print("postings: \(count)\(ack ? " acknowledged" : "")")
        }
    }

    struct Health: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the kiosk health summary as JSON.")
        @OptionGroup var connection: Connection

        func run() async throws {
            print(String(decoding: WireJSON.encode(try await connection.makeClient().health()), as: UTF8.self))
        }
    }
}

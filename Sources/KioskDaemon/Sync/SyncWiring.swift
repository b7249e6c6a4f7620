import Engine
import Foundation
import Journal
import KioskShell
import Logging
import SyncProtocol
import VoucherSigning

/// Builds kioskd's sync agent from the validated config (the composition root stays short).
public enum SyncWiring {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Seconds a customer waits at most for an online voucher claim.
    public static let claimTimeoutSeconds: Double = 5

    public static func makeAgent(config: KioskConfig, sync: KioskConfig.Sync, sink: any SyncDataSink, metrics: DaemonMetrics?,
                                 logger: Logger = Logger(label: "kioskd.sync")) throws -> SyncAgent {
        let keyring = try sync.approverKeysFile.map(loadKeyring)
        if keyring == nil {
            logger.warning("no sync.approver_keys_file: trusting the approver keys the town server sends")
        }
        let kiosk = config.kioskID.value
        let signatureClock = SignatureClock(wall: Journal.wallClockMilliseconds)
        let clockFunction: @Sendable () -> Int64 = { signatureClock.now() }
        let client = SyncClient(baseURL: sync.serverURL, kioskID: kiosk, secret: sync.secret, timeoutSeconds: 30, clock: clockFunction)
        let claimClient = SyncClient(baseURL: sync.serverURL, kioskID: kiosk, secret: sync.secret,
                                     timeoutSeconds: claimTimeoutSeconds, clock: clockFunction)
        // Its own connection to the journal file: reading the outbox never waits on the engine's actor.
        let outbox = try Journal(path: config.journalDatabasePath, kioskID: kiosk)
        let cache = try SyncCache(path: config.syncDatabasePath)
        let settings = SyncAgent.Settings(pushInterval: .seconds(sync.pushIntervalSeconds), pullInterval: .seconds(sync.pullIntervalSeconds),
                                          maximumVoucherAge: .seconds(sync.maxVoucherAgeSeconds))
        return try SyncAgent(settings: settings, kioskID: kiosk, transport: client, claimTransport: claimClient, outbox: outbox,
                             cache: cache, sink: sink, localKeyring: keyring, signatureClock: signatureClock,
                             timeProbe: HealthDateProbe(baseURL: sync.serverURL), metrics: metrics, logger: logger)
    }

    public static func loadKeyring(_ path: String) throws -> ApproverKeyring {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "sync.approver_keys_file: expected a readable JSON keyring, found none at \(path)")
        }
        do { return try ApproverKeyring(json: data) } catch {
            throw Failure(description: "sync.approver_keys_file: \(path): \(error)")
        }
    }

    /// The engine's first data: the seed file's cash units and other entries, with the server's cached
    /// lists replacing the seed's obligations, fees and vouchers once there is a cache, and the voucher-list
    /// age flag (a syncing kiosk pays nothing until it has a fresh list).
    public static func startData(seed: [DataUpdate], cached: [DataUpdate], stale: Bool) -> [DataUpdate] {
        var updates = seed
        if !cached.isEmpty {
            updates = seed.filter { update in
                switch update {
                case .obligations, .fees, .vouchers: false
                default: true
                }
            } + cached
        }
        return updates + [.voucherListStale(stale)]
    }

    public static func unboundPolicy(_ sync: KioskConfig.Sync) -> UnboundVoucherPolicy {
        sync.unboundVouchers == .claimOnline ? .claimOnline : .refuse
    }
}

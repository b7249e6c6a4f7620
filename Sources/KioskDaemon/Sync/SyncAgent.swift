import Engine
import Logging
import SyncProtocol
import TownCore
import VoucherSigning

/// kioskd's background link to the town server: pushes the journal outbox, pulls deltas into the local
/// cache and feeds them to the engine, claims unbound vouchers, and keeps the voucher-list age.
///
/// Its own actor with its own journal and cache connections: a slow or absent server never holds up the
/// engine, whose only contact with the agent is `.data(...)` inputs and the claim answer.
public actor SyncAgent {
    public struct Settings: Sendable {
        public var pushInterval: Duration
        public var pullInterval: Duration
        /// Older voucher lists pay nothing (`.voucherListStale(true)`).
        public var maximumVoucherAge: Duration
        public var backoff: SyncBackoff
        /// Records per push: the protocol's maximum, so a catch-up after days offline takes few round trips.
        public var batchSize: Int
        /// Batches sent before the first is answered: the server stores one while the next travels.
        public var pushesInFlight: Int
        /// Batches per push round; between rounds the agent publishes its status and can be stopped.
        public var batchesPerRound: Int
        public var pageLimit: Int
        /// How often the voucher-list age is re-checked while nothing else happens.
        public var freshnessCheckInterval: Duration

        public init(pushInterval: Duration = .seconds(10), pullInterval: Duration = .seconds(60),
                    maximumVoucherAge: Duration = .seconds(86_400), backoff: SyncBackoff = SyncBackoff(),
                    batchSize: Int = JournalPush.maximumRecords, pushesInFlight: Int = 2, batchesPerRound: Int = 16, pageLimit: Int = 500,
                    freshnessCheckInterval: Duration = .seconds(1)) {
            self.pushInterval = pushInterval
            self.pullInterval = pullInterval
            self.maximumVoucherAge = maximumVoucherAge
            self.backoff = backoff
            self.batchSize = max(1, min(batchSize, JournalPush.maximumRecords))
            self.pushesInFlight = max(1, pushesInFlight)
            self.batchesPerRound = max(1, batchesPerRound)
            self.pageLimit = pageLimit
            self.freshnessCheckInterval = freshnessCheckInterval
        }
    }

    let settings: Settings
    let kioskID: String
    let transport: any SyncTransport
    /// The same server with a short timeout: a customer waits on a claim.
    let claimTransport: any SyncTransport
    let outbox: any SyncOutbox
    let cache: SyncCache
    let sink: any SyncDataSink
    let localKeyring: ApproverKeyring?
    let clock: any SyncClock
    let signatureClock: SignatureClock?
    let timeProbe: (any ServerTimeProbe)?
    let random: @Sendable () -> UInt64
    let metrics: DaemonMetrics?
    let logger: Logger

    var gate: VoucherGate
    var cursor: String?
    /// Monotonic time of the last successful pull.
    var lastPull: Duration?
    var sentStale: Bool?
    var unacknowledged = 0
    var lastError: String?
    var alert: String?
    /// After a `gap`: the sequence the server expects next (resent from the journal itself).
    var resendFrom: Int64?
    /// Ids of vouchers refused at the last feed, so a refusal is logged once, not every pull.
    var refusedVouchers: Set<String> = []

    public init(settings: Settings, kioskID: String, transport: any SyncTransport, claimTransport: (any SyncTransport)? = nil,
                outbox: sending any SyncOutbox, cache: sending SyncCache, sink: any SyncDataSink, localKeyring: ApproverKeyring?,
                clock: any SyncClock = SystemSyncClock(), signatureClock: SignatureClock? = nil,
                timeProbe: (any ServerTimeProbe)? = nil, random: @escaping @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) },
                metrics: DaemonMetrics? = nil, logger: Logger = Logger(label: "kioskd.sync")) throws {
        self.settings = settings
        self.kioskID = kioskID
        self.transport = transport
        self.claimTransport = claimTransport ?? transport
        self.outbox = outbox
        self.cache = cache
        self.sink = sink
        self.localKeyring = localKeyring
        self.clock = clock
        self.signatureClock = signatureClock
        self.timeProbe = timeProbe
        self.random = random
        self.metrics = metrics
        self.logger = logger
        let progress = try cache.progress()
        cursor = progress.cursor
        gate = VoucherGate(local: localKeyring, server: progress.config?.approverKeys)
        // The pull time survives a restart as wall time; a clock that now reads earlier than it makes the
        // age unknown (stale) rather than negative.
        if let pulledAt = progress.lastPullAt {
            let ageMilliseconds = clock.wallMilliseconds() - pulledAt
            if ageMilliseconds >= 0 { lastPull = clock.elapsed() - .milliseconds(ageMilliseconds) }
        }
        unacknowledged = (try? outbox.pendingOutboxCount()) ?? 0
    }

    // MARK: Views

    public func status() -> SyncStatus {
        SyncStatus(unacknowledgedRecords: unacknowledged, lastPullAgeSeconds: lastPullAge().map { $0.components.seconds },
                   lastError: lastError, alert: alert, voucherListStale: isStale(),
                   clockOffsetSeconds: (signatureClock?.offsetMilliseconds ?? 0) / 1_000, approverKeys: gate.source.rawValue)
    }

    func lastPullAge() -> Duration? { lastPull.map { clock.elapsed() - $0 } }

    func isStale() -> Bool {
        guard let age = lastPullAge() else { return true }
        return age > settings.maximumVoucherAge
    }

    /// Tells the engine when the voucher list turns stale or fresh (only on a change).
    public func refreshFreshness() async {
        // The engine appends records all the time; the lag shown must follow even while pushes back off.
        unacknowledged = (try? outbox.pendingOutboxCount()) ?? unacknowledged
        let stale = isStale()
        publishMetrics()
        guard stale != sentStale else { return }
        sentStale = stale
        if stale {
            logger.warning("voucher list is stale: payouts refused until the next successful pull",
                           metadata: ["sync.last_pull_age_seconds": "\(lastPullAge().map { "\($0.components.seconds)" } ?? "never")"])
        }
        await sink.deliver(.voucherListStale(stale))
    }

    func publishMetrics() {
        metrics?.sync(unacknowledged: unacknowledged, lastPullAgeSeconds: lastPullAge().map { $0.components.seconds })
    }

    // MARK: Feeding the engine

    /// The cached lists as engine inputs, vouchers verified (for kioskd's start, before the engine boots).
    public func cachedUpdates() -> [DataUpdate] {
        guard let (contents, unreadable) = try? cache.contents(), contents.hasData else { return [] }
        for problem in unreadable { logger.error("cached document unreadable; left out", metadata: ["sync.problem": "\(problem)"]) }
        var updates: [DataUpdate] = [.obligations(contents.obligations)]
        if let fees = contents.fees { updates.append(.fees(fees)) }
        updates.append(.vouchers(verified(contents.vouchers)))
        return updates
    }

    /// Sends the whole cached state to the engine.
    func feedEngine() async {
        for update in cachedUpdates() { await sink.deliver(update) }
    }

    private func verified(_ vouchers: [PayoutVoucher]) -> [PayoutVoucher] {
        let (payable, refused) = gate.filter(vouchers)
        for (id, reason) in refused where !refusedVouchers.contains(id) {
            logger.error("voucher not given to the engine", metadata: ["sync.reason": "\(reason)", "sync.keys": "\(gate.source.rawValue)"])
        }
        refusedVouchers = Set(refused.map(\.id))
        return payable
    }

    // MARK: Claims

    /// Claims an unbound voucher before its PIN is checked; any doubt answers false (no payout).
    public func claimVoucher(_ voucher: VoucherID) async -> Bool {
        do {
            let grant = try await claimTransport.claim(voucherID: voucher.description)
            let granted = grant.kiosk == kioskID && grant.voucherID == voucher.description
            logger.info("voucher claim answered", metadata: ["voucher.id": "\(voucher)", "sync.granted": "\(granted)"])
            return granted
        } catch {
            logger.warning("voucher claim failed; not paying", metadata: ["voucher.id": "\(voucher)", "sync.error": "\(error)"])
            return false
        }
    }
}

extension SyncAgent: VoucherClaimer {
    public nonisolated func claim(_ voucher: VoucherID) async -> Bool { await claimVoucher(voucher) }
}

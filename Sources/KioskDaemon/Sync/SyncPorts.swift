import Engine
import Foundation
import Journal
import SyncProtocol

/// The town server as the agent sees it. `SyncClient` conforms; unit tests plug in a scripted server.
public protocol SyncTransport: Sendable {
    func push(_ records: [WireRecord]) async throws(SyncClientError) -> JournalAcknowledgement
    func pull(cursor: String?, limit: Int?) async throws(SyncClientError) -> DeltaPage
    func claim(voucherID: String) async throws(SyncClientError) -> VoucherClaim
}

extension SyncClient: SyncTransport {}

/// The journal's outbox as the agent uses it. `Journal` conforms; the agent opens its own connection to the
/// journal file (SQLite WAL), so the engine's appends never wait for the network.
public protocol SyncOutbox: AnyObject {
    func pendingOutbox(limit: Int) throws -> [JournalRecord]
    func pendingOutboxCount() throws -> Int
    func acknowledgeOutbox(through sequence: Int64) throws
    /// Records from `sequence` on, for resending after the server reported a gap.
    func records(from sequence: Int64, limit: Int) throws -> [JournalRecord]
}

// Journal's own methods (typed throws) satisfy the requirements.
extension Journal: SyncOutbox {}

/// Where pulled data goes: the engine host in kioskd, a recorder in tests.
public protocol SyncDataSink: Sendable {
    func deliver(_ update: DataUpdate) async
    /// False until the engine has booted (earlier data would be dropped).
    func isReady() async -> Bool
}

extension EngineHost: SyncDataSink {
    public func deliver(_ update: DataUpdate) async { _ = submit(.data(update)) }
    public func isReady() async -> Bool { snapshot().status.phase != "starting" }
}

/// Wall time for signatures and the persisted pull time, monotonic time for ages, and sleeping.
public protocol SyncClock: Sendable {
    /// Unix milliseconds (may jump).
    func wallMilliseconds() -> Int64
    /// Monotonic time; never jumps.
    func elapsed() -> Duration
    func sleep(for duration: Duration) async throws
}

public struct SystemSyncClock: SyncClock {
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    public init() { origin = clock.now }

    public func wallMilliseconds() -> Int64 { Journal.wallClockMilliseconds() }
    public func elapsed() -> Duration { origin.duration(to: clock.now) }
    public func sleep(for duration: Duration) async throws { try await clock.sleep(for: duration) }
}

extension WireRecord {
    init(_ record: JournalRecord) {
        self.init(sequence: record.sequence, recordedAt: record.recordedAt, type: record.type, payload: record.payload,
                  previousHash: record.previousHash, hash: record.hash)
    }
}

import Engine
import Foundation
import Journal
import KioskDaemon
import SyncProtocol
import TownCore
import VoucherSigning

/// A town server in memory: keeps one kiosk's records, acknowledges the contiguous head, reports gaps,
/// serves scripted delta pages, and fails on request.
final class FakeSyncServer: SyncTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [WireRecord] = []
    private var pages: [DeltaPage] = []
    private var failures: [SyncClientError] = []
    private var pullFailures: [SyncClientError] = []
    private(set) var pushCount = 0
    private(set) var pulledCursors: [String?] = []
    var claimAnswer: Result<VoucherClaim, SyncClientError> = .failure(.transport("no claim scripted"))

    var storedSequences: [Int64] { lock.withLock { stored.map(\.sequence) } }
    func enqueue(_ page: DeltaPage) { lock.withLock { pages.append(page) } }
    func failNextPush(_ error: SyncClientError) { lock.withLock { failures.append(error) } }
    func failNextPull(_ error: SyncClientError) { lock.withLock { pullFailures.append(error) } }
    /// Forgets records from `sequence` on, as a server restored from an older backup would.
    func forget(from sequence: Int64) { lock.withLock { stored.removeAll { $0.sequence >= sequence } } }

    func push(_ records: [WireRecord]) async throws(SyncClientError) -> JournalAcknowledgement {
        let outcome: Result<JournalAcknowledgement, SyncClientError> = lock.withLock {
            pushCount += 1
            if !failures.isEmpty { return .failure(failures.removeFirst()) }
            let head = stored.last?.sequence ?? 0
            if let first = records.first, first.sequence > head + 1 {
                return .failure(.rejected(status: 409, SyncErrorBody(code: .gap, message: "expected \(head + 1)", expectedSequence: head + 1)))
            }
            for record in records where record.sequence == (stored.last?.sequence ?? 0) + 1 { stored.append(record) }
            return .success(JournalAcknowledgement(acknowledgedThrough: stored.last?.sequence ?? 0))
        }
        return try outcome.get()
    }

    func pull(cursor: String?, limit: Int?) async throws(SyncClientError) -> DeltaPage {
        let outcome: Result<DeltaPage, SyncClientError> = lock.withLock {
            pulledCursors.append(cursor)
            if !pullFailures.isEmpty { return .failure(pullFailures.removeFirst()) }
            if pages.isEmpty { return .success(DeltaPage(cursor: cursor ?? "0", hasMore: false)) }
            return .success(pages.removeFirst())
        }
        return try outcome.get()
    }

    func claim(voucherID: String) async throws(SyncClientError) -> VoucherClaim { try lock.withLock { claimAnswer }.get() }
}

/// Lets the first two pushes reach `server` in reverse order (as two connections can), then passes through.
actor OvertakingServer: SyncTransport {
    let server: FakeSyncServer
    private var calls = 0
    private var firstMayGo: CheckedContinuation<Void, Never>?

    init(server: FakeSyncServer) { self.server = server }

    func push(_ records: [WireRecord]) async throws(SyncClientError) -> JournalAcknowledgement {
        calls += 1
        switch calls {
        case 1:
            await withCheckedContinuation { firstMayGo = $0 }
            return try await server.push(records)
        case 2:
            defer { firstMayGo?.resume(); firstMayGo = nil }
            return try await server.push(records)
        default:
            return try await server.push(records)
        }
    }

    func pull(cursor: String?, limit: Int?) async throws(SyncClientError) -> DeltaPage { try await server.pull(cursor: cursor, limit: limit) }
    func claim(voucherID: String) async throws(SyncClientError) -> VoucherClaim { try await server.claim(voucherID: voucherID) }
}

/// Holds a batch until `server` has its predecessor, as the town server does for a kiosk's pushes in flight.
struct InOrderServer: SyncTransport {
    let server: FakeSyncServer

    func push(_ records: [WireRecord]) async throws(SyncClientError) -> JournalAcknowledgement {
        let first = records.first?.sequence ?? 1
        for _ in 0..<2_000 where (server.storedSequences.last ?? 0) < first - 1 {
            try? await Task.sleep(for: .milliseconds(1))
        }
        return try await server.push(records)
    }

    func pull(cursor: String?, limit: Int?) async throws(SyncClientError) -> DeltaPage { try await server.pull(cursor: cursor, limit: limit) }
    func claim(voucherID: String) async throws(SyncClientError) -> VoucherClaim { try await server.claim(voucherID: voucherID) }
}

/// Collects what the agent hands the engine.
actor RecordingSink: SyncDataSink {
    private(set) var updates: [DataUpdate] = []
    func deliver(_ update: DataUpdate) async { updates.append(update) }
    func isReady() async -> Bool { true }

    var lastVoucherIDs: [String]? {
        for update in updates.reversed() { if case .vouchers(let list) = update { return list.map(\.id.description) } }
        return nil
    }
    var lastObligationIDs: [String]? {
        for update in updates.reversed() { if case .obligations(let list) = update { return list.map(\.id) } }
        return nil
    }
    var staleFlags: [Bool] { updates.compactMap { if case .voucherListStale(let stale) = $0 { stale } else { nil } } }
}

/// Wall and monotonic time moved by hand; sleeping returns at once (loops are driven round by round).
final class ManualSyncClock: SyncClock, @unchecked Sendable {
    private let lock = NSLock()
    private var wall: Int64 = 1_767_225_600_000
    private var monotonic: Duration = .seconds(1_000)

    func wallMilliseconds() -> Int64 { lock.withLock { wall } }
    func elapsed() -> Duration { lock.withLock { monotonic } }
    func sleep(for duration: Duration) async throws { try Task.checkCancellation() }
    func advance(_ duration: Duration) { lock.withLock { monotonic += duration; wall += duration.components.seconds * 1_000 } }
    /// The wall clock jumps; monotonic time does not.
    func jumpWall(by milliseconds: Int64) { lock.withLock { wall += milliseconds } }
}

enum SyncFixtures {
    static let expiry: DayDate = { do { return try DayDate(year: 2099, month: 12, day: 31) } catch { preconditionFailure("\(error)") } }()

    static func voucher(_ id: String, amount: Int64 = 50_000, pin: String = "48151623") throws -> PayoutVoucher {
        try TestApprovers.signedVoucher(id: VoucherID(id), amount: Money(halere: amount), payeeName: "Jana Nováková",
                                        expiry: expiry, pin: pin, boundKiosk: KioskCode("K01"))
    }

    static func obligation(_ id: String) throws -> Obligation {
        try Obligation(id: id, variableSymbol: VariableSymbol("1341000123"), description: "Poplatek ze psa",
                       amountDue: Money(halere: 123_400), allowsPartialPayment: true)
    }

    static func serverConfig(keys: [ApproverKeyEntry]) -> KioskSyncConfig {
        KioskSyncConfig(approverKeys: keys, voucherPolicy: .boundOnly, voucherListMaximumAgeSeconds: 86_400)
    }

    /// The demo keyring as the server would send it.
    static var demoKeyEntries: [ApproverKeyEntry] {
        TestApprovers.approvers.map { ApproverKeyEntry(id: $0.id, name: $0.name, roles: $0.roles.map(\.rawValue).sorted(),
                                                        publicKeyPEM: $0.publicKey.pemRepresentation) }
    }
}

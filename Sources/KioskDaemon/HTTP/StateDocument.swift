import Engine
import Hummingbird

/// `GET /api/state` and the answer to every citizen request: the engine's status and the current screen,
/// plus (after a request) the UI events that request produced — errors arrive as `notice` events.
struct StateDocument: ResponseEncodable {
    var phase: String
    var inService: Bool
    var outOfServiceReason: String?
    var transaction: String?
    var credited: Int64?
    var cashDue: Int64?
    var lastReceipt: String?
    var unfinished: [String]
    var screen: UIScreen?
    var events: [EventDocument]?

    init(_ snapshot: HostSnapshot, events: [UIEvent]? = nil) {
        let status = snapshot.status
        phase = status.phase
        inService = status.inService && snapshot.journalProblem == nil
        outOfServiceReason = snapshot.outOfServiceReasons.isEmpty ? nil : snapshot.outOfServiceReasons.joined(separator: "; ")
        transaction = status.transaction?.description
        credited = status.credited?.halere
        cashDue = status.cashDue?.halere
        lastReceipt = status.lastReceipt.map { "\($0)" }
        unfinished = status.unfinished.map(\.description)
        screen = snapshot.screen
        self.events = events?.map(EventDocument.init)
    }

    enum CodingKeys: String, CodingKey {
        case phase, transaction, credited, unfinished, screen, events
        case inService = "in_service"
        case outOfServiceReason = "out_of_service_reason"
        case cashDue = "cash_due"
        case lastReceipt = "last_receipt"
    }
}

/// One UI event in a JSON answer: `{"event": "notice", "data": {…}}`, the same shape as on the SSE stream.
struct EventDocument: Encodable {
    var event: String
    var data: UIStreamEvent

    init(_ event: UIEvent) {
        data = UIStreamEvent(event)
        self.event = data.eventName
    }
}

/// `GET /status` on the control socket: for technicians and kioskctl.
struct ControlStatusDocument: ResponseEncodable {
    var engine: StateDocument
    var devices: [String: String]
    var outOfServiceReasons: [String]
    var journal: Journal
    var cashUnits: [CashUnitDocument]
    /// Suspect transactions awaiting a technician (`T000012`).
    var suspects: [String]
    /// Present when the kiosk syncs with a town server.
    var sync: SyncDocument?

    struct Journal: Encodable {
        var head: Int64
        var problem: String?
    }

    init(_ snapshot: HostSnapshot, sync: SyncStatus? = nil) {
        self.sync = sync.map(SyncDocument.init)
        engine = StateDocument(snapshot)
        devices = snapshot.devices
        outOfServiceReasons = snapshot.outOfServiceReasons
        journal = Journal(head: snapshot.journalHead, problem: snapshot.journalProblem)
        cashUnits = snapshot.cashUnits.map(CashUnitDocument.init)
        suspects = snapshot.suspects.keys.sorted().map(\.description)
    }

    enum CodingKeys: String, CodingKey {
        case engine, devices, journal, suspects, sync
        case outOfServiceReasons = "out_of_service_reasons"
        case cashUnits = "cash_units"
    }
}

/// `{"unit": "hopper", "denomination": 2000, "pieces": 48}`.
struct CashUnitDocument: Encodable {
    var unit: String
    var denomination: Int64
    var pieces: Int

    init(_ level: CashUnitLevel) {
        (unit, denomination, pieces) = (level.unit.rawValue, level.denomination.value.halere, level.pieces)
    }
}

/// `"sync": {"unacknowledged_records": 3, "last_pull_age_seconds": 12, "last_error": null, "alert": null, …}`.
struct SyncDocument: Encodable {
    var unacknowledgedRecords: Int
    var lastPullAgeSeconds: Int64?
    var lastError: String?
    var alert: String?
    var voucherListStale: Bool
    var clockOffsetSeconds: Int64
    var approverKeys: String

    init(_ status: SyncStatus) {
        unacknowledgedRecords = status.unacknowledgedRecords
        lastPullAgeSeconds = status.lastPullAgeSeconds
        lastError = status.lastError
        alert = status.alert
        voucherListStale = status.voucherListStale
        clockOffsetSeconds = status.clockOffsetSeconds
        approverKeys = status.approverKeys
    }

    enum CodingKeys: String, CodingKey {
        case alert
        case unacknowledgedRecords = "unacknowledged_records", lastPullAgeSeconds = "last_pull_age_seconds"
        case lastError = "last_error", voucherListStale = "voucher_list_stale", clockOffsetSeconds = "clock_offset_seconds"
        case approverKeys = "approver_keys"
    }

    // Nil values are written as null so a technician sees the key.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(unacknowledgedRecords, forKey: .unacknowledgedRecords)
        try c.encode(lastPullAgeSeconds, forKey: .lastPullAgeSeconds)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(alert, forKey: .alert)
        try c.encode(voucherListStale, forKey: .voucherListStale)
        try c.encode(clockOffsetSeconds, forKey: .clockOffsetSeconds)
        try c.encode(approverKeys, forKey: .approverKeys)
    }
}

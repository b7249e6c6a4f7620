/// The sync agent's lag and health, for `GET /status` on the control socket and the metrics.
public struct SyncStatus: Sendable, Equatable {
    /// Journal records the town server has not acknowledged yet.
    public var unacknowledgedRecords: Int
    /// Seconds since the last successful pull (monotonic within a run); nil before the first one.
    public var lastPullAgeSeconds: Int64?
    /// The most recent failure, cleared by the next success of the same kind.
    public var lastError: String?
    /// Set when the server reported a fork or an altered record: pushing stopped until a technician acts.
    public var alert: String?
    /// True while payouts are refused because the voucher list is too old.
    public var voucherListStale: Bool
    /// What the kiosk adds to its own clock when signing requests (server time − kiosk time), in seconds.
    public var clockOffsetSeconds: Int64
    /// Where the approver keys come from: `local_file`, `server` or `none`.
    public var approverKeys: String

    public init(unacknowledgedRecords: Int = 0, lastPullAgeSeconds: Int64? = nil, lastError: String? = nil, alert: String? = nil,
                voucherListStale: Bool = true, clockOffsetSeconds: Int64 = 0, approverKeys: String = "none") {
        self.unacknowledgedRecords = unacknowledgedRecords
        self.lastPullAgeSeconds = lastPullAgeSeconds
        self.lastError = lastError
        self.alert = alert
        self.voucherListStale = voucherListStale
        self.clockOffsetSeconds = clockOffsetSeconds
        self.approverKeys = approverKeys
    }
}

import SyncProtocol
import TownCore

// Wire types of the economics endpoint `/econ/v1/…` (JSON, snake_case keys, amounts in haléře).

/// One kiosk transaction for the economics system's cash book. `postingID` (`K01:42`, the kiosk and the
/// journal sequence it came from) is unique forever, so the cash book can refuse a second copy too.
public struct Posting: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A payment receipt (příjmový doklad): cash and/or card.
        case payment
        /// A voucher payout receipt (výdajový doklad).
        case payout
        /// Money the kiosk took and could not give back; the cash desk pays it.
        case refundOwed = "refund_owed"
        case cashCollected = "cash_collected"
        case cashRefilled = "cash_refilled"
    }

    public var postingID: String
    /// Position in the export; acknowledge through it.
    public var cursor: String
    public var kiosk: String
    public var sequence: Int64
    public var recordedAt: Int64
    public var kind: Kind
    public var amount: Money
    public var cash: Money?
    public var card: Money?
    public var rounding: Money?
    public var change: Money?
    public var owed: Money?
    public var receipt: String?
    public var variableSymbol: String?
    public var description: String?
    public var day: String?
    public var transaction: String?
    /// What a payment settled: `{"kind": "obligation"|"fee", "id": …}` from the transaction's `payment.started`.
    public var target: Target?
    public var voucherID: String?
    public var reference: String?
    /// The record's payload as journaled, for cash collections and refills (technician, unit, pieces…).
    public var details: JSONValue?

    public struct Target: Hashable, Sendable, Codable {
        public var kind: String
        public var id: String

        public init(kind: String, id: String) {
            self.kind = kind
            self.id = id
        }
    }

    enum CodingKeys: String, CodingKey {
        case postingID = "posting_id", cursor, kiosk, sequence, recordedAt = "recorded_at", kind, amount, cash, card, rounding
        case change, owed, receipt, variableSymbol = "variable_symbol", description, day, transaction, target
        case voucherID = "voucher_id", reference, details
    }

    public init(kiosk: String, sequence: Int64, recordedAt: Int64, kind: Kind, amount: Money) {
        postingID = "\(kiosk):\(sequence)"
        cursor = ""
        self.kiosk = kiosk
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.kind = kind
        self.amount = amount
    }
}

/// `GET /econ/v1/postings?after=C&limit=N`.
public struct PostingsPage: Hashable, Sendable, Codable {
    public var postings: [Posting]
    /// Pass as `after` for the next page; acknowledge through a posting's cursor once it is booked.
    public var cursor: String
    public var hasMore: Bool
    public var acknowledgedThrough: String

    enum CodingKeys: String, CodingKey { case postings, cursor, hasMore = "has_more", acknowledgedThrough = "acknowledged_through" }
}

/// `POST /econ/v1/postings/ack` body and answer.
public struct PostingsAcknowledgement: Hashable, Sendable, Codable {
    public var through: String
    public init(through: String) { self.through = through }
}

/// `POST /econ/v1/receivables` (JSON form).
public struct ReceivablesImport: Sendable, Codable {
    public var receivables: [Obligation]
    public init(receivables: [Obligation]) { self.receivables = receivables }
}

/// `POST /econ/v1/fees` (JSON form): the whole catalogue, replacing the previous one.
public struct FeesImport: Sendable, Codable {
    public var fees: FeeCatalog
    public init(fees: FeeCatalog) { self.fees = fees }
}

/// `POST /econ/v1/vouchers`: signed vouchers in TownCore's JSON form, stored as given.
public struct VouchersImport: Sendable, Codable {
    public var vouchers: [PayoutVoucher]
    public init(vouchers: [PayoutVoucher]) { self.vouchers = vouchers }
}

/// `POST /econ/v1/cancellations`.
public struct CancellationsImport: Sendable, Codable {
    public var cancellations: [Cancellation]
    public init(cancellations: [Cancellation]) { self.cancellations = cancellations }
}

/// Answer of every import: how many documents came, how many changed what kiosks will pull.
public struct ImportResult: Hashable, Sendable, Codable {
    public var received: Int
    public var changed: Int
}

/// `GET /econ/v1/health`.
public struct HealthReport: Hashable, Sendable, Codable {
    public struct KioskHealth: Hashable, Sendable, Codable {
        public var kiosk: String
        public var lastSeenAt: Int64?
        public var lastPushAt: Int64?
        public var lastPullAt: Int64?
        public var acknowledgedSequence: Int64
        public var alerts: [Alert]

        enum CodingKeys: String, CodingKey {
            case kiosk, lastSeenAt = "last_seen_at", lastPushAt = "last_push_at", lastPullAt = "last_pull_at"
            case acknowledgedSequence = "acknowledged_sequence", alerts
        }
    }

    public struct Alert: Hashable, Sendable, Codable {
        public var code: String
        public var sequence: Int64
        public var message: String
        public var count: Int64
        public var firstAt: Int64
        public var lastAt: Int64

        enum CodingKeys: String, CodingKey { case code, sequence, message, count, firstAt = "first_at", lastAt = "last_at" }
    }

    public var serverTime: Int64
    public var kiosks: [KioskHealth]
    public var unacknowledgedPostings: Int64

    enum CodingKeys: String, CodingKey { case serverTime = "server_time", kiosks, unacknowledgedPostings = "unacknowledged_postings" }
}

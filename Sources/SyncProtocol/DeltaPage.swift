import TownCore

/// `GET /sync/v1/deltas?cursor=C&limit=N` answer: everything that changed for this kiosk after `C`, oldest
/// first. The kiosk applies one page in one local transaction, then stores `cursor` and asks again while
/// `hasMore`. Each entity appears at most once per page, in its newest form.
///
/// Domain documents (obligations, fee items, vouchers) travel in TownCore's own JSON form and are decoded
/// through TownCore's validating initializers, so a malformed one fails the whole page.
public struct DeltaPage: Hashable, Sendable, Codable {
    /// Opaque; pass it back unchanged. Never goes backwards.
    public var cursor: String
    public var hasMore: Bool
    /// New or changed receivables (replace the kiosk's copy by id).
    public var obligations: [Obligation]
    /// The whole fee catalogue when it changed after the cursor; absent when unchanged.
    public var fees: FeeCatalog?
    /// New or changed vouchers for this kiosk (bound to it, or unbound when its policy allows claiming).
    public var vouchers: [PayoutVoucher]
    /// Receivables and vouchers withdrawn by the economics system: remove them, never pay them.
    public var cancellations: [Cancellation]
    /// Present when the kiosk's sync settings changed (always on the first page from an empty cursor).
    public var config: KioskSyncConfig?

    public init(cursor: String, hasMore: Bool, obligations: [Obligation] = [], fees: FeeCatalog? = nil,
                vouchers: [PayoutVoucher] = [], cancellations: [Cancellation] = [], config: KioskSyncConfig? = nil) {
        self.cursor = cursor
        self.hasMore = hasMore
        self.obligations = obligations
        self.fees = fees
        self.vouchers = vouchers
        self.cancellations = cancellations
        self.config = config
    }

    enum CodingKeys: String, CodingKey {
        case cursor, hasMore = "has_more", obligations, fees, vouchers, cancellations, config
    }

    public var isEmpty: Bool {
        obligations.isEmpty && fees == nil && vouchers.isEmpty && cancellations.isEmpty && config == nil
    }
}

/// A receivable or voucher the economics system withdrew.
public struct Cancellation: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case obligation, voucher }
    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) throws(CancellationError) {
        guard !id.isEmpty, id.utf8.count <= 64 else { throw CancellationError(found: id) }
        if kind == .voucher, (try? VoucherID(id)) == nil { throw CancellationError(found: id) }
        self.kind = kind
        self.id = id
    }

    enum CodingKeys: String, CodingKey { case kind, id }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(kind: c.decode(Kind.self, forKey: .kind), id: c.decode(String.self, forKey: .id))
        } catch let error as CancellationError {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: error.description)
        }
    }
}

public struct CancellationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let found: String
    public var description: String {
        "expected an id of 1–64 bytes (a voucher id is 6–20 characters A–Z or 0–9), found \(ByteText.preview(found))"
    }
}

/// Settings the server pushes to every kiosk.
public struct KioskSyncConfig: Hashable, Sendable, Codable {
    /// Public keys of the people who may approve vouchers, verified by the kiosk offline.
    public var approverKeys: [ApproverKeyEntry]
    public var voucherPolicy: VoucherPolicy
    /// The kiosk refuses payouts when its last successful pull is older than this.
    public var voucherListMaximumAgeSeconds: Int

    public init(approverKeys: [ApproverKeyEntry], voucherPolicy: VoucherPolicy, voucherListMaximumAgeSeconds: Int) {
        self.approverKeys = approverKeys
        self.voucherPolicy = voucherPolicy
        self.voucherListMaximumAgeSeconds = voucherListMaximumAgeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case approverKeys = "approver_keys", voucherPolicy = "voucher_policy"
        case voucherListMaximumAgeSeconds = "voucher_list_maximum_age_seconds"
    }
}

/// How a kiosk may pay vouchers that are not bound to one kiosk (multi-kiosk safety).
public enum VoucherPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// Only vouchers bound to this kiosk reach it; no claim needed.
    case boundOnly = "bound_only"
    /// Bound vouchers plus unbound ones; an unbound voucher must be claimed online
    /// (`POST /sync/v1/vouchers/{id}/claim`) before the payout starts.
    case claimUnbound = "claim_unbound"
}

/// One approver's public key, in the keyring format of VoucherSigning (passed through unchanged).
public struct ApproverKeyEntry: Hashable, Sendable, Codable {
    public var id: String
    public var name: String?
    /// TownCore `ApprovalRole` raw values, e.g. `prikazceOperace`.
    public var roles: [String]
    public var publicKeyPEM: String

    public init(id: String, name: String?, roles: [String], publicKeyPEM: String) {
        self.id = id
        self.name = name
        self.roles = roles
        self.publicKeyPEM = publicKeyPEM
    }

    enum CodingKeys: String, CodingKey { case id, name, roles, publicKeyPEM = "public_key_pem" }
}

/// `POST /sync/v1/vouchers/{id}/claim` answer: the voucher is this kiosk's to pay, for good.
public struct VoucherClaim: Hashable, Sendable, Codable {
    public var voucherID: String
    public var kiosk: String
    /// Unix milliseconds of the first grant (a repeated claim by the same kiosk returns the same grant).
    public var claimedAt: Int64

    public init(voucherID: String, kiosk: String, claimedAt: Int64) {
        self.voucherID = voucherID
        self.kiosk = kiosk
        self.claimedAt = claimedAt
    }

    enum CodingKeys: String, CodingKey { case voucherID = "voucher_id", kiosk, claimedAt = "claimed_at" }
}

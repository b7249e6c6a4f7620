import Crypto
import Foundation
import TownCore

/// A person who may approve payout vouchers, with the public half of their P-256 signing key.
/// The private half stays with the approver (the economics system); the kiosk only ever holds this.
///
/// `@unchecked` only because swift-crypto 3 does not yet mark its key types `Sendable` (4.x does): every
/// stored property is immutable and BoringSSL verifies with a key from several threads at once.
public struct Approver: @unchecked Sendable {
    /// Stable identifier carried in each `VoucherApproval`, e.g. `starosta`.
    public let id: String
    /// Full name, for people reading logs and reports.
    public let name: String
    /// The roles this person may sign in.
    public let roles: Set<ApprovalRole>
    public let publicKey: P256.Signing.PublicKey

    public init(id: String, name: String, roles: Set<ApprovalRole>, publicKey: P256.Signing.PublicKey) {
        self.id = id
        self.name = name
        self.roles = roles
        self.publicKey = publicKey
    }
}

/// The kiosk's configured list of approvers: approver id → public key and allowed roles.
///
/// Each person has exactly one entry: two ids sharing a key are refused, since one person could then sign
/// both roles of dual control under two names.
public struct ApproverKeyring: Sendable {
    /// In configuration order.
    public let approvers: [Approver]
    private let indexByID: [String: Int]

    public init(_ approvers: [Approver]) throws(ApproverKeyringError) {
        var index: [String: Int] = [:]
        var idByKey: [Data: String] = [:]
        for (position, approver) in approvers.enumerated() {
            func refuse(field: String, expected: String, found: String) -> ApproverKeyringError {
                ApproverKeyringError(entryIndex: position, approverID: approver.id, field: field, expected: expected, found: found)
            }
            guard !approver.id.isEmpty else {
                throw refuse(field: "id", expected: "a non-empty approver id", found: "an empty one")
            }
            guard !approver.name.isEmpty else {
                throw refuse(field: "name", expected: "a non-empty name", found: "an empty one")
            }
            guard !approver.roles.isEmpty else { throw refuse(field: "roles", expected: "at least one role", found: "none") }
            if let earlier = index[approver.id] {
                throw refuse(field: "id", expected: "an id not used by another entry",
                             found: "\(quoted(approver.id)), already used by entry \(earlier)")
            }
            let key = approver.publicKey.x963Representation
            if let other = idByKey[key] {
                throw refuse(field: "public_key_pem", expected: "a key no other approver has",
                             found: "the same key as \(quoted(other))")
            }
            index[approver.id] = position
            idByKey[key] = approver.id
        }
        self.approvers = approvers
        indexByID = index
    }

    /// The approver with this id, or nil.
    public func approver(id: String) -> Approver? {
        indexByID[id].map { approvers[$0] }
    }
}

/// A keyring entry that cannot be used: names the entry (position and id when known), the field, what was
/// expected and what was found. Never quotes key material beyond a short preview.
public struct ApproverKeyringError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Position in the JSON array (0-based); nil for a problem with the document as a whole.
    public let entryIndex: Int?
    public let approverID: String?
    public let field: String?
    public let expected: String
    public let found: String

    public init(entryIndex: Int?, approverID: String?, field: String?, expected: String, found: String) {
        self.entryIndex = entryIndex
        self.approverID = approverID
        self.field = field
        self.expected = expected
        self.found = found
    }

    public var description: String {
        var place = "approver keyring"
        if let entryIndex { place += " entry \(entryIndex)" }
        if let approverID { place += " (\(quoted(approverID)))" }
        if let field { place += " field \(field)" }
        return "\(place): expected \(expected), found \(found)"
    }
}

/// Untrusted text for a message: quoted, control characters escaped, shortened after `limit` scalars.
func quoted(_ text: String, limit: Int = 40) -> String {
    var shown = ""
    for scalar in text.unicodeScalars.prefix(limit) {
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\"" || scalar == "\\" {
            shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
            shown.unicodeScalars.append(scalar)
        }
    }
    return "\"" + shown + (text.unicodeScalars.count > limit ? "…" : "") + "\""
}

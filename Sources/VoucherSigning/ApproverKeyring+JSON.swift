import Crypto
import Foundation
import TownCore

extension ApproverKeyring {
    /// Fields of one JSON entry; any other field is refused, so a misspelt key cannot be silently ignored.
    public static let jsonFields = ["id", "name", "roles", "public_key_pem"]

    /// Decodes the configured keyring:
    /// `[{"id": "starosta", "name": "…", "roles": ["prikazceOperace"], "public_key_pem": "-----BEGIN PUBLIC KEY-----…"}]`.
    ///
    /// `public_key_pem` is a P-256 public key as PEM SubjectPublicKeyInfo (`openssl ec -pubout`); roles are
    /// `ApprovalRole` raw values; `name` may be left out (the id stands in). Errors name the entry and field.
    public init(json: Data) throws(ApproverKeyringError) {
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            throw ApproverKeyringError(entryIndex: nil, approverID: nil, field: nil, expected: "a JSON array of approvers",
                                       found: "text that is not JSON")
        }
        guard let entries = document as? [Any] else {
            throw ApproverKeyringError(entryIndex: nil, approverID: nil, field: nil, expected: "a JSON array of approvers",
                                       found: jsonKind(document))
        }
        var approvers: [Approver] = []
        for (position, entry) in entries.enumerated() {
            approvers.append(try ApproverKeyring.decodeEntry(entry, at: position))
        }
        try self.init(approvers)
    }

    private static func decodeEntry(_ entry: Any, at position: Int) throws(ApproverKeyringError) -> Approver {
        guard let object = entry as? [String: Any] else {
            throw ApproverKeyringError(entryIndex: position, approverID: nil, field: nil, expected: "a JSON object",
                                       found: jsonKind(entry))
        }
        let rawID = object["id"] as? String
        func refuse(_ field: String, expected: String, found: String) -> ApproverKeyringError {
            ApproverKeyringError(entryIndex: position, approverID: rawID, field: field, expected: expected, found: found)
        }
        func string(_ field: String) throws(ApproverKeyringError) -> String {
            guard let value = object[field] else { throw refuse(field, expected: "a string", found: "no such field") }
            guard let text = value as? String else { throw refuse(field, expected: "a string", found: jsonKind(value)) }
            guard !text.isEmpty else { throw refuse(field, expected: "a non-empty string", found: "an empty one") }
            return text
        }
        if let unknown = object.keys.sorted().first(where: { !jsonFields.contains($0) }) {
            throw refuse(unknown, expected: "only the fields " + jsonFields.joined(separator: ", "), found: "unknown field")
        }
        let id = try string("id")
        // Optional so entries relayed through SyncProtocol's ApproverKeyEntry (name may be nil) still decode.
        let name = object["name"] == nil ? id : try string("name")
        let pem = try string("public_key_pem")

        guard let rolesValue = object["roles"] else { throw refuse("roles", expected: "an array of roles", found: "no such field") }
        guard let roleNames = rolesValue as? [Any] else {
            throw refuse("roles", expected: "an array of roles", found: jsonKind(rolesValue))
        }
        let allowed = ApprovalRole.allCases.map(\.rawValue).joined(separator: ", ")
        var roles: Set<ApprovalRole> = []
        for roleName in roleNames {
            guard let text = roleName as? String, let role = ApprovalRole(rawValue: text) else {
                let found = (roleName as? String).map { quoted($0) } ?? jsonKind(roleName)
                throw refuse("roles", expected: "one of \(allowed)", found: found)
            }
            guard roles.insert(role).inserted else {
                throw refuse("roles", expected: "each role at most once", found: "\(role.rawValue) twice")
            }
        }

        let publicKey: P256.Signing.PublicKey
        do {
            publicKey = try P256.Signing.PublicKey(pemRepresentation: pem)
        } catch {
            let firstLine = pem.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw refuse("public_key_pem", expected: "a P-256 public key in PEM (-----BEGIN PUBLIC KEY-----)",
                         found: "text starting \(quoted(firstLine)) that does not decode as one")
        }
        return Approver(id: id, name: name, roles: roles, publicKey: publicKey)
    }
}

/// What kind of JSON value this is, for error messages.
private func jsonKind(_ value: Any) -> String {
    switch value {
    case is NSNull: "null"
    case let text as String: "the string \(quoted(text))"
    case is [Any]: "an array"
    case is [String: Any]: "an object"
    case is NSNumber: "a number or boolean"
    default: "an unexpected value"
    }
}

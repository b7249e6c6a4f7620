import Crypto
import Foundation
import TownCore

/// The parts of a payout voucher that its approvers sign: everything that decides who gets how much and when.
///
/// Progress fields (paid so far, PIN attempts, status) and the kiosk binding are left out on purpose: they
/// change after approval, and the binding may be assigned by the town server when it reserves the voucher.
public struct VoucherTerms: Hashable, Sendable {
    public let id: VoucherID
    public let amount: Money
    public let payeeName: String
    /// Last day on which the voucher may be paid (inclusive).
    public let expiry: DayDate
    /// Signed too (as a digest): otherwise whoever relays the voucher could swap in a verifier for a PIN
    /// they know and collect someone else's payout.
    public let pinVerifier: PinVerifier

    public init(id: VoucherID, amount: Money, payeeName: String, expiry: DayDate, pinVerifier: PinVerifier) {
        self.id = id
        self.amount = amount
        self.payeeName = payeeName
        self.expiry = expiry
        self.pinVerifier = pinVerifier
    }

    /// The terms of a voucher exactly as received, so any change after signing breaks the signatures.
    public init(_ voucher: PayoutVoucher) {
        self.init(id: voucher.id, amount: voucher.amount, payeeName: voucher.payeeName, expiry: voucher.expiry,
                  pinVerifier: voucher.pinVerifier)
    }

    /// A freshly issued voucher with these terms and approvals.
    public func voucher(approvals: [VoucherApproval], boundKiosk: KioskCode? = nil) throws(PayoutVoucherError) -> PayoutVoucher {
        try PayoutVoucher(id: id, amount: amount, payeeName: payeeName, expiry: expiry, boundKiosk: boundKiosk,
                          approvals: approvals, pinVerifier: pinVerifier)
    }
}

/// The exact bytes one approver signs for one role on one voucher (ECDSA P-256 with SHA-256).
///
/// Encoding, version 1. Every field is `length ‖ bytes`, the length an 8-byte big-endian unsigned integer,
/// so no field can run into the next. Fields in this order:
///
/// 1. domain tag, ASCII `IronCashier voucher approval v1` (a signature made for anything else never matches)
/// 2. voucher id, ASCII (`A–Z`, `0–9`)
/// 3. amount in haléře, 8 bytes, big-endian two's complement
/// 4. payee name, UTF-8 of its Unicode NFC form (so `á` typed precomposed or decomposed signs the same)
/// 5. expiry, ASCII `YYYY-MM-DD`
/// 6. role, ASCII raw value (`prikazceOperace`, `spravceRozpoctu`, `hlavniUcetni`)
/// 7. approver id, UTF-8 of its NFC form
/// 8. PIN verifier digest, 32 bytes: SHA-256 of the verifier encoding below
///
/// PIN verifier encoding, same field framing: tag `IronCashier PIN verifier v1`, algorithm (UTF-8), parameter
/// count (8 bytes), then per parameter in ascending UTF-8 byte order of its name: name (UTF-8), value (8 bytes,
/// big-endian two's complement); then salt, then derived key.
public struct ApprovalStatement: Hashable, Sendable {
    public static let domainTag = "IronCashier voucher approval v1"
    static let pinVerifierTag = "IronCashier PIN verifier v1"

    public let terms: VoucherTerms
    public let role: ApprovalRole
    public let approverID: String
    /// What the signature covers.
    public let bytes: [UInt8]

    public init(terms: VoucherTerms, role: ApprovalRole, approverID: String) {
        self.terms = terms
        self.role = role
        self.approverID = approverID
        var encoder = StatementEncoder()
        encoder.append(text: ApprovalStatement.domainTag)
        encoder.append(text: terms.id.value)
        encoder.append(integer: terms.amount.halere)
        encoder.append(text: terms.payeeName.precomposedStringWithCanonicalMapping)
        encoder.append(text: terms.expiry.description)
        encoder.append(text: role.rawValue)
        encoder.append(text: approverID.precomposedStringWithCanonicalMapping)
        encoder.append(field: ApprovalStatement.pinVerifierDigest(terms.pinVerifier))
        bytes = encoder.bytes
    }

    /// SHA-256 over the verifier's canonical encoding (see the type's documentation).
    public static func pinVerifierDigest(_ verifier: PinVerifier) -> [UInt8] {
        var encoder = StatementEncoder()
        encoder.append(text: pinVerifierTag)
        encoder.append(text: verifier.algorithm)
        let parameters = verifier.parameters.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        encoder.append(integer: Int64(parameters.count))
        for (name, value) in parameters {
            encoder.append(text: name)
            encoder.append(integer: Int64(value))
        }
        encoder.append(field: verifier.salt)
        encoder.append(field: verifier.derivedKey)
        return Array(SHA256.hash(data: encoder.bytes))
    }
}

/// Length-prefixed field framing shared by the statement and the verifier digest.
struct StatementEncoder {
    private(set) var bytes: [UInt8] = []

    mutating func append(field: [UInt8]) {
        appendBigEndian(UInt64(field.count))
        bytes += field
    }

    mutating func append(text: String) { append(field: Array(text.utf8)) }

    mutating func append(integer: Int64) {
        appendBigEndian(8)
        appendBigEndian(UInt64(bitPattern: integer))
    }

    private mutating func appendBigEndian(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

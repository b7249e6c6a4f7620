import Crypto
import Foundation
import TownCore

/// Checks a payout voucher's approvals offline against the configured approver keys.
///
/// The kiosk runs this when it imports a voucher and again just before paying it. A voucher passes only when
/// dual control holds structurally (`DualControl`: both roles present, the příkazce operace in no other role,
/// so the two are different approver ids; the keyring gives each key exactly one id, so they are different
/// keys too), every approval is by a known approver allowed that role, and every signature verifies over the
/// statement rebuilt from the voucher as received. So a compromised town server, which holds no approver's private key,
/// can neither mint a voucher nor change the amount, payee, expiry, id or PIN verifier of a signed one.
public enum ApprovalVerifier {
    /// More approvals than this are refused before any signature is checked (bounds the work per voucher).
    public static let maximumApprovals = 8

    /// Signatures are ECDSA P-256 over SHA-256 of `ApprovalStatement.bytes`, accepted as DER (ASN.1
    /// `SEQUENCE { r INTEGER, s INTEGER }`, at most 72 bytes, what `openssl dgst -sign` writes) or as raw
    /// 64 bytes `r ‖ s` (32 bytes each, big-endian, as in JWS/WebCrypto).
    public static let maximumDERSignatureBytes = 72
    public static let rawSignatureBytes = 64

    public static func verify(_ voucher: PayoutVoucher, keyring: ApproverKeyring) throws(ApprovalRejection) {
        let voucherID = voucher.id
        let approvals = voucher.approvals
        guard approvals.count <= maximumApprovals else {
            throw ApprovalRejection(voucherID: voucherID, role: nil, approverID: nil,
                                    reason: .tooManyApprovals(count: approvals.count, maximum: maximumApprovals))
        }
        do throws(ApprovalProblem) {
            try DualControl.check(approvals)
        } catch {
            throw ApprovalRejection(voucherID: voucherID, role: nil, approverID: nil, reason: .dualControl(error))
        }

        let terms = VoucherTerms(voucher)
        for approval in approvals {
            func refuse(_ reason: ApprovalRejection.Reason) -> ApprovalRejection {
                ApprovalRejection(voucherID: voucherID, role: approval.role, approverID: approval.approverID, reason: reason)
            }
            guard let approver = keyring.approver(id: approval.approverID) else { throw refuse(.unknownApprover) }
            guard approver.roles.contains(approval.role) else {
                throw refuse(.roleNotAllowed(allowed: ApprovalRole.allCases.filter(approver.roles.contains)))
            }
            let candidates = signatureCandidates(approval.signature)
            guard !candidates.isEmpty else { throw refuse(.malformedSignature(byteCount: approval.signature.count)) }
            let statement = ApprovalStatement(terms: terms, role: approval.role, approverID: approval.approverID)
            let message = Data(statement.bytes)
            guard candidates.contains(where: { approver.publicKey.isValidSignature($0, for: message) }) else {
                throw refuse(.signatureMismatch)
            }
        }
    }

    /// True when `verify` would pass.
    public static func isValid(_ voucher: PayoutVoucher, keyring: ApproverKeyring) -> Bool {
        do { try verify(voucher, keyring: keyring); return true } catch { return false }
    }

    /// The readings of these bytes as a signature: DER when they parse as DER, raw when exactly 64 bytes.
    /// Both readings are tried for a 64-byte value that is also valid DER; empty when neither applies.
    static func signatureCandidates(_ bytes: [UInt8]) -> [P256.Signing.ECDSASignature] {
        guard bytes.count <= maximumDERSignatureBytes else { return [] }
        var candidates: [P256.Signing.ECDSASignature] = []
        if bytes.first == 0x30, let der = try? P256.Signing.ECDSASignature(derRepresentation: bytes) {
            candidates.append(der)
        }
        if bytes.count == rawSignatureBytes, let raw = try? P256.Signing.ECDSASignature(rawRepresentation: bytes) {
            candidates.append(raw)
        }
        return candidates
    }
}

/// Why a voucher is not payable: names the voucher and, where one approval is at fault, its role and approver.
public struct ApprovalRejection: Error, Equatable, Sendable, CustomStringConvertible {
    public let voucherID: VoucherID
    public let role: ApprovalRole?
    public let approverID: String?
    public let reason: Reason

    public enum Reason: Equatable, Sendable {
        case tooManyApprovals(count: Int, maximum: Int)
        /// The approvals do not meet dual control structurally (missing role, příkazce in two roles, empty fields).
        case dualControl(ApprovalProblem)
        /// The approver id is not in the keyring.
        case unknownApprover
        /// The keyring does not allow this approver to sign in this role.
        case roleNotAllowed(allowed: [ApprovalRole])
        /// The signature bytes are neither DER nor raw 64-byte ECDSA.
        case malformedSignature(byteCount: Int)
        /// The signature does not verify over the voucher as received: forged, or the voucher changed after signing.
        case signatureMismatch
    }

    public init(voucherID: VoucherID, role: ApprovalRole?, approverID: String?, reason: Reason) {
        self.voucherID = voucherID
        self.role = role
        self.approverID = approverID
        self.reason = reason
    }

    public var description: String {
        var place = "voucher \(voucherID) refused"
        switch (role, approverID) {
        case let (role?, approver?): place += ", approval as \(role.rawValue) by \(quoted(approver))"
        case let (nil, approver?): place += ", approver \(quoted(approver))"
        default: break
        }
        let detail = switch reason {
        case .tooManyApprovals(let count, let maximum): "expected at most \(maximum) approvals, found \(count)"
        case .dualControl(let problem): problem.description
        case .unknownApprover: "expected an approver from the keyring, found an unknown id"
        case .roleNotAllowed(let allowed):
            "expected one of the approver's roles (" + allowed.map(\.rawValue).joined(separator: ", ")
                + "), found \(role?.rawValue ?? "another")"
        case .malformedSignature(let count):
            "expected an ECDSA P-256 signature (DER of at most \(ApprovalVerifier.maximumDERSignatureBytes) bytes or raw "
                + "\(ApprovalVerifier.rawSignatureBytes) bytes), found \(count) bytes that are neither"
        case .signatureMismatch:
            "expected a signature by the approver's key over this voucher's id, amount, payee, expiry and PIN verifier, "
                + "found one that does not verify (forged, or the voucher was changed after signing)"
        }
        return place + ": " + detail
    }
}

import Crypto
import Foundation
import TownCore

/// One approver's signing side (economics system): signs voucher terms in a role with the approver's
/// P-256 private key. The key never leaves this value; the kiosk gets only `publicKey` via its keyring.
///
/// `@unchecked` only because swift-crypto 3 does not yet mark its key types `Sendable` (4.x does): the key is
/// immutable and BoringSSL signs with one key from several threads at once.
public struct ApprovalSigner: @unchecked Sendable {
    public let approverID: String
    private let privateKey: P256.Signing.PrivateKey

    public init(approverID: String, privateKey: P256.Signing.PrivateKey) throws(ApprovalSigningError) {
        guard !approverID.isEmpty else { throw .emptyApproverID }
        self.approverID = approverID
        self.privateKey = privateKey
    }

    /// The key to put in the kiosk's keyring for this approver.
    public var publicKey: P256.Signing.PublicKey { privateKey.publicKey }

    /// This approver's approval of `terms` as `role`, signed over `ApprovalStatement` (DER signature).
    public func approve(_ terms: VoucherTerms, as role: ApprovalRole) throws(ApprovalSigningError) -> VoucherApproval {
        let statement = ApprovalStatement(terms: terms, role: role, approverID: approverID)
        do {
            let signature = try privateKey.signature(for: Data(statement.bytes))
            return VoucherApproval(role: role, approverID: approverID, signature: Array(signature.derRepresentation))
        } catch {
            throw .signingFailed(String(describing: error))
        }
    }
}

/// Why an approval could not be signed.
public enum ApprovalSigningError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyApproverID
    case signingFailed(String)

    public var description: String {
        switch self {
        case .emptyApproverID: "expected an approver id for the signer, found an empty one"
        case .signingFailed(let detail): "ECDSA P-256 signing failed: \(detail)"
        }
    }
}

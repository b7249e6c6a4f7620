/// Roles of preliminary financial control (předběžná řídicí kontrola), zákon 320/2001 Sb. § 26 odst. 1.
public enum ApprovalRole: String, Hashable, Sendable, Codable, CaseIterable {
    /// a) příkazce operace — approves that the expenditure is necessary, lawful and economical.
    case prikazceOperace
    /// b) správce rozpočtu — confirms budget cover.
    case spravceRozpoctu
    /// c) hlavní účetní — checks the document and its booking.
    case hlavniUcetni
}

/// One person's approval of a payout voucher. The signature is carried as opaque bytes here; checking it
/// against the approver's key is a separate, later step.
public struct VoucherApproval: Hashable, Sendable, Codable {
    public let role: ApprovalRole
    public let approverID: String
    public let signature: [UInt8]

    public init(role: ApprovalRole, approverID: String, signature: [UInt8]) {
        self.role = role
        self.approverID = approverID
        self.signature = signature
    }
}

/// The structural dual-control rule for paying out a voucher: a příkazce operace and a správce rozpočtu,
/// who must be two different people (§ 26 odst. 2: the příkazce may never hold another control role;
/// only správce rozpočtu and hlavní účetní may be merged, § 26 odst. 3).
///
/// Structure only: it checks who signed in which role, not whether the signatures are valid.
public enum DualControl {
    /// Roles every payable voucher needs (DESIGN money-safety rule 10).
    public static let requiredRoles: [ApprovalRole] = [.prikazceOperace, .spravceRozpoctu]

    /// Throws the first problem found, checking entries first, then role separation, then missing roles.
    public static func check(_ approvals: [VoucherApproval]) throws(ApprovalProblem) {
        for approval in approvals {
            guard !approval.approverID.isEmpty else { throw .emptyApproverID(role: approval.role) }
            guard !approval.signature.isEmpty else {
                throw .emptySignature(role: approval.role, approverID: approval.approverID)
            }
        }
        let orderingApprovers = Set(approvals.filter { $0.role == .prikazceOperace }.map(\.approverID))
        let otherApprovers = Set(approvals.filter { $0.role != .prikazceOperace }.map(\.approverID))
        if let conflicted = orderingApprovers.intersection(otherApprovers).sorted().first {
            throw .prikazceHoldsAnotherRole(approverID: conflicted)
        }
        for role in requiredRoles where !approvals.contains(where: { $0.role == role }) {
            throw .missingRole(role)
        }
    }

    /// True when `check` would pass.
    public static func isSatisfied(by approvals: [VoucherApproval]) -> Bool {
        do { try check(approvals); return true } catch { return false }
    }
}

/// Why a voucher's approvals do not meet dual control.
public enum ApprovalProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyApproverID(role: ApprovalRole)
    case emptySignature(role: ApprovalRole, approverID: String)
    case prikazceHoldsAnotherRole(approverID: String)
    case missingRole(ApprovalRole)

    public var description: String {
        switch self {
        case .emptyApproverID(let role): "expected an approver id on the \(role.rawValue) approval, found an empty one"
        case .emptySignature(let role, let approver):
            "expected signature bytes on the \(role.rawValue) approval by \(approver), found none"
        case .prikazceHoldsAnotherRole(let approver):
            "expected the příkazce operace to be a different person from the other approvers, found \(approver) in both roles"
        case .missingRole(let role): "expected an approval in role \(role.rawValue), found none"
        }
    }
}

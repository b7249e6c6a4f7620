import Crypto
import Foundation
import TownCore
@testable import VoucherSigning

/// Voucher terms and helpers shared by the signing tests. The PIN verifier here is fixed bytes, since signature
/// checks do not evaluate it; the PIN tests derive real ones.
enum SigningFixtures {
    static func verifier(keyByte: UInt8 = 0xA5) throws -> PinVerifier {
        try PinVerifier(algorithm: "pbkdf2-hmac-sha256", parameters: ["iterations": 210_000],
                        salt: Array(0..<16), derivedKey: Array(repeating: keyByte, count: 32))
    }

    static func terms(id: String = "POUKAZ2026001", amount: Int64 = 153_500, payee: String = "Jana Nováková",
                      expiry: String = "2026-06-30", verifier: PinVerifier? = nil) throws -> VoucherTerms {
        VoucherTerms(id: try VoucherID(id), amount: Money(halere: amount), payeeName: payee,
                     expiry: try DayDate(parsing: expiry), pinVerifier: try verifier ?? SigningFixtures.verifier())
    }

    /// A voucher with these terms, approved by the demo příkazce and správce rozpočtu.
    static func signedVoucher(_ terms: VoucherTerms) throws -> PayoutVoucher {
        try terms.voucher(approvals: [
            TestApprovers.starosta.approve(terms, as: .prikazceOperace),
            TestApprovers.ekonomka.approve(terms, as: .spravceRozpoctu),
        ])
    }

    /// `voucher`'s approvals placed on a voucher with `terms` (what a tampering relay would send).
    static func transplant(_ voucher: PayoutVoucher, onto terms: VoucherTerms) throws -> PayoutVoucher {
        try terms.voucher(approvals: voucher.approvals)
    }

    /// The same voucher with other approvals.
    static func replacingApprovals(_ voucher: PayoutVoucher, with approvals: [VoucherApproval]) throws -> PayoutVoucher {
        try VoucherTerms(voucher).voucher(approvals: approvals)
    }

    static func newSigner(_ id: String) throws -> ApprovalSigner {
        try ApprovalSigner(approverID: id, privateKey: P256.Signing.PrivateKey())
    }
}

/// SplitMix64: a seeded generator so salts in tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element == UInt8 {
    /// True when `needle` occurs as a contiguous run.
    func containsRun(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}

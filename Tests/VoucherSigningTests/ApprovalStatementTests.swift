import Crypto
import Foundation
import Testing
import TownCore
@testable import VoucherSigning

@Suite struct ApprovalStatementTests {
    /// 8-byte big-endian length, then the bytes: written out independently of the encoder under test.
    func field(_ bytes: [UInt8]) -> [UInt8] {
        let count = UInt64(bytes.count)
        return (0..<8).reversed().map { UInt8(truncatingIfNeeded: count >> (8 * UInt64($0))) } + bytes
    }
    func field(_ text: String) -> [UInt8] { field(Array(text.utf8)) }

    @Test func theStatementIsTheDocumentedFieldSequence() throws {
        let verifier = try PinVerifier(algorithm: "scrypt", parameters: ["r": 8, "N": 16_384, "p": 1],
                                       salt: Array(repeating: 0x11, count: 16), derivedKey: Array(repeating: 0x22, count: 32))
        let terms = VoucherTerms(id: try VoucherID("ABC123"), amount: Money(halere: 0x0102), payeeName: "Eva Černá",
                                 expiry: try DayDate(parsing: "2026-01-05"), pinVerifier: verifier)
        let statement = ApprovalStatement(terms: terms, role: .spravceRozpoctu, approverID: "ekonomka")

        // Parameters in UTF-8 byte order: "N" (0x4E) before "p" and "r".
        let verifierEncoding = field("IronCashier PIN verifier v1") + field("scrypt") + field([0, 0, 0, 0, 0, 0, 0, 3])
            + field("N") + field([0, 0, 0, 0, 0, 0, 0x40, 0]) + field("p") + field([0, 0, 0, 0, 0, 0, 0, 1])
            + field("r") + field([0, 0, 0, 0, 0, 0, 0, 8])
            + field(Array(repeating: 0x11, count: 16)) + field(Array(repeating: 0x22, count: 32))
        let expected = field("IronCashier voucher approval v1") + field("ABC123") + field([0, 0, 0, 0, 0, 0, 1, 2])
            + field("Eva Černá") + field("2026-01-05") + field("spravceRozpoctu") + field("ekonomka")
            + field(Array(SHA256.hash(data: verifierEncoding)))
        #expect(statement.bytes == expected)
        #expect(ApprovalStatement.pinVerifierDigest(verifier) == Array(SHA256.hash(data: verifierEncoding)))
        // "Č" and "á" are two UTF-8 bytes each, so the payee field is 11 bytes long.
        #expect(field("Eva Černá").prefix(8) == [0, 0, 0, 0, 0, 0, 0, 11])
    }

    @Test func fieldBoundariesCannotBeShifted() throws {
        // Moving text between adjacent fields changes the bytes, so a signature cannot be reused that way.
        let a = ApprovalStatement(terms: try SigningFixtures.terms(payee: "Jan"), role: .prikazceOperace, approverID: "x1")
        let b = ApprovalStatement(terms: try SigningFixtures.terms(payee: "Ja"), role: .prikazceOperace, approverID: "nx1")
        #expect(a.bytes != b.bytes)
    }

    @Test func payeeAndApproverAreSignedInNFC() throws {
        let composed = ApprovalStatement(terms: try SigningFixtures.terms(payee: "Nov\u{E1}k"), role: .prikazceOperace,
                                         approverID: "\u{E9}")
        let decomposed = ApprovalStatement(terms: try SigningFixtures.terms(payee: "Nova\u{301}k"), role: .prikazceOperace,
                                           approverID: "e\u{301}")
        #expect(composed.bytes == decomposed.bytes)
        #expect(composed.bytes.containsRun(field("Nov\u{E1}k")))
    }

    @Test func everySignedTermAndTheRoleChangeTheBytes() throws {
        let base = ApprovalStatement(terms: try SigningFixtures.terms(), role: .prikazceOperace, approverID: "starosta")
        let variants = [
            ApprovalStatement(terms: try SigningFixtures.terms(id: "POUKAZ2026009"), role: .prikazceOperace, approverID: "starosta"),
            ApprovalStatement(terms: try SigningFixtures.terms(amount: 1), role: .prikazceOperace, approverID: "starosta"),
            ApprovalStatement(terms: try SigningFixtures.terms(payee: "X"), role: .prikazceOperace, approverID: "starosta"),
            ApprovalStatement(terms: try SigningFixtures.terms(expiry: "2030-01-01"), role: .prikazceOperace, approverID: "starosta"),
            ApprovalStatement(terms: try SigningFixtures.terms(verifier: SigningFixtures.verifier(keyByte: 1)),
                              role: .prikazceOperace, approverID: "starosta"),
            ApprovalStatement(terms: try SigningFixtures.terms(), role: .spravceRozpoctu, approverID: "starosta"),
            ApprovalStatement(terms: try SigningFixtures.terms(), role: .prikazceOperace, approverID: "ekonomka"),
        ]
        #expect(Set(variants.map(\.bytes) + [base.bytes]).count == variants.count + 1)
        #expect(base.bytes.starts(with: field("IronCashier voucher approval v1")))
    }
}

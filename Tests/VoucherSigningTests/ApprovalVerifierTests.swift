import Crypto
import Foundation
import Testing
import TownCore
@testable import VoucherSigning

@Suite struct ApprovalVerifierTests {
    let keyring = TestApprovers.keyring

    /// Runs the verifier and returns its rejection, or nil when the voucher passed.
    func rejection(_ voucher: PayoutVoucher, keyring: ApproverKeyring? = nil) -> ApprovalRejection? {
        do throws(ApprovalRejection) {
            try ApprovalVerifier.verify(voucher, keyring: keyring ?? self.keyring)
            return nil
        } catch {
            return error
        }
    }

    @Test func aVoucherSignedByBothRolesVerifies() throws {
        let voucher = try SigningFixtures.signedVoucher(SigningFixtures.terms())
        #expect(rejection(voucher) == nil)
        #expect(ApprovalVerifier.isValid(voucher, keyring: keyring))
    }

    @Test func aForgedSignatureIsRefused() throws {
        let terms = try SigningFixtures.terms()
        // Someone with another key signs under the starosta's id (what a compromised server could do).
        let forger = try SigningFixtures.newSigner(TestApprovers.starostaID)
        let voucher = try terms.voucher(approvals: [
            forger.approve(terms, as: .prikazceOperace), TestApprovers.ekonomka.approve(terms, as: .spravceRozpoctu),
        ])
        let error = try #require(rejection(voucher))
        #expect(error.reason == .signatureMismatch)
        #expect(error.role == .prikazceOperace)
        #expect(error.approverID == "starosta")
        #expect(error.description.contains("POUKAZ2026001"))
        #expect(error.description.contains("starosta"))
        #expect(error.description.contains("prikazceOperace"))
    }

    @Test func aSignatureForAnotherRoleDoesNotCountForThisOne() throws {
        let terms = try SigningFixtures.terms()
        let signedAsBudget = try TestApprovers.ekonomka.approve(terms, as: .spravceRozpoctu)
        // The ekonomka is allowed only správce rozpočtu; relabelling a valid signature as hlavní účetní must fail.
        let relabelled = VoucherApproval(role: .hlavniUcetni, approverID: "ekonomka", signature: signedAsBudget.signature)
        let keyring = try ApproverKeyring(TestApprovers.approvers.map {
            Approver(id: $0.id, name: $0.name, roles: $0.id == "ekonomka" ? [.spravceRozpoctu, .hlavniUcetni] : $0.roles,
                     publicKey: $0.publicKey)
        })
        let voucher = try terms.voucher(approvals: [
            TestApprovers.starosta.approve(terms, as: .prikazceOperace), signedAsBudget, relabelled,
        ])
        let error = try #require(rejection(voucher, keyring: keyring))
        #expect(error.reason == .signatureMismatch)
        #expect(error.role == .hlavniUcetni)
    }

    @Test func oneRoleOnlyIsRefused() throws {
        let terms = try SigningFixtures.terms()
        let voucher = try terms.voucher(approvals: [TestApprovers.starosta.approve(terms, as: .prikazceOperace)])
        let error = try #require(rejection(voucher))
        #expect(error.reason == .dualControl(.missingRole(.spravceRozpoctu)))
        #expect(error.description.contains("spravceRozpoctu"))

        let budgetOnly = try terms.voucher(approvals: [TestApprovers.ekonomka.approve(terms, as: .spravceRozpoctu)])
        #expect(rejection(budgetOnly)?.reason == .dualControl(.missingRole(.prikazceOperace)))
        #expect(rejection(try terms.voucher(approvals: []))?.reason == .dualControl(.missingRole(.prikazceOperace)))
    }

    @Test func theSamePersonInBothRolesIsRefused() throws {
        let terms = try SigningFixtures.terms()
        // Even with a keyring that (wrongly) allows the starosta both roles and valid signatures for both.
        let mayor = try ApprovalSigner(approverID: "starosta", privateKey: P256.Signing.PrivateKey())
        let keyring = try ApproverKeyring([
            Approver(id: "starosta", name: "Jan Dvořák", roles: [.prikazceOperace, .spravceRozpoctu], publicKey: mayor.publicKey),
        ])
        let voucher = try terms.voucher(approvals: [
            mayor.approve(terms, as: .prikazceOperace), mayor.approve(terms, as: .spravceRozpoctu),
        ])
        let error = try #require(rejection(voucher, keyring: keyring))
        #expect(error.reason == .dualControl(.prikazceHoldsAnotherRole(approverID: "starosta")))
    }

    @Test func anUnknownApproverIsRefused() throws {
        let terms = try SigningFixtures.terms()
        let stranger = try SigningFixtures.newSigner("mistostarosta")
        let voucher = try terms.voucher(approvals: [
            stranger.approve(terms, as: .prikazceOperace), TestApprovers.ekonomka.approve(terms, as: .spravceRozpoctu),
        ])
        let error = try #require(rejection(voucher))
        #expect(error.reason == .unknownApprover)
        #expect(error.approverID == "mistostarosta")
        #expect(error.role == .prikazceOperace)
        #expect(error.description.contains("mistostarosta"))
    }

    @Test func anApproverSigningOutsideTheirRolesIsRefused() throws {
        let terms = try SigningFixtures.terms()
        // The ekonomka signs as příkazce, the starosta as správce: valid signatures, wrong roles.
        let voucher = try terms.voucher(approvals: [
            TestApprovers.ekonomka.approve(terms, as: .prikazceOperace), TestApprovers.starosta.approve(terms, as: .spravceRozpoctu),
        ])
        let error = try #require(rejection(voucher))
        #expect(error.reason == .roleNotAllowed(allowed: [.spravceRozpoctu]))
        #expect(error.approverID == "ekonomka")
        #expect(error.description.contains("found prikazceOperace"))
    }

    @Test(arguments: ["amount", "payee", "expiry", "id", "pinVerifier", "payeeLookalike"])
    func changingASignedTermAfterSigningIsRefused(_ field: String) throws {
        let original = try SigningFixtures.terms()
        let signed = try SigningFixtures.signedVoucher(original)
        let altered: VoucherTerms = switch field {
        case "amount": try SigningFixtures.terms(amount: 153_600)
        case "payee": try SigningFixtures.terms(payee: "Jan Novák")
        case "payeeLookalike": try SigningFixtures.terms(payee: "Jana Novákova")  // á moved: same letters otherwise
        case "expiry": try SigningFixtures.terms(expiry: "2026-07-01")
        case "id": try SigningFixtures.terms(id: "POUKAZ2026002")
        default: try SigningFixtures.terms(verifier: SigningFixtures.verifier(keyByte: 0x00))
        }
        #expect(altered != original)
        let error = try #require(rejection(try SigningFixtures.transplant(signed, onto: altered)))
        #expect(error.reason == .signatureMismatch)
        #expect(error.role == .prikazceOperace)  // the first approval checked already fails
    }

    @Test func progressAndKioskBindingAreNotPartOfTheSignature() throws {
        let terms = try SigningFixtures.terms()
        let signed = try SigningFixtures.signedVoucher(terms)
        let bound = try terms.voucher(approvals: signed.approvals, boundKiosk: KioskCode("RADNICE1"))
        #expect(rejection(bound) == nil)
    }

    @Test func theSamePayeeInAnotherUnicodeFormStillVerifies() throws {
        let composed = try SigningFixtures.terms(payee: "Jana Nov\u{E1}kov\u{E1}")
        let decomposed = try SigningFixtures.terms(payee: "Jana Nova\u{301}kova\u{301}")
        let signed = try SigningFixtures.signedVoucher(composed)
        #expect(rejection(try SigningFixtures.transplant(signed, onto: decomposed)) == nil)
    }

    @Test func aRaw64ByteSignatureIsAccepted() throws {
        let terms = try SigningFixtures.terms()
        let statement = ApprovalStatement(terms: terms, role: .prikazceOperace, approverID: "starosta")
        let key = try P256.Signing.PrivateKey(rawRepresentation: hex(TestApprovers.starostaScalar))
        let raw = Array(try key.signature(for: Data(statement.bytes)).rawRepresentation)
        #expect(raw.count == 64)
        let voucher = try terms.voucher(approvals: [
            VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: raw),
            TestApprovers.ekonomka.approve(terms, as: .spravceRozpoctu),
        ])
        #expect(rejection(voucher) == nil)
    }

    /// A key made with `openssl ecparam -name prime256v1 -genkey` and a signature made with `openssl dgst -sha256
    /// -sign` over the statement bytes of `SigningFixtures.terms()` as příkazce by approver "openssl".
    @Test func anOpenSSLKeyAndDERSignatureVerify() throws {
        let pem = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEbq7KViH9qhyP/j71/mKPI8eQ2NnS
            JoMWWXftI6UAFxGtosFgHpADkOE5eoJoWwULbIC907uGeInKFUneDrPQrA==
            -----END PUBLIC KEY-----
            """
        let signature = hex("3045022052e62dc746194a9fa8df775e08b825f02090db7b761721f5727937850e6a13a4022100b1d8c2f743c4a2"
                            + "669a202f9dbcf9f2b4f6aa106bc850c0aa49c178ef21cc4aa5")
        let terms = try SigningFixtures.terms()
        let statement = ApprovalStatement(terms: terms, role: .prikazceOperace, approverID: "openssl")
        #expect(Array(SHA256.hash(data: statement.bytes))
                == hex("eef4ec503a54ae6329c41d4509609f9046ef8b409177691521dd0540b67136e4"))  // sha256sum statement.bin
        let keyring = try ApproverKeyring(TestApprovers.approvers + [
            Approver(id: "openssl", name: "OpenSSL", roles: [.prikazceOperace],
                     publicKey: P256.Signing.PublicKey(pemRepresentation: pem)),
        ])
        let voucher = try terms.voucher(approvals: [
            VoucherApproval(role: .prikazceOperace, approverID: "openssl", signature: signature),
            TestApprovers.ekonomka.approve(terms, as: .spravceRozpoctu),
        ])
        #expect(rejection(voucher, keyring: keyring) == nil)
        let other = try SigningFixtures.transplant(voucher, onto: SigningFixtures.terms(amount: 1))
        #expect(rejection(other, keyring: keyring)?.reason == .signatureMismatch)
    }

    @Test func truncatedOrGarbageSignaturesAreRefusedWithoutTrapping() throws {
        let terms = try SigningFixtures.terms()
        let signed = try SigningFixtures.signedVoucher(terms)
        let good = signed.approvals[0].signature
        var generator = SeededGenerator(seed: 20_260_630)
        var cases: [([UInt8], ApprovalRejection.Reason)] = [
            (Array(good.dropLast()), .malformedSignature(byteCount: good.count - 1)),
            (Array(good.prefix(2)), .malformedSignature(byteCount: 2)),
            ([0x30], .malformedSignature(byteCount: 1)),
            (Array(repeating: 0xFF, count: 73), .malformedSignature(byteCount: 73)),
            (Array(repeating: 0x00, count: 10_000), .malformedSignature(byteCount: 10_000)),
            (Array(repeating: 0x00, count: 64), .signatureMismatch),  // parses as raw r = s = 0, which never verifies
        ]
        var flipped = good
        flipped[flipped.count - 1] ^= 0x01
        cases.append((flipped, .signatureMismatch))
        for (bytes, expected) in cases {
            let voucher = try SigningFixtures.replacingApprovals(signed, with: [
                VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: bytes), signed.approvals[1],
            ])
            #expect(rejection(voucher)?.reason == expected, "signature of \(bytes.count) bytes")
        }
        // Random bytes of every plausible length, some shaped like DER: always a rejection, never a trap.
        for round in 0..<400 {
            let length = round % 80 + 1
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 2 == 0 { bytes[0] = 0x30 }
            if round % 4 == 0, length > 1 { bytes[1] = UInt8(length - 2) }
            let voucher = try SigningFixtures.replacingApprovals(signed, with: [
                VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: bytes), signed.approvals[1],
            ])
            #expect(rejection(voucher) != nil)
        }
    }

    @Test func tooManyApprovalsAreRefusedBeforeAnySignatureCheck() throws {
        let signed = try SigningFixtures.signedVoucher(SigningFixtures.terms())
        let padded = signed.approvals + Array(repeating: signed.approvals[1], count: ApprovalVerifier.maximumApprovals)
        let error = try #require(rejection(try SigningFixtures.replacingApprovals(signed, with: padded)))
        #expect(error.reason == .tooManyApprovals(count: padded.count, maximum: ApprovalVerifier.maximumApprovals))
    }

    @Test func emptyApproverFieldsAreRefusedByDualControl() throws {
        let signed = try SigningFixtures.signedVoucher(SigningFixtures.terms())
        let voucher = try SigningFixtures.replacingApprovals(signed, with: [
            VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: []), signed.approvals[1],
        ])
        #expect(rejection(voucher)?.reason == .dualControl(.emptySignature(role: .prikazceOperace, approverID: "starosta")))
    }
}

func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex), index != text.endIndex {
        bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

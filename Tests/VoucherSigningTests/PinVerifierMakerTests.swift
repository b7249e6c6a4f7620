import Crypto
import _CryptoExtras
import Foundation
import Testing
import TownCore
@testable import VoucherSigning

/// The kiosk's check as KioskDaemon's `PinChecker` does it: the same swift-crypto KDF calls, reading the
/// verifier's algorithm name and parameters (`iterations`; `N`, `r`, `p`) by the same names.
/// Nil when the kiosk could not evaluate the verifier at all.
func kioskAccepts(_ pin: String, _ verifier: PinVerifier) -> Bool? {
    let length = verifier.derivedKey.count
    let derived: SymmetricKey
    switch verifier.algorithm {
    case "pbkdf2-hmac-sha256":
        guard let iterations = verifier.parameters["iterations"], iterations >= 210_000 else { return nil }
        guard let key = try? KDF.Insecure.PBKDF2.deriveKey(from: Array(pin.utf8), salt: verifier.salt, using: .sha256,
                                                           outputByteCount: length, rounds: iterations) else { return nil }
        derived = key
    case "scrypt":
        guard let n = verifier.parameters["N"], let r = verifier.parameters["r"], let p = verifier.parameters["p"],
              n >= 1 << 14, r >= 1, p >= 1 else { return nil }
        guard let key = try? KDF.Scrypt.deriveKey(from: Array(pin.utf8), salt: verifier.salt, outputByteCount: length,
                                                  rounds: n, blockSize: r, parallelism: p, maxMemory: 256 * n * r * p)
        else { return nil }
        derived = key
    default:
        return nil
    }
    return derived == SymmetricKey(data: verifier.derivedKey)
}

@Suite struct PinVerifierMakerTests {
    let minimumPBKDF2 = PinVerifierMaker.Algorithm.pbkdf2HMACSHA256(iterations: PinVerifierMaker.minimumPBKDF2Iterations)

    @Test func aPBKDF2VerifierIsAcceptedByTheKioskDerivationForTheRightPINOnly() throws {
        var generator = SeededGenerator(seed: 1)
        let verifier = try PinVerifierMaker(minimumPBKDF2).make(pin: "4711", using: &generator)
        #expect(verifier.algorithm == "pbkdf2-hmac-sha256")
        #expect(verifier.parameters == ["iterations": 210_000])
        #expect(verifier.salt.count == 16)
        #expect(verifier.derivedKey.count == 32)
        #expect(kioskAccepts("4711", verifier) == true)
        #expect(kioskAccepts("4712", verifier) == false)
    }

    @Test func anScryptVerifierIsAcceptedByTheKioskDerivationForTheRightPINOnly() throws {
        var generator = SeededGenerator(seed: 2)
        let verifier = try PinVerifierMaker(.scrypt(n: 1 << 14, r: 8, p: 1)).make(pin: "20260630", using: &generator)
        #expect(verifier.algorithm == "scrypt")
        #expect(verifier.parameters == ["N": 16_384, "r": 8, "p": 1])
        #expect(kioskAccepts("20260630", verifier) == true)
        #expect(kioskAccepts("2026063", verifier) == false)
    }

    @Test func theSaltComesFromTheInjectedGeneratorAndIsFreshEachTime() throws {
        let maker = try PinVerifierMaker(minimumPBKDF2)
        var first = SeededGenerator(seed: 42)
        var again = SeededGenerator(seed: 42)
        let a = try maker.make(pin: "1234", using: &first)
        let b = try maker.make(pin: "1234", using: &again)
        #expect(a == b)  // same seed, same salt, same key: reproducible tests
        var expectedSalt = SeededGenerator(seed: 42)
        let words = [expectedSalt.next(), expectedSalt.next()]
        #expect(a.salt == words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) } })
        let fresh = try maker.make(pin: "1234")  // system RNG
        #expect(fresh.salt != a.salt)
        #expect(fresh.derivedKey != a.derivedKey)
    }

    @Test func theVerifierNeverContainsThePIN() throws {
        let pin = "90817263"
        var generator = SeededGenerator(seed: 3)
        let verifier = try PinVerifierMaker(minimumPBKDF2).make(pin: pin, using: &generator)
        let pinBytes = Array(pin.utf8)
        #expect(!verifier.salt.containsRun(pinBytes))
        #expect(!verifier.derivedKey.containsRun(pinBytes))
        let json = String(decoding: try JSONEncoder().encode(verifier), as: UTF8.self)
        #expect(!json.contains(pin))
        #expect(!verifier.description.contains(pin))
        #expect(!String(reflecting: verifier).contains(pin))
    }

    @Test(arguments: ["", "123", "123456789", "12a4", "１２３４", "12 34"])
    func badPINsAreRefusedWithoutEchoingThem(_ pin: String) throws {
        #expect(throws: PinVerifierMakerError.invalidPIN(length: pin.count)) {
            try PinVerifierMaker(minimumPBKDF2).make(pin: pin)
        }
        let message = PinVerifierMakerError.invalidPIN(length: pin.count).description
        #expect(!pin.isEmpty ? !message.contains(pin) : true)
    }

    @Test func weakOrUnaffordableParametersAreRefused() {
        let refused: [PinVerifierMaker.Algorithm] = [
            .pbkdf2HMACSHA256(iterations: 209_999), .scrypt(n: 1 << 13, r: 8, p: 1), .scrypt(n: 20_000, r: 8, p: 1),
            .scrypt(n: 1 << 14, r: 0, p: 1), .scrypt(n: 1 << 20, r: 8, p: 2), .scrypt(n: 1 << 62, r: 1 << 40, p: 1 << 40),
        ]
        for algorithm in refused {
            #expect(throws: PinVerifierMakerError.self, "\(algorithm)") { try PinVerifierMaker(algorithm) }
        }
        #expect(throws: Never.self) { try PinVerifierMaker(.scrypt(n: 1 << 15, r: 8, p: 1)) }
        #expect(throws: Never.self) { try PinVerifierMaker() }
        #expect(PinVerifierMaker.defaultAlgorithm == .pbkdf2HMACSHA256(iterations: 600_000))
    }
}

@Suite struct TestApproversTests {
    @Test func theDemoSignersHaveTheirFixedKeys() throws {
        let starosta = try P256.Signing.PrivateKey(rawRepresentation: hex(TestApprovers.starostaScalar))
        #expect(TestApprovers.starosta.publicKey.x963Representation == starosta.publicKey.x963Representation)
        #expect(TestApprovers.starosta.approverID == "starosta")
        #expect(TestApprovers.ekonomka.approverID == "ekonomka")
        #expect(TestApprovers.starosta.publicKey.x963Representation != TestApprovers.ekonomka.publicKey.x963Representation)
        #expect(TestApprovers.keyring.approvers.count == 2)
    }

    @Test func signedVoucherIsApprovedByBothAndCarriesAVerifierForThePIN() throws {
        let voucher = try TestApprovers.signedVoucher(
            id: VoucherID("VOUCHER01"), amount: Money(crowns: 1_535), payeeName: "Petr Svoboda",
            expiry: DayDate(parsing: "2026-12-31"), pin: "4711", boundKiosk: KioskCode("K01"))
        #expect(voucher.status == .issued)
        #expect(voucher.boundKiosk?.value == "K01")
        #expect(voucher.approvals.map(\.role) == [.prikazceOperace, .spravceRozpoctu])
        #expect(voucher.approvals.map(\.approverID) == ["starosta", "ekonomka"])
        try ApprovalVerifier.verify(voucher, keyring: TestApprovers.keyring)
        #expect(kioskAccepts("4711", voucher.pinVerifier) == true)
        #expect(kioskAccepts("0000", voucher.pinVerifier) == false)
        // And the voucher state machine accepts the approvals.
        #expect(try voucher.applying(.approve).status == .approved)
    }
}

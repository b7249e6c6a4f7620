import Crypto
import Foundation
import TownCore

/// Fixed demo approvers for the economics stand-in (econ-sim), `make demo` and tests.
///
/// Their private keys are published in this source file, so they prove nothing: a production kiosk's keyring
/// must never contain `starosta`'s or `ekonomka`'s demo public keys.
public enum TestApprovers {
    public static let starostaID = "starosta"
    public static let ekonomkaID = "ekonomka"

    /// Private scalars, 32 bytes big-endian, both in 1…n−1 of P-256 (drawn once with `openssl rand -hex 32`).
    static let starostaScalar = "5cffa4e05f460e571a12fb2832a97b001e163f3ea3f1cdaf1962db57ac26df45"
    static let ekonomkaScalar = "bc43579484019e7be3da5a3948205bbe00fdcd2e40bb6f506d64a9a10a0ad3f7"

    /// Příkazce operace.
    public static let starosta = signer(id: starostaID, scalarHex: starostaScalar)
    /// Správkyně rozpočtu.
    public static let ekonomka = signer(id: ekonomkaID, scalarHex: ekonomkaScalar)

    /// The kiosk-side view of the two demo approvers.
    public static var approvers: [Approver] {
        [
            Approver(id: starostaID, name: "Ing. Jan Dvořák, starosta", roles: [.prikazceOperace], publicKey: starosta.publicKey),
            Approver(id: ekonomkaID, name: "Marie Svobodová, ekonomka", roles: [.spravceRozpoctu], publicKey: ekonomka.publicKey),
        ]
    }

    public static var keyring: ApproverKeyring {
        // Two distinct, non-empty entries with roles: the initializer cannot refuse them (tested).
        do { return try ApproverKeyring(approvers) } catch { preconditionFailure("demo keyring refused: \(error)") }
    }

    /// The demo keyring as the kiosk's JSON configuration file expects it.
    public static var keyringJSON: String {
        let entries = approvers.map { approver in
            let roles = approver.roles.map(\.rawValue).sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            let pem = approver.publicKey.pemRepresentation.replacingOccurrences(of: "\n", with: "\\n")
            return "  {\"id\": \"\(approver.id)\", \"name\": \"\(approver.name)\", \"roles\": [\(roles)], "
                + "\"public_key_pem\": \"\(pem)\"}"
        }
        return "[\n" + entries.joined(separator: ",\n") + "\n]\n"
    }

    /// A voucher approved by both demo approvers, with a PIN verifier for `pin`.
    /// PBKDF2 at the minimum iteration count by default, so demos and tests stay quick.
    public static func signedVoucher(
        id: VoucherID, amount: Money, payeeName: String, expiry: DayDate, pin: String, boundKiosk: KioskCode? = nil,
        pinAlgorithm: PinVerifierMaker.Algorithm = .pbkdf2HMACSHA256(iterations: PinVerifierMaker.minimumPBKDF2Iterations)
    ) throws -> PayoutVoucher {
        let verifier = try PinVerifierMaker(pinAlgorithm).make(pin: pin)
        let terms = VoucherTerms(id: id, amount: amount, payeeName: payeeName, expiry: expiry, pinVerifier: verifier)
        let approvals = [try starosta.approve(terms, as: .prikazceOperace), try ekonomka.approve(terms, as: .spravceRozpoctu)]
        return try terms.voucher(approvals: approvals, boundKiosk: boundKiosk)
    }

    private static func signer(id: String, scalarHex: String) -> ApprovalSigner {
        var scalar: [UInt8] = []
        var digits = scalarHex.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            scalar.append(hexValue(high) << 4 | hexValue(low))
        }
        // Constants of this file, checked by the test suite; not input.
        do {
            return try ApprovalSigner(approverID: id, privateKey: P256.Signing.PrivateKey(rawRepresentation: scalar))
        } catch {
            preconditionFailure("demo approver \(id): fixed scalar is not a valid P-256 private key: \(error)")
        }
    }

    private static func hexValue(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: preconditionFailure("demo approver scalar: not a lowercase hex digit")
        }
    }
}

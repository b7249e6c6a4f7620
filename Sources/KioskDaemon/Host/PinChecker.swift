import Crypto
import _CryptoExtras
import Engine
import TownCore

/// Derives a key from an entered PIN with the voucher's KDF and compares it with the stored one in
/// constant time. Slow on purpose (hundreds of milliseconds): run it off the engine's actor.
/// Neither the PIN nor the derived key is ever logged or kept.
public enum PinChecker {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unsupportedAlgorithm(String)
        case missingParameter(algorithm: String, name: String)
        case weakParameters(String)
        case derivationFailed(String)

        public var description: String {
            switch self {
            case .unsupportedAlgorithm(let name):
                "expected a PIN KDF pbkdf2-hmac-sha256, pbkdf2-hmac-sha512 or scrypt, found \(name)"
            case .missingParameter(let algorithm, let name): "expected parameter \(name) for \(algorithm), found none"
            case .weakParameters(let detail): "PIN verifier parameters too weak: \(detail)"
            case .derivationFailed(let detail): "PIN key derivation failed: \(detail)"
            }
        }
    }

    /// PBKDF2 iterations below this are refused (swift-crypto's own floor, OWASP's figure for SHA-256).
    public static let minimumPBKDF2Iterations = 210_000

    /// True when `pin` derives the verifier's key. A verifier this kiosk cannot evaluate throws.
    public static func matches(_ pin: EnteredPIN, verifier: PinVerifier) throws(Failure) -> Bool {
        let derived = try derive(Array(pin.digits.utf8), verifier: verifier)
        return derived == SymmetricKey(data: verifier.derivedKey)  // SymmetricKey compares in constant time
    }

    /// The key `pin` derives under `verifier`'s algorithm and parameters (also used to make test vouchers).
    public static func derive(_ pin: [UInt8], verifier: PinVerifier) throws(Failure) -> SymmetricKey {
        let length = verifier.derivedKey.count
        switch verifier.algorithm {
        case "pbkdf2-hmac-sha256", "pbkdf2-hmac-sha512":
            guard let iterations = verifier.parameters["iterations"] else {
                throw .missingParameter(algorithm: verifier.algorithm, name: "iterations")
            }
            guard iterations >= minimumPBKDF2Iterations else {
                throw .weakParameters("expected at least \(minimumPBKDF2Iterations) iterations, found \(iterations)")
            }
            let hash: KDF.Insecure.PBKDF2.HashFunction = verifier.algorithm.hasSuffix("512") ? .sha512 : .sha256
            do {
                return try KDF.Insecure.PBKDF2.deriveKey(from: pin, salt: verifier.salt, using: hash,
                                                         outputByteCount: length, rounds: iterations)
            } catch {
                throw .derivationFailed("\(error)")
            }
        case "scrypt":
            let n = verifier.parameters["N"] ?? verifier.parameters["n"]
            guard let n else { throw .missingParameter(algorithm: "scrypt", name: "N") }
            guard let r = verifier.parameters["r"] else { throw .missingParameter(algorithm: "scrypt", name: "r") }
            guard let p = verifier.parameters["p"] else { throw .missingParameter(algorithm: "scrypt", name: "p") }
            guard n >= 1 << 14, r >= 1, p >= 1 else { throw .weakParameters("expected N ≥ 16384, r ≥ 1, p ≥ 1, found N \(n), r \(r), p \(p)") }
            do {
                return try KDF.Scrypt.deriveKey(from: pin, salt: verifier.salt, outputByteCount: length,
                                                rounds: n, blockSize: r, parallelism: p,
                                                maxMemory: 256 * n * r * p)
            } catch {
                throw .derivationFailed("\(error)")
            }
        default:
            throw .unsupportedAlgorithm(verifier.algorithm)
        }
    }
}

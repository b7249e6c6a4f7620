import Crypto
import _CryptoExtras
import Foundation
import TownCore

/// Makes a voucher's `PinVerifier` from the citizen's PIN (economics side), in the form the kiosk's
/// `PinChecker` evaluates offline: same algorithm names, same parameter names.
///
/// Each verifier gets a fresh 16-byte salt from a cryptographic RNG and a 32-byte derived key.
/// - `pbkdf2-hmac-sha256`, parameter `iterations` (≥ 210 000; default 600 000, OWASP's 2023 figure).
/// - `scrypt`, parameters `N` (power of two ≥ 2^14), `r`, `p`; e.g. N 2^15, r 8, p 1 takes 32 MiB.
/// The PIN is used only as KDF input: it is never stored, returned or put in an error message.
public struct PinVerifierMaker: Sendable {
    public enum Algorithm: Hashable, Sendable {
        case pbkdf2HMACSHA256(iterations: Int)
        case scrypt(n: Int, r: Int, p: Int)

        /// The name `PinVerifier.algorithm` carries.
        public var name: String {
            switch self {
            case .pbkdf2HMACSHA256: "pbkdf2-hmac-sha256"
            case .scrypt: "scrypt"
            }
        }

        /// The parameters `PinVerifier.parameters` carries, under the names the kiosk reads.
        public var parameters: [String: Int] {
            switch self {
            case .pbkdf2HMACSHA256(let iterations): ["iterations": iterations]
            case .scrypt(let n, let r, let p): ["N": n, "r": r, "p": p]
            }
        }
    }

    public static let defaultAlgorithm = Algorithm.pbkdf2HMACSHA256(iterations: 600_000)
    /// The kiosk refuses fewer (and swift-crypto will not derive with fewer).
    public static let minimumPBKDF2Iterations = 210_000
    public static let minimumScryptN = 1 << 14
    /// Scrypt memory (128·N·r·p bytes) above this is refused, so a kiosk can always afford the check.
    public static let maximumScryptMemoryBytes = 256 << 20
    public static let saltByteCount = 16
    public static let derivedKeyByteCount = 32
    /// A PIN is 4–8 ASCII digits (typed on the kiosk's numeric keypad).
    public static let pinLengths = 4...8

    public let algorithm: Algorithm

    public init(_ algorithm: Algorithm = PinVerifierMaker.defaultAlgorithm) throws(PinVerifierMakerError) {
        switch algorithm {
        case .pbkdf2HMACSHA256(let iterations):
            guard iterations >= PinVerifierMaker.minimumPBKDF2Iterations else {
                throw .weakParameters(
                    "expected at least \(PinVerifierMaker.minimumPBKDF2Iterations) PBKDF2 iterations, found \(iterations)")
            }
        case .scrypt(let n, let r, let p):
            guard n >= PinVerifierMaker.minimumScryptN, n.nonzeroBitCount == 1, r >= 1, p >= 1 else {
                throw .weakParameters("expected scrypt N a power of two ≥ 16384, r ≥ 1, p ≥ 1, found N \(n), r \(r), p \(p)")
            }
            let (nr, overflow1) = n.multipliedReportingOverflow(by: r)
            let (nrp, overflow2) = nr.multipliedReportingOverflow(by: p)
            guard !overflow1, !overflow2, nrp <= PinVerifierMaker.maximumScryptMemoryBytes / 128 else {
                throw .weakParameters("expected scrypt memory 128·N·r·p ≤ 256 MiB, found N \(n), r \(r), p \(p)")
            }
        }
        self.algorithm = algorithm
    }

    /// A verifier for `pin` with a salt from the system's cryptographic RNG.
    public func make(pin: String) throws(PinVerifierMakerError) -> PinVerifier {
        var generator = SystemRandomNumberGenerator()
        return try make(pin: pin, using: &generator)
    }

    /// A verifier for `pin` with a salt drawn from `generator` (tests inject a seeded one; production must not).
    public func make(pin: String, using generator: inout some RandomNumberGenerator) throws(PinVerifierMakerError) -> PinVerifier {
        var pinBytes = Array(pin.utf8)
        defer { for index in pinBytes.indices { pinBytes[index] = 0 } }  // best effort: drop our copy promptly
        guard PinVerifierMaker.pinLengths.contains(pinBytes.count), pinBytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .invalidPIN(length: pin.count)
        }
        var salt: [UInt8] = []
        while salt.count < PinVerifierMaker.saltByteCount {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) where salt.count < PinVerifierMaker.saltByteCount {
                salt.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        let key: SymmetricKey
        do {
            switch algorithm {
            case .pbkdf2HMACSHA256(let iterations):
                key = try KDF.Insecure.PBKDF2.deriveKey(from: pinBytes, salt: salt, using: .sha256,
                                                        outputByteCount: PinVerifierMaker.derivedKeyByteCount, rounds: iterations)
            case .scrypt(let n, let r, let p):
                key = try KDF.Scrypt.deriveKey(from: pinBytes, salt: salt, outputByteCount: PinVerifierMaker.derivedKeyByteCount,
                                               rounds: n, blockSize: r, parallelism: p,
                                               maxMemory: 128 * n * r * p + 128 * r * (p + 1) + (1 << 16))
            }
        } catch {
            throw .derivationFailed(String(describing: error))
        }
        let derivedKey = key.withUnsafeBytes { Array($0) }
        do {
            return try PinVerifier(algorithm: algorithm.name, parameters: algorithm.parameters, salt: salt, derivedKey: derivedKey)
        } catch {
            throw .derivationFailed(error.description)
        }
    }
}

/// Why no PIN verifier was made. Never contains the PIN.
public enum PinVerifierMakerError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidPIN(length: Int)
    case weakParameters(String)
    case derivationFailed(String)

    public var description: String {
        switch self {
        case .invalidPIN(let length):
            "expected a PIN of \(PinVerifierMaker.pinLengths.lowerBound)–\(PinVerifierMaker.pinLengths.upperBound) "
                + "ASCII digits, found \(length) characters that are not (PIN not shown)"
        case .weakParameters(let detail): "PIN KDF parameters refused: \(detail)"
        case .derivationFailed(let detail): "PIN key derivation failed: \(detail)"
        }
    }
}

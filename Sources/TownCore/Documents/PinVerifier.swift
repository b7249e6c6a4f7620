/// What the economics system stores to check a voucher PIN later: KDF name, its parameters, salt and the
/// derived key. Data only — deriving and comparing happens elsewhere, and the PIN itself never appears.
public struct PinVerifier: Hashable, Sendable, Codable, CustomStringConvertible {
    /// KDF identifier, e.g. `pbkdf2-hmac-sha256` or `argon2id`.
    public let algorithm: String
    /// Numeric KDF parameters by name, e.g. `["iterations": 600000]` or `["m": 19456, "t": 2, "p": 1]`.
    public let parameters: [String: Int]
    public let salt: [UInt8]
    public let derivedKey: [UInt8]

    /// Minimum salt length: 4 bytes = the 32-bit salt OWASP ASVS 6.5.2 asks for.
    public static let minimumSaltBytes = 4
    /// Minimum derived-key length: 16 bytes (128 bits).
    public static let minimumKeyBytes = 16

    public init(algorithm: String, parameters: [String: Int], salt: [UInt8], derivedKey: [UInt8]) throws(PinVerifierError) {
        guard !algorithm.isEmpty else { throw .emptyAlgorithm }
        guard salt.count >= PinVerifier.minimumSaltBytes else { throw .saltTooShort(bytes: salt.count) }
        guard derivedKey.count >= PinVerifier.minimumKeyBytes else { throw .keyTooShort(bytes: derivedKey.count) }
        self.algorithm = algorithm
        self.parameters = parameters
        self.salt = salt
        self.derivedKey = derivedKey
    }

    /// Names sizes, never the bytes, so logging a voucher cannot leak material for offline guessing.
    public var description: String {
        "PinVerifier(\(algorithm), salt \(salt.count) B, key \(derivedKey.count) B)"
    }

    private enum CodingKeys: String, CodingKey { case algorithm, parameters, salt, derivedKey }

    /// Decoding validates like the initializer.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            algorithm: c.decode(String.self, forKey: .algorithm), parameters: c.decode([String: Int].self, forKey: .parameters),
            salt: c.decode([UInt8].self, forKey: .salt), derivedKey: c.decode([UInt8].self, forKey: .derivedKey))
    }
}

/// A PIN verifier record that cannot be used.
public enum PinVerifierError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyAlgorithm
    case saltTooShort(bytes: Int)
    case keyTooShort(bytes: Int)

    public var description: String {
        switch self {
        case .emptyAlgorithm: "expected a PIN KDF algorithm name, found an empty one"
        case .saltTooShort(let bytes): "expected a PIN salt of at least \(PinVerifier.minimumSaltBytes) bytes, found \(bytes)"
        case .keyTooShort(let bytes): "expected a PIN derived key of at least \(PinVerifier.minimumKeyBytes) bytes, found \(bytes)"
        }
    }
}

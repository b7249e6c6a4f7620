/// 64-bit modular arithmetic for eSSP's Diffie–Hellman. Products are taken full-width
/// (128 bits) and reduced, so nothing overflows for any 64-bit modulus.
public enum ESSPArithmetic {
    /// (a × b) mod m; m must be non-zero (returns 0 for m == 0 rather than trapping).
    public static func multiplyModulo(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        guard m != 0 else { return 0 }
        let product = a.multipliedFullWidth(by: b)
        // high < m after reducing it first, which dividingFullWidth requires.
        return m.dividingFullWidth((high: product.high % m, low: product.low)).remainder
    }

    /// base^exponent mod m by square-and-multiply.
    public static func powerModulo(_ base: UInt64, _ exponent: UInt64, _ m: UInt64) -> UInt64 {
        guard m > 1 else { return 0 }
        var result: UInt64 = 1
        var square = base % m
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = multiplyModulo(result, square, m) }
            square = multiplyModulo(square, square, m)
            remaining >>= 1
        }
        return result
    }

    /// Deterministic Miller–Rabin: these twelve bases decide every 64-bit number.
    public static func isPrime(_ n: UInt64) -> Bool {
        let bases: [UInt64] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
        if n < 2 { return false }
        for p in bases where n % p == 0 { return n == p }
        var d = n - 1
        var shifts = 0
        while d & 1 == 0 { d >>= 1; shifts += 1 }
        witness: for a in bases {
            var x = powerModulo(a, d, n)
            if x == 1 || x == n - 1 { continue }
            for _ in 1..<max(shifts, 1) {
                x = multiplyModulo(x, x, n)
                if x == n - 1 { continue witness }
            }
            return false
        }
        return true
    }

    /// The first prime at or above a random start below `bound`, for SET_GENERATOR / SET_MODULUS.
    /// ITL's library draws primes below 2^31, the default here. `random` is the caller's entropy.
    public static func randomPrime(below bound: UInt64 = 1 << 31, random: () -> UInt64) -> UInt64? {
        guard bound > 3 else { return nil }
        var candidate = (random() % (bound - 3)) + 3
        while candidate < bound {
            if isPrime(candidate) { return candidate }
            candidate += 1
        }
        // Wrapped past the bound: search down instead.
        candidate = bound - 1
        while candidate >= 2 {
            if isPrime(candidate) { return candidate }
            candidate -= 1
        }
        return nil
    }
}

/// The host side of eSSP key negotiation: SYNC, SET_GENERATOR(g), SET_MODULUS(p),
/// REQUEST_KEY_EXCHANGE(g^r mod p) → slave's g^s mod p; key = (g^s)^r mod p.
/// The device answers PARAMETER_OUT_OF_RANGE if g or p is not prime, so both are checked here.
public struct ESSPKeyExchange: Hashable, Sendable {
    public let generator: UInt64
    public let modulus: UInt64
    /// The host's secret exponent, supplied by the caller (from a secure random source).
    public let hostRandom: UInt64

    public init(generator: UInt64, modulus: UInt64, hostRandom: UInt64) throws(ESSPKeyExchangeError) {
        guard ESSPArithmetic.isPrime(generator) else { throw .notPrime(field: "generator", value: generator) }
        guard ESSPArithmetic.isPrime(modulus) else { throw .notPrime(field: "modulus", value: modulus) }
        guard generator % modulus > 1 else { throw .degenerateGenerator(generator: generator, modulus: modulus) }
        guard hostRandom > 0 else { throw .zeroRandom }
        self.generator = generator
        self.modulus = modulus
        self.hostRandom = hostRandom
    }

    /// g^r mod p, sent with REQUEST_KEY_EXCHANGE.
    public var hostIntermediate: UInt64 { ESSPArithmetic.powerModulo(generator, hostRandom, modulus) }

    /// The three commands to send after SYNC, in order (all in plaintext).
    public var commands: [SSPCommand] {
        [.setGenerator(generator), .setModulus(modulus), .requestKeyExchange(hostIntermediate: hostIntermediate)]
    }

    /// The negotiated 64-bit key from the slave's intermediate value (REQUEST_KEY_EXCHANGE reply).
    public func negotiatedKey(slaveIntermediate: UInt64) throws(ESSPKeyExchangeError) -> UInt64 {
        guard slaveIntermediate > 1, slaveIntermediate < modulus else {
            throw .slaveIntermediateOutOfRange(slaveIntermediate, modulus: modulus)
        }
        return ESSPArithmetic.powerModulo(slaveIntermediate, hostRandom, modulus)
    }

    /// The slave's side (for the simulator): its intermediate value and the key it derives.
    public static func slaveResponse(generator: UInt64, modulus: UInt64, slaveRandom: UInt64,
                                     hostIntermediate: UInt64) -> (slaveIntermediate: UInt64, key: UInt64) {
        (ESSPArithmetic.powerModulo(generator, slaveRandom, modulus),
         ESSPArithmetic.powerModulo(hostIntermediate, slaveRandom, modulus))
    }
}

public enum ESSPKeyExchangeError: Error, Hashable, Sendable, CustomStringConvertible {
    case notPrime(field: String, value: UInt64)
    case degenerateGenerator(generator: UInt64, modulus: UInt64)
    case zeroRandom
    case slaveIntermediateOutOfRange(UInt64, modulus: UInt64)

    public var description: String {
        switch self {
        case .notPrime(let field, let value):
            return "eSSP \(field): expected a prime, found \(value)"
        case .degenerateGenerator(let generator, let modulus):
            return "eSSP generator: expected g mod p > 1, found \(generator) mod \(modulus) = \(modulus == 0 ? 0 : generator % modulus)"
        case .zeroRandom:
            return "eSSP host random: expected a non-zero secret exponent, found 0"
        case .slaveIntermediateOutOfRange(let value, let modulus):
            return "eSSP slave intermediate key: expected 2...\(modulus &- 1), found \(value)"
        }
    }
}

/// The AES-128 key: fixed 64-bit key ‖ negotiated 64-bit key, each little-endian.
public struct ESSPKey: Hashable, Sendable {
    /// ITL's factory default fixed key (kybarg, kassomat-payout).
    public static let defaultFixedKey: UInt64 = 0x0123_4567_0123_4567

    public let fixedKey: UInt64
    public let negotiatedKey: UInt64

    public init(fixedKey: UInt64 = ESSPKey.defaultFixedKey, negotiatedKey: UInt64) {
        self.fixedKey = fixedKey
        self.negotiatedKey = negotiatedKey
    }

    /// The 16 AES key bytes.
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.sspAppendLE64(fixedKey)
        bytes.sspAppendLE64(negotiatedKey)
        return bytes
    }
}

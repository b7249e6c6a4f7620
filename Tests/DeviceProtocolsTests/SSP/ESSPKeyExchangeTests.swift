import Testing
@testable import DeviceProtocols

@Suite("eSSP key exchange")
struct ESSPKeyExchangeTests {
    @Test("modular exponentiation, including full 64-bit moduli")
    func powerModulo() {
        #expect(ESSPArithmetic.powerModulo(4, 13, 497) == 445)
        #expect(ESSPArithmetic.powerModulo(2, 64, UInt64.max) == 1)
        let largestPrime: UInt64 = 18_446_744_073_709_551_557
        // Fermat: (p-1)^(p-2) mod p = p-1.
        #expect(ESSPArithmetic.powerModulo(largestPrime - 1, largestPrime - 2, largestPrime) == largestPrime - 1)
        #expect(ESSPArithmetic.powerModulo(123_456_789, 987_654_321, largestPrime) == 13_340_410_239_862_665_191)
        #expect(ESSPArithmetic.powerModulo(5, 0, 7) == 1)
        #expect(ESSPArithmetic.powerModulo(5, 3, 1) == 0)
        #expect(ESSPArithmetic.powerModulo(5, 3, 0) == 0)
        #expect(ESSPArithmetic.multiplyModulo(UInt64.max, UInt64.max, largestPrime)
            == ESSPArithmetic.powerModulo(UInt64.max % largestPrime, 2, largestPrime))
    }

    @Test("primality: small, Carmichael, strong pseudoprimes, 64-bit primes")
    func primality() {
        let primes: [UInt64] = [2, 3, 5, 37, 41, 0xFA13, 2_147_483_647, 2_305_843_009_213_693_951, 18_446_744_073_709_551_557]
        let composites: [UInt64] = [0, 1, 4, 561, 1_105, 3_215_031_751, 2_152_302_898_747, 341_550_071_728_321,
                                    3_825_123_056_546_413_051, UInt64.max]
        for prime in primes { #expect(ESSPArithmetic.isPrime(prime), "\(prime)") }
        for composite in composites { #expect(!ESSPArithmetic.isPrime(composite), "\(composite)") }
    }

    @Test("random primes from injected entropy are prime and below the bound")
    func randomPrimes() throws {
        var generator = SSPSeededGenerator(seed: 42)
        for _ in 0..<200 {
            let prime = try #require(ESSPArithmetic.randomPrime { generator.next() })
            #expect(ESSPArithmetic.isPrime(prime))
            #expect(prime < 1 << 31)
        }
        #expect(ESSPArithmetic.randomPrime(below: 3) { 0 } == nil)
        #expect(ESSPArithmetic.randomPrime(below: 16) { 0 } == 3)    // start 0 % 13 + 3 = 3
        #expect(ESSPArithmetic.randomPrime(below: 16) { 10 } == 13)  // start 13
        #expect(ESSPArithmetic.randomPrime(below: 16) { 12 } == 13)  // start 15, none above: search down
    }

    @Test("the exchange's commands include the protocols.md SET_GENERATOR 0xFA13 frame")
    func commands() throws {
        let exchange = try ESSPKeyExchange(generator: 0xFA13, modulus: 2_147_483_647, hostRandom: 12_345)
        let commands = exchange.commands
        #expect(commands.count == 3)
        let frame = try SSPFrame(sequenceFlag: true, address: 0, data: commands[0].encoded())
        #expect(frame.encoded() == sspBytes("7F 80 09 4A 13 FA 00 00 00 00 00 00 AF C2"))
        #expect(commands[1] == .setModulus(2_147_483_647))
        #expect(commands[2] == .requestKeyExchange(
            hostIntermediate: ESSPArithmetic.powerModulo(0xFA13, 12_345, 2_147_483_647)))
    }

    @Test("host and slave derive the same key for many random exchanges")
    func bothSidesAgree() throws {
        var random = SSPSeededGenerator(seed: 7)
        for _ in 0..<100 {
            let g = try #require(ESSPArithmetic.randomPrime { random.next() })
            let p = try #require(ESSPArithmetic.randomPrime { random.next() })
            guard g != p else { continue }
            let exchange = try ESSPKeyExchange(generator: g, modulus: p, hostRandom: random.next() | 1)
            let slave = ESSPKeyExchange.slaveResponse(generator: g, modulus: p, slaveRandom: random.next() | 1,
                                                      hostIntermediate: exchange.hostIntermediate)
            guard slave.slaveIntermediate > 1 else { continue }
            #expect(try exchange.negotiatedKey(slaveIntermediate: slave.slaveIntermediate) == slave.key)
        }
    }

    @Test("non-prime parameters, zero random and out-of-range slave keys are typed errors")
    func errors() throws {
        #expect(throws: ESSPKeyExchangeError.notPrime(field: "generator", value: 0xFA12)) {
            try ESSPKeyExchange(generator: 0xFA12, modulus: 2_147_483_647, hostRandom: 5)
        }
        #expect(throws: ESSPKeyExchangeError.notPrime(field: "modulus", value: 561)) {
            try ESSPKeyExchange(generator: 0xFA13, modulus: 561, hostRandom: 5)
        }
        #expect(throws: ESSPKeyExchangeError.degenerateGenerator(generator: 13, modulus: 13)) {
            try ESSPKeyExchange(generator: 13, modulus: 13, hostRandom: 5)
        }
        #expect(throws: ESSPKeyExchangeError.zeroRandom) {
            try ESSPKeyExchange(generator: 0xFA13, modulus: 2_147_483_647, hostRandom: 0)
        }
        let exchange = try ESSPKeyExchange(generator: 0xFA13, modulus: 2_147_483_647, hostRandom: 5)
        for bad: UInt64 in [0, 1, 2_147_483_647, UInt64.max] {
            #expect(throws: ESSPKeyExchangeError.slaveIntermediateOutOfRange(bad, modulus: 2_147_483_647)) {
                try exchange.negotiatedKey(slaveIntermediate: bad)
            }
        }
    }

    @Test("AES key = default fixed key ‖ negotiated key, both little-endian (protocols.md §2.8)")
    func keyBytes() {
        let key = ESSPKey(negotiatedKey: 0x1122_3344_5566_7788)
        #expect(key.bytes == sspBytes("67452301674523018877665544332211"))
        #expect(ESSPKey.defaultFixedKey == 0x0123_4567_0123_4567)
    }
}

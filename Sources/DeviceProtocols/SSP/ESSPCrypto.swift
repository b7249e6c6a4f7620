import Crypto
import _CryptoExtras

/// eSSP packet sealing: the frame's DATA becomes
/// `STEX(0x7E) | AES-128-ECB(eLEN | eCOUNT(4 LE) | DATA | packing | eCRC-L eCRC-H)`,
/// the encrypted part a multiple of 16 bytes, eCRC = SSP CRC over eLEN…packing.
/// Packing bytes come from the caller (random in production, fixed in tests).
public enum ESSPCipher {
    public static let stex: UInt8 = 0x7E
    static let blockSize = 16
    /// eLEN + eCOUNT + eCRC.
    static let overheadCount = 7
    /// The outer LEN (≤ 255) holds STEX + at most 240 encrypted bytes.
    public static let maximumDataCount = 240 - overheadCount

    /// How many packing bytes a payload of `dataCount` bytes needs.
    public static func packingCount(forDataCount dataCount: Int) -> Int {
        let unpadded = dataCount + overheadCount
        return (blockSize - unpadded % blockSize) % blockSize
    }

    /// Encrypts `data` with packet counter `count`. `packing` is asked for exactly
    /// `packingCount(forDataCount:)` bytes and must return that many.
    public static func seal(_ data: [UInt8], count: UInt32, key: ESSPKey,
                            packing: (Int) -> [UInt8]) throws(ESSPError) -> [UInt8] {
        guard (1...maximumDataCount).contains(data.count) else { throw .dataCountOutOfRange(data.count) }
        let packingCount = packingCount(forDataCount: data.count)
        let pad = packing(packingCount)
        guard pad.count == packingCount else { throw .packingCount(expected: packingCount, found: pad.count) }

        return [stex] + (try permuteBlocks(innerPacket(data, count: count, packing: pad), key: key, forward: true))
    }

    /// eLEN | eCOUNT | DATA | packing | eCRC — the plaintext that gets encrypted.
    static func innerPacket(_ data: [UInt8], count: UInt32, packing: [UInt8]) -> [UInt8] {
        var plain: [UInt8] = [UInt8(truncatingIfNeeded: data.count)]
        plain.sspAppendLE32(count)
        plain.append(contentsOf: data)
        plain.append(contentsOf: packing)
        plain.sspAppendLE16(CRC16.ssp.checksum(plain))
        return plain
    }

    /// Decrypts a frame's DATA field, checking STEX, block size, eLEN and eCRC.
    /// The counter is returned, not judged: `ESSPSession` decides what count is acceptable.
    public static func open(_ frameData: [UInt8], key: ESSPKey) throws(ESSPError) -> (count: UInt32, data: [UInt8]) {
        guard let first = frameData.first, first == stex else { throw .notEncrypted(firstByte: frameData.first) }
        let cipherCount = frameData.count - 1
        guard cipherCount > 0, cipherCount % blockSize == 0 else { throw .ciphertextCount(cipherCount) }
        let plain = try permuteBlocks(Array(frameData.dropFirst()), key: key, forward: false)

        let crcOffset = plain.count - 2
        let received = UInt16(plain[crcOffset]) | UInt16(plain[crcOffset + 1]) << 8
        let computed = CRC16.ssp.checksum(plain[0..<crcOffset])
        guard received == computed else { throw .crcMismatch(computed: computed, received: received) }

        let dataCount = Int(plain[0])
        guard dataCount >= 1, dataCount + overheadCount <= plain.count else {
            throw .innerLength(declared: dataCount, room: plain.count - overheadCount)
        }
        let count = plain[1...4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return (count, Array(plain[5..<(5 + dataCount)]))
    }

    /// AES-128-ECB over whole 16-byte blocks (`input.count` must be a multiple of 16).
    static func permuteBlocks(_ input: [UInt8], key: ESSPKey, forward: Bool) throws(ESSPError) -> [UInt8] {
        guard input.count % blockSize == 0 else { throw .ciphertextCount(input.count) }
        let symmetricKey = SymmetricKey(data: key.bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var start = 0
        while start < input.count {
            var block = Array(input[start..<(start + blockSize)])
            do {
                if forward {
                    try AES.permute(&block, key: symmetricKey)
                } else {
                    try AES.inversePermute(&block, key: symmetricKey)
                }
            } catch {
                throw .cipherFailure(String(describing: error))
            }
            output.append(contentsOf: block)
            start += blockSize
        }
        return output
    }
}

/// One direction-aware eSSP link with its packet counter (reset to 0 after key negotiation).
///
/// Counter rule, from ITL's C library and the skokov3812/…#44 capture: the host seals
/// command N and moves to N+1; the slave answers with N+1; the host's next command carries
/// N+1. So a host accepts only replies carrying its current counter, and a slave accepts only
/// commands carrying its current counter and replies with the incremented value. A retransmitted
/// command (identical bytes, same sequence flag) must make a slave resend its stored reply
/// without calling `open` again — that reply still carries the count the host expects.
public struct ESSPSession: Hashable, Sendable {
    public enum Role: Hashable, Sendable { case host, slave }

    public let key: ESSPKey
    public let role: Role
    /// Host: the count the next command carries and the next reply must carry.
    /// Slave: the count the next command must carry (replies carry it too, after the increment).
    public private(set) var counter: UInt32

    public init(key: ESSPKey, role: Role, counter: UInt32 = 0) {
        self.key = key
        self.role = role
        self.counter = counter
    }

    /// Seals a host command (then counts up) or a slave reply (with the current count).
    public mutating func seal(_ data: [UInt8], packing: (Int) -> [UInt8]) throws(ESSPError) -> [UInt8] {
        let sealed = try ESSPCipher.seal(data, count: counter, key: key, packing: packing)
        if role == .host { counter &+= 1 }
        return sealed
    }

    /// Opens a reply (host) or a command (slave, then counts up). A packet with an older count
    /// is a replay and a newer one is out of step; both are typed errors and change nothing.
    public mutating func open(_ frameData: [UInt8]) throws(ESSPError) -> [UInt8] {
        let (count, data) = try ESSPCipher.open(frameData, key: key)
        if count < counter { throw .replayedCounter(expected: counter, found: count) }
        if count > counter { throw .unexpectedCounter(expected: counter, found: count) }
        if role == .slave { counter &+= 1 }
        return data
    }
}

public enum ESSPError: Error, Hashable, Sendable, CustomStringConvertible {
    case dataCountOutOfRange(Int)
    case packingCount(expected: Int, found: Int)
    case notEncrypted(firstByte: UInt8?)
    case ciphertextCount(Int)
    case crcMismatch(computed: UInt16, received: UInt16)
    case innerLength(declared: Int, room: Int)
    case replayedCounter(expected: UInt32, found: UInt32)
    case unexpectedCounter(expected: UInt32, found: UInt32)
    case cipherFailure(String)

    public var description: String {
        switch self {
        case .dataCountOutOfRange(let count):
            return "eSSP data: expected 1...\(ESSPCipher.maximumDataCount) bytes, found \(count)"
        case .packingCount(let expected, let found):
            return "eSSP packing: expected \(expected) bytes, found \(found)"
        case .notEncrypted(let first):
            return "eSSP packet: expected STEX 0x7E, found \(first.map { "0x" + sspHex($0) } ?? "no data")"
        case .ciphertextCount(let count):
            return "eSSP ciphertext: expected a non-zero multiple of 16 bytes, found \(count)"
        case .crcMismatch(let computed, let received):
            return "eSSP inner CRC: expected 0x\(sspHex(computed)), found 0x\(sspHex(received))"
        case .innerLength(let declared, let room):
            return "eSSP eLEN: expected 1...\(max(room, 0)), found \(declared)"
        case .replayedCounter(let expected, let found):
            return "eSSP counter: expected \(expected), found older \(found) (replayed packet)"
        case .unexpectedCounter(let expected, let found):
            return "eSSP counter: expected \(expected), found \(found)"
        case .cipherFailure(let message):
            return "eSSP AES: expected a 16-byte block and key, failed with \(message)"
        }
    }
}

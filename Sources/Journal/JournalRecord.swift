import Crypto

/// One entry of a kiosk's journal: what happened, in order, chained to everything before it.
public struct JournalRecord: Hashable, Sendable {
    public let kioskID: String
    /// Gapless, starting at 1, allocated in the same transaction as the record.
    public let sequence: Int64
    /// Milliseconds since the Unix epoch. Informational only: ordering and dedupe use `sequence`.
    public let recordedAt: Int64
    public let type: String
    /// The record's content exactly as hashed (canonical JSON for typed records).
    public let payload: [UInt8]
    public let previousHash: [UInt8]
    public let hash: [UInt8]

    public init(kioskID: String, sequence: Int64, recordedAt: Int64, type: String, payload: [UInt8],
                previousHash: [UInt8], hash: [UInt8]) {
        self.kioskID = kioskID
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.type = type
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }

    /// Makes the record that follows `previousHash`, computing its hash.
    public static func chained(kioskID: String, sequence: Int64, recordedAt: Int64, type: String, payload: [UInt8],
                               previousHash: [UInt8]) -> JournalRecord {
        let digest = chainDigest(previous: previousHash, kioskID: kioskID, sequence: sequence, recordedAt: recordedAt, type: type, payload: payload)
        return JournalRecord(kioskID: kioskID, sequence: sequence, recordedAt: recordedAt, type: type, payload: payload,
                             previousHash: previousHash, hash: Array(digest))
    }

    /// The hash before the first record.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// The bytes the hash covers. Every column is in it, so editing the time, type or kiosk of a row
    /// breaks the chain just as editing the payload does. Fields are length-prefixed so no two
    /// different records share an encoding.
    public static func canonicalBytes(kioskID: String, sequence: Int64, recordedAt: Int64, type: String,
                                      payload: [UInt8]) -> [UInt8] {
        withCanonicalHeader(kioskID: kioskID, sequence: sequence, recordedAt: recordedAt, type: type, payloadCount: payload.count) {
            Array($0) + payload
        }
    }

    /// SHA-256 over (previous hash ‖ canonical bytes).
    public static func chainHash(previous: [UInt8], canonical: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonical)
        return Array(hasher.finalize())
    }

    /// The same hash as `chainHash(previous:canonical:)` without building the canonical bytes first: the
    /// server checks every record it receives, and copying the payload would cost as much as hashing it.
    static func chainDigest(previous: [UInt8], kioskID: String, sequence: Int64, recordedAt: Int64, type: String,
                            payload: [UInt8]) -> SHA256.Digest {
        var hasher = SHA256()
        hasher.update(data: previous)
        withCanonicalHeader(kioskID: kioskID, sequence: sequence, recordedAt: recordedAt, type: type, payloadCount: payload.count) {
            hasher.update(bufferPointer: $0)
        }
        hasher.update(data: payload)
        return hasher.finalize()
    }

    /// The canonical bytes up to the payload ("ICJ1", sequence, time, then kiosk id, type and the payload's
    /// length, each length-prefixed), in a temporary buffer: the one place the format is written down.
    private static func withCanonicalHeader<Result>(kioskID: String, sequence: Int64, recordedAt: Int64, type: String, payloadCount: Int,
                                                    _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var kioskID = kioskID
        var type = type
        let count = canonicalMagic.count + 5 * 8 + kioskID.utf8.count + type.utf8.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { header in
            var offset = 0
            func put<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
                offset = header[offset...].initialize(fromContentsOf: bytes) - header.startIndex
            }
            func put(_ value: UInt64) { withUnsafeBytes(of: value.bigEndian) { put($0) } }
            put(canonicalMagic)
            put(UInt64(bitPattern: sequence))
            put(UInt64(bitPattern: recordedAt))
            kioskID.withUTF8 { put(UInt64($0.count)); put($0) }
            type.withUTF8 { put(UInt64($0.count)); put($0) }
            put(UInt64(payloadCount))
            defer { header[..<offset].deinitialize() }
            return body(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: header[..<offset])))
        }
    }

    private static let canonicalMagic: [UInt8] = Array("ICJ1".utf8)

    /// True when `hash` really is the hash of this record's content after `previousHash`.
    public var hasValidHash: Bool {
        let digest = Self.chainDigest(previous: previousHash, kioskID: kioskID, sequence: sequence, recordedAt: recordedAt,
                                      type: type, payload: payload)
        return digest.withUnsafeBytes { $0.elementsEqual(hash) }
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hex, for logs and CLI output.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import Foundation

/// One journal record on the wire, field for field the kiosk's `JournalRecord` minus the kiosk id (the
/// batch names the kiosk once). The server recomputes `hash` from these exact bytes, so `payload` travels
/// as base64 of the stored bytes, never re-serialized JSON.
public struct WireRecord: Hashable, Sendable, Codable {
    public var sequence: Int64
    /// Unix milliseconds, as journaled.
    public var recordedAt: Int64
    public var type: String
    public var payload: [UInt8]
    public var previousHash: [UInt8]
    public var hash: [UInt8]

    public static let hashLength = 32

    public init(sequence: Int64, recordedAt: Int64, type: String, payload: [UInt8], previousHash: [UInt8], hash: [UInt8]) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.type = type
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }

    enum CodingKeys: String, CodingKey {
        case sequence, recordedAt = "recorded_at", type, payload, previousHash = "previous_hash", hash
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try c.decode(Int64.self, forKey: .sequence)
        guard sequence >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .sequence, in: c, debugDescription: "expected a sequence ≥ 1, found \(sequence)")
        }
        recordedAt = try c.decode(Int64.self, forKey: .recordedAt)
        type = try c.decode(String.self, forKey: .type)
        guard !type.isEmpty, type.utf8.count <= 64 else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: c,
                                                   debugDescription: "expected a record type of 1–64 bytes, found \(ByteText.preview(type))")
        }
        let payloadText = try c.decode(String.self, forKey: .payload)
        guard let payload = ByteText.bytes(fromBase64: payloadText) else {
            throw DecodingError.dataCorruptedError(forKey: .payload, in: c,
                                                   debugDescription: "expected standard base64, found \(ByteText.preview(payloadText))")
        }
        self.payload = payload
        previousHash = try Self.decodeHash(c, .previousHash)
        hash = try Self.decodeHash(c, .hash)
    }

    private static func decodeHash(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [UInt8] {
        let text = try c.decode(String.self, forKey: key)
        guard text.utf8.count == hashLength * 2, ByteText.isLowercaseHex(text), let bytes = ByteText.bytes(fromHex: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c,
                                                   debugDescription: "expected \(hashLength * 2) lowercase hex digits, found \(ByteText.preview(text, limit: 70))")
        }
        return bytes
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(recordedAt, forKey: .recordedAt)
        try c.encode(type, forKey: .type)
        try c.encode(ByteText.base64(payload), forKey: .payload)
        try c.encode(ByteText.hex(previousHash), forKey: .previousHash)
        try c.encode(ByteText.hex(hash), forKey: .hash)
    }
}

/// `POST /sync/v1/journal` body.
public struct JournalPush: Hashable, Sendable, Codable {
    public var kiosk: String
    public var records: [WireRecord]

    public init(kiosk: String, records: [WireRecord]) {
        self.kiosk = kiosk
        self.records = records
    }

    /// The most records one push may carry; the server answers 413-style `batch_too_large` above it.
    public static let maximumRecords = 2_000
}

/// `POST /sync/v1/journal` answer: the highest sequence the server holds with an unbroken chain from 1.
/// The kiosk may drop its outbox through this sequence.
public struct JournalAcknowledgement: Hashable, Sendable, Codable {
    public var acknowledgedThrough: Int64

    public init(acknowledgedThrough: Int64) { self.acknowledgedThrough = acknowledgedThrough }

    enum CodingKeys: String, CodingKey { case acknowledgedThrough = "acknowledged_through" }
}

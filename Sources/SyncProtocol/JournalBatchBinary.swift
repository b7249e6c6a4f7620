/// `POST /sync/v1/journal` body in binary: the same `JournalPush` as the JSON form, without base64, hex or a
/// JSON parser on either side (the catch-up of a kiosk that was offline for weeks is mostly this).
///
/// Layout, integers big-endian:
/// ```
/// "ICJB" · version u8 (1) · kiosk length u8 · kiosk (UTF-8) · record count u32
/// per record: sequence i64 · recorded_at i64 · type length u8 · type (UTF-8)
///             · payload length u32 · payload · previous_hash (32) · hash (32)
/// ```
/// Nothing may follow the last record. The payload bytes are the journaled bytes, as in the JSON form.
public enum JournalBatchBinary {
    public static let contentType = "application/vnd.ironcashier.journal-batch"
    static let magic: [UInt8] = Array("ICJB".utf8)
    static let version: UInt8 = 1
    /// A journal record's payload is a small JSON document; anything near this is not one.
    public static let maximumPayloadBytes = 1 << 20

    /// The kiosk id (≤ 255 bytes) and record types (≤ 64 bytes) fit their length bytes: the journal guarantees both.
    public static func encode(_ push: JournalPush) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16 + push.kiosk.utf8.count
                            + push.records.reduce(0) { $0 + 89 + $1.type.utf8.count + $1.payload.count })
        out += magic
        out.append(version)
        out.append(UInt8(truncatingIfNeeded: push.kiosk.utf8.count))
        out += push.kiosk.utf8
        append(UInt32(truncatingIfNeeded: push.records.count), to: &out)
        for record in push.records {
            append(UInt64(bitPattern: record.sequence), to: &out)
            append(UInt64(bitPattern: record.recordedAt), to: &out)
            out.append(UInt8(truncatingIfNeeded: record.type.utf8.count))
            out += record.type.utf8
            append(UInt32(truncatingIfNeeded: record.payload.count), to: &out)
            out += record.payload
            out += record.previousHash
            out += record.hash
        }
        return out
    }

    /// Decodes and checks a body; the error names the record and field and says what was expected.
    public static func decode(_ bytes: [UInt8]) throws(WireDecodingError) -> JournalPush {
        var reader = Reader(bytes: bytes)
        guard try reader.bytes(4, "", nil) == magic else {
            throw WireDecodingError(path: "", message: "expected a journal batch starting with \"ICJB\", found other bytes")
        }
        let version = try reader.byte("version", nil)
        guard version == Self.version else {
            throw WireDecodingError(path: "version", message: "expected version \(Self.version), found \(version)")
        }
        let kiosk = try reader.text(length: Int(try reader.byte("kiosk", nil)), "kiosk", nil)
        let count = Int(try reader.uint32("records", nil))
        guard count <= JournalPush.maximumRecords else {
            throw WireDecodingError(path: "records", message: "expected at most \(JournalPush.maximumRecords) records, found \(count)")
        }
        var records: [WireRecord] = []
        records.reserveCapacity(count)
        for index in 0..<count {
            let sequence = Int64(bitPattern: try reader.uint64("sequence", index))
            guard sequence >= 1 else {
                throw WireDecodingError(path: Reader.path("sequence", index), message: "expected a sequence ≥ 1, found \(sequence)")
            }
            let recordedAt = Int64(bitPattern: try reader.uint64("recorded_at", index))
            let typeLength = Int(try reader.byte("type", index))
            guard (1...64).contains(typeLength) else {
                throw WireDecodingError(path: Reader.path("type", index), message: "expected a record type of 1–64 bytes, found \(typeLength)")
            }
            let type = try reader.text(length: typeLength, "type", index)
            let payloadLength = Int(try reader.uint32("payload", index))
            guard payloadLength <= maximumPayloadBytes else {
                throw WireDecodingError(path: Reader.path("payload", index),
                                        message: "expected at most \(maximumPayloadBytes) bytes, found \(payloadLength)")
            }
            let payload = try reader.bytes(payloadLength, "payload", index)
            let previousHash = try reader.bytes(WireRecord.hashLength, "previous_hash", index)
            let hash = try reader.bytes(WireRecord.hashLength, "hash", index)
            records.append(WireRecord(sequence: sequence, recordedAt: recordedAt, type: type, payload: payload,
                                      previousHash: previousHash, hash: hash))
        }
        guard reader.remaining == 0 else {
            throw WireDecodingError(path: "", message: "expected the body to end after \(count) records, found \(reader.remaining) more bytes")
        }
        return JournalPush(kiosk: kiosk, records: records)
    }

    private static func append(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out += $0 }
    }

    private static func append(_ value: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out += $0 }
    }

    /// Bounds-checked reading: running out of bytes is an error naming the field, never a trap. Fields are
    /// named by a literal and the record's index; the path is spelled out only for an error.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var remaining: Int { bytes.count - offset }

        static func path(_ field: String, _ record: Int?) -> String {
            guard let record else { return field }
            return "records[\(record)]" + (field.isEmpty ? "" : "." + field)
        }

        private func need(_ count: Int, _ field: String, _ record: Int?) throws(WireDecodingError) {
            guard count <= remaining else {
                throw WireDecodingError(path: Self.path(field, record),
                                        message: "expected \(count) more bytes, found \(remaining) before the end of the body")
            }
        }

        mutating func bytes(_ count: Int, _ field: String, _ record: Int?) throws(WireDecodingError) -> [UInt8] {
            try need(count, field, record)
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func byte(_ field: String, _ record: Int?) throws(WireDecodingError) -> UInt8 {
            try need(1, field, record)
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint32(_ field: String, _ record: Int?) throws(WireDecodingError) -> UInt32 {
            UInt32(truncatingIfNeeded: try integer(4, field, record))
        }

        mutating func uint64(_ field: String, _ record: Int?) throws(WireDecodingError) -> UInt64 {
            try integer(8, field, record)
        }

        private mutating func integer(_ width: Int, _ field: String, _ record: Int?) throws(WireDecodingError) -> UInt64 {
            try need(width, field, record)
            var value: UInt64 = 0
            for index in offset..<offset + width { value = value << 8 | UInt64(bytes[index]) }
            offset += width
            return value
        }

        mutating func text(length: Int, _ field: String, _ record: Int?) throws(WireDecodingError) -> String {
            let raw = try bytes(length, field, record)
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw WireDecodingError(path: Self.path(field, record), message: "expected UTF-8 text, found invalid bytes")
            }
            return text
        }
    }
}

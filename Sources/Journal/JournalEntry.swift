import Foundation

/// A typed journal record. Its payload is canonical JSON: keys sorted, no insignificant white space,
/// so the same entry always hashes to the same bytes.
public protocol JournalEntry: Codable, Sendable {
    /// A stable, dotted name such as `cash.note_credited`; it is part of the hashed record.
    static var recordType: String { get }
}

public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T) throws(JournalError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw .encoding("\(T.self): \(error)")
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}

extension JournalRecord {
    /// Decodes the payload as `T` when the record type matches, nil when it is another kind of record.
    public func decode<T: JournalEntry>(_ type: T.Type) throws -> T? {
        guard self.type == T.recordType else { return nil }
        return try CanonicalJSON.decode(type, from: payload)
    }
}

/// What is wrong with a journal, pinned to the first record where it shows.
public enum JournalDefect: Error, Equatable, Sendable, CustomStringConvertible {
    /// A sequence number is missing (or a row was deleted): `expected` was due, `found` came.
    case gap(expected: Int64, found: Int64)
    /// The record does not point at the hash of the one before it (deleted, inserted or reordered rows).
    case brokenLink(sequence: Int64)
    /// The record's content no longer matches its hash (an edited row).
    case alteredRecord(sequence: Int64)
    /// A record claims to come from another kiosk.
    case foreignKiosk(sequence: Int64, expected: String, found: String)
    /// An outbox row points at no journal record.
    case orphanOutboxRow(sequence: Int64)

    public var description: String {
        switch self {
        case .gap(let expected, let found):
            return "gap in the journal: expected sequence \(expected), found \(found)"
        case .brokenLink(let sequence):
            return "broken chain at sequence \(sequence): its previous hash is not the hash of record \(sequence - 1)"
        case .alteredRecord(let sequence):
            return "record \(sequence) was altered: its content does not match its hash"
        case .foreignKiosk(let sequence, let expected, let found):
            return "record \(sequence) belongs to kiosk \(found), expected \(expected)"
        case .orphanOutboxRow(let sequence):
            return "outbox row \(sequence) has no journal record"
        }
    }
}

/// Checks records one after another: gapless sequence from `startSequence`, each linked to the previous hash,
/// each hash matching its content. Pure, so the town server checks incoming batches with the same code.
public struct ChainVerifier: Sendable {
    public let kioskID: String
    public private(set) var nextSequence: Int64
    public private(set) var headHash: [UInt8]

    /// Starts at the beginning of a journal, or after a record already known to be good.
    public init(kioskID: String, after sequence: Int64 = 0, headHash: [UInt8] = JournalRecord.genesisHash) {
        self.kioskID = kioskID
        self.nextSequence = sequence + 1
        self.headHash = headHash
    }

    /// Accepts the next record or names the defect; on a defect the verifier does not advance.
    public mutating func check(_ record: JournalRecord) -> JournalDefect? {
        guard record.kioskID == kioskID else {
            return .foreignKiosk(sequence: record.sequence, expected: kioskID, found: record.kioskID)
        }
        guard record.sequence == nextSequence else { return .gap(expected: nextSequence, found: record.sequence) }
        guard record.previousHash == headHash else { return .brokenLink(sequence: record.sequence) }
        guard record.hasValidHash else { return .alteredRecord(sequence: record.sequence) }
        nextSequence += 1
        headHash = record.hash
        return nil
    }

    public var lastSequence: Int64 { nextSequence - 1 }
}

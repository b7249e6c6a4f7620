import Engine
import Foundation
import Journal
import SQLiteDB

/// A real kiosk journal of N chained records shaped like the engine's: each payment is the record
/// sequence kioskd writes for a 100 Kč fee paid with one note (payloads copied from a kioskd journal,
/// with the transaction, receipt and credit key varied), so the server derives postings as in service.
enum SyncJournalFixture {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// One payment's records; `@TX@` is the transaction number, `@RECEIPT@` the same number as six digits.
    static let payment: [(type: String, payload: String)] = [
        ("payment.started", #"{"amount":10000,"outstanding":10000,"target":{"allowsPartialPayment":false,"description":"Poplatek","id":"BENCH","kind":"fee"},"transaction":@TX@}"#),
        ("payment.method_chosen", #"{"amount":10000,"cardDue":0,"cashDue":10000,"method":{"cash":{}},"rounding":{"difference":0,"original":10000,"rounded":10000,"tender":"cash"},"transaction":@TX@}"#),
        ("cash.note_accepting", #"{"denomination":10000,"transaction":@TX@}"#),
        ("cash.note_credited", #"{"credit":{"creditedTotal":10000,"denomination":10000,"key":"note:nv200-5a1df74fea452557-@TX@","transaction":@TX@}}"#),
        ("receipt.issued", #"{"amount":10000,"card":0,"cash":10000,"change":0,"day":"2026-11-27","description":"Poplatek","kind":"payment","number":"K01-2026-@RECEIPT@","owed":0,"rounding":0,"transaction":@TX@}"#),
        ("transaction.closed", #"{"outcome":"completed","reference":"K01-T@RECEIPT@","transaction":@TX@}"#),
    ]

    /// Receipts (one posting each) among the first `records` records.
    static func receipts(in records: Int) -> Int {
        let receiptIndex = payment.firstIndex { $0.type == "receipt.issued" } ?? 0
        return records / payment.count + (records % payment.count > receiptIndex ? 1 : 0)
    }

    static func payload(_ template: String, transaction: Int) -> [UInt8] {
        let receipt = String(repeating: "0", count: max(0, 6 - String(transaction).count)) + String(transaction)
        return Array(template.replacingOccurrences(of: "@TX@", with: String(transaction))
            .replacingOccurrences(of: "@RECEIPT@", with: receipt).utf8)
    }

    /// Creates the journal with `Journal` (schema, kiosk binding), writes the chain in one transaction (one
    /// fsync instead of 100 000: the fixture is not what is measured), then proves it with `verify()`.
    static func make(path: String, kioskID: String, records: Int) throws -> Journal {
        let journal = try Journal(path: path, kioskID: kioskID)
        // Every template must decode as the engine record it imitates, or the server would only store it.
        for (index, entry) in payment.enumerated() {
            let probe = JournalRecord.chained(kioskID: kioskID, sequence: Int64(index + 1), recordedAt: 0, type: entry.type,
                                              payload: payload(entry.payload, transaction: 1), previousHash: JournalRecord.genesisHash)
            do {
                guard try EngineRecord(decoding: probe) != nil else { throw Failure(description: "unknown record type") }
            } catch {
                throw Failure(description: "fixture record \(entry.type): expected an engine record, found: \(error)")
            }
        }
        let writer = try Connection(path: path)
        let insertRecord = try writer.prepare("""
            INSERT INTO journal (seq, kiosk_id, recorded_at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let insertOutbox = try writer.prepare("INSERT INTO outbox (seq) VALUES (?)")
        let firstRecordedAt = Journal.wallClockMilliseconds() - Int64(records) * 50
        try writer.inTransaction(.immediate) {
            var previous = JournalRecord.genesisHash
            for index in 0..<records {
                let entry = payment[index % payment.count]
                let record = JournalRecord.chained(kioskID: kioskID, sequence: Int64(index + 1), recordedAt: firstRecordedAt + Int64(index) * 50,
                                                   type: entry.type, payload: payload(entry.payload, transaction: index / payment.count + 1),
                                                   previousHash: previous)
                try insertRecord.run([record.sequence, record.kioskID, record.recordedAt, record.type, record.payload,
                                      record.previousHash, record.hash])
                try insertOutbox.run([record.sequence])
                previous = record.hash
            }
        }
        writer.close()
        let summary = try journal.verify()
        guard summary.recordCount == Int64(records), summary.pendingOutbox == records else {
            throw Failure(description: "expected \(records) verified records all in the outbox, found \(summary.recordCount) and \(summary.pendingOutbox)")
        }
        return journal
    }

    /// Puts every record back in the outbox, as if none had been sent, for the next run.
    static func refillOutbox(path: String) throws {
        let writer = try Connection(path: path)
        defer { writer.close() }
        try writer.execute("INSERT OR IGNORE INTO outbox (seq) SELECT seq FROM journal")
    }
}

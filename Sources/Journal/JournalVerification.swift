import SQLiteDB

/// What a successful verification found.
public struct JournalSummary: Sendable, Equatable {
    public let kioskID: String
    public let recordCount: Int64
    public let lastSequence: Int64
    public let headHash: [UInt8]
    public let pendingOutbox: Int
}

extension Journal {
    /// Walks the whole chain from record 1 and reports the first gap, broken link, altered row or orphaned
    /// outbox row. Run at every boot; a kiosk whose journal fails this stays out of service.
    public func verify() throws(JournalError) -> JournalSummary {
        var verifier = ChainVerifier(kioskID: kioskID)
        var defect: JournalDefect?
        do {
            try forEachRecord { record in
                if let found = verifier.check(record) {
                    defect = found
                    throw VerificationStopped()
                }
            }
        } catch is VerificationStopped {
        } catch let error as SQLiteError {
            throw .storage(error)
        } catch {
            throw .unreadable("\(error)")
        }
        if let defect { throw .defect(defect) }

        let orphan: Int64?
        let pending: Int
        do {
            orphan = try connection.prepare("""
                SELECT o.seq FROM outbox o LEFT JOIN journal j ON j.seq = o.seq WHERE j.seq IS NULL ORDER BY o.seq LIMIT 1
                """).firstRow()?.int64(0)
            pending = try pendingOutboxCount()
        } catch let error as JournalError {
            throw error
        } catch {
            throw .storage(error as? SQLiteError ?? SQLiteError(code: .misuse, message: "\(error)"))
        }
        if let orphan { throw .defect(.orphanOutboxRow(sequence: orphan)) }
        return JournalSummary(kioskID: kioskID, recordCount: verifier.lastSequence, lastSequence: verifier.lastSequence,
                              headHash: verifier.headHash, pendingOutbox: pending)
    }
}

private struct VerificationStopped: Error {}

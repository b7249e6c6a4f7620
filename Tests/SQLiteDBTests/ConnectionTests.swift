import Foundation
import Testing
import TestSupport
@testable import SQLiteDB

@Suite struct ConnectionTests {
    @Test func opensWithTheSettingsMoneyNeeds() throws {
        let dir = try TemporaryDirectory()
        let db = try Connection(path: dir.path("a.sqlite"))
        #expect(try db.prepare("PRAGMA journal_mode").firstRow()?[0] == .text("wal"))
        #expect(try db.prepare("PRAGMA synchronous").firstRow()?[0] == .integer(2))
        #expect(try db.prepare("PRAGMA foreign_keys").firstRow()?[0] == .integer(1))
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("text.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SQLiteError.self) { try Connection(path: path) }
        #expect(error?.code.primary == .notADatabase)
        #expect(error?.message.contains("text.sqlite") == true || error?.message.contains("not a database") == true)
    }

    @Test func refusesACorruptedDatabaseAtOpen() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("c.sqlite")
        do {
            let db = try Connection(path: path)
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL); CREATE INDEX t_v ON t(v)")
            let insert = try db.prepare("INSERT INTO t (v) VALUES (?)")
            try db.inTransaction { for i in 0..<2_000 { try insert.run([Array(repeating: UInt8(i % 251), count: 40)]) } }
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
        }
        // Scribble over the middle of the file (table and index pages), keeping the header intact.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        handle.write(Data((0..<12_288).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }))
        try handle.close()
        #expect(throws: SQLiteError.self) { try Connection(path: path) }
    }

    @Test func transactionCommitsOnReturnAndRollsBackOnThrow() throws {
        let dir = try TemporaryDirectory()
        let db = try Connection(path: dir.path("t.sqlite"))
        try db.execute("CREATE TABLE t (v INTEGER NOT NULL) STRICT")
        try db.inTransaction { try db.prepare("INSERT INTO t VALUES (1)").run() }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.inTransaction {
                try db.prepare("INSERT INTO t VALUES (2)").run()
                throw Boom()
            }
        }
        #expect(try db.prepare("SELECT count(*), sum(v) FROM t").firstRow()?.values == [.integer(1), .integer(1)])
        #expect(!db.isInTransaction)
    }

    @Test func constraintErrorsCarryExtendedAndPrimaryCodes() throws {
        let dir = try TemporaryDirectory()
        let db = try Connection(path: dir.path("k.sqlite"))
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE) STRICT")
        try db.prepare("INSERT INTO t (name) VALUES (?)").run(["a"])
        let error = #expect(throws: SQLiteError.self) { try db.prepare("INSERT INTO t (name) VALUES (?)").run(["a"]) }
        #expect(error?.code.primary == .constraint)
        #expect(error?.code != .constraint, "the extended code (SQLITE_CONSTRAINT_UNIQUE) is kept")
        #expect(error?.sql?.contains("INSERT INTO t") == true)
    }

    @Test func bindsEveryValueKindAndReportsWrongParameterCounts() throws {
        let dir = try TemporaryDirectory()
        let db = try Connection(path: dir.path("b.sqlite"))
        try db.execute("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n ANY) STRICT")
        let insert = try db.cached("INSERT INTO t VALUES (?, ?, ?, ?)")
        try insert.run([Int64.max, "žluťoučký kůň", [UInt8]([0, 0x7F, 0xFF]), SQLiteValue.null])
        try insert.run([Int64.min, "", [UInt8](), SQLiteValue.null])
        #expect(try db.cached("INSERT INTO t VALUES (?, ?, ?, ?)") === insert, "cached statements are reused")
        let rows = try db.prepare("SELECT i, s, b, n FROM t ORDER BY rowid").rows()
        #expect(rows[0].values == [.integer(Int64.max), .text("žluťoučký kůň"), .blob([0, 0x7F, 0xFF]), .null])
        #expect(try rows[1].int64(0) == Int64.min)
        #expect(try rows[1].blob(2) == [])
        #expect(throws: SQLiteError.self) { try rows[0].string(0) }
        let error = #expect(throws: SQLiteError.self) { try insert.run([1]) }
        #expect(error?.message.contains("takes 4 parameters, got 1") == true)
    }

    @Test func readOnlyConnectionsCannotWrite() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("r.sqlite")
        let writer = try Connection(path: path)
        try writer.execute("CREATE TABLE t (v INTEGER) STRICT")
        let reader = try Connection(path: path, options: ConnectionOptions(mode: .readOnly))
        let error = #expect(throws: SQLiteError.self) { try reader.execute("INSERT INTO t VALUES (1)") }
        #expect(error?.code.primary == .readOnly)
    }
}

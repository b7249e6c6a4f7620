import Testing
import TestSupport
@testable import SQLiteDB

@Suite struct MigratorTests {
    let migrations = [
        Migration(version: 1, name: "create", sql: "CREATE TABLE a (v INTEGER) STRICT"),
        Migration(version: 2, name: "add", sql: "CREATE TABLE b (v INTEGER) STRICT"),
    ]

    @Test func appliesEachMigrationOnceInOrder() throws {
        let dir = try TemporaryDirectory()
        let db = try Connection(path: dir.path("m.sqlite"))
        let first = try Migrator(Array(migrations.prefix(1))).migrate(db)
        #expect(first.from == 0 && first.to == 1)
        let second = try Migrator(migrations).migrate(db)
        #expect(second.from == 1 && second.to == 2)
        let again = try Migrator(migrations).migrate(db)
        #expect(again.from == 2 && again.to == 2)
        #expect(try db.prepare("SELECT count(*) FROM schema_migrations").firstRow()?[0] == .integer(2))
    }

    @Test func refusesASchemaNewerThanTheProgram() throws {
        let dir = try TemporaryDirectory()
        let db = try Connection(path: dir.path("n.sqlite"))
        try Migrator(migrations).migrate(db)
        let error = #expect(throws: SQLiteError.self) { try Migrator(Array(migrations.prefix(1))).migrate(db) }
        #expect(error?.message.contains("newer than this program knows") == true)
    }

    @Test func aFailingMigrationLeavesTheVersionUnchanged() throws {
        let dir = try TemporaryDirectory()
        let db = try Connection(path: dir.path("f.sqlite"))
        let broken = migrations + [Migration(version: 3, name: "broken", sql: "CREATE TABLE c (v INTEGER); CREATE TABLE c (v INTEGER)")]
        let error = #expect(throws: SQLiteError.self) { try Migrator(broken).migrate(db) }
        #expect(error?.message.contains("migration 3 (broken) failed") == true)
        #expect(try Migrator(broken).currentVersion(of: db) == 2)
        #expect(try db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'c'").firstRow()?[0] == .integer(0))
    }
}

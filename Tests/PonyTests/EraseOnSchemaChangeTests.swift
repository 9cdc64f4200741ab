import Pony
import Testing

@Entity final class Drawer {
    var label: String
    init(label: String) { self.label = label }
}

/// `Migrator.eraseDatabaseOnSchemaChange`, the development switch: a database whose migrations changed is
/// erased and migrated again; one whose migrations did not is left alone.
@Suite("Erasing the database on a schema change", .serialized, .syncSessionsInTests)
struct EraseOnSchemaChangeTests {
    /// A migrator, erasing on schema change, whose "v1" creates the `Memo` table with `columns`.
    func migrator(v1 columns: String) -> Migrator {
        var migrator = Migrator()
        migrator.eraseDatabaseOnSchemaChange = true
        migrator.registerMigration("v1") { change in
            try change.execute(sql: "CREATE TABLE \"Memo\" (\(columns))")
        }
        return migrator
    }

    /// A database with a `Drawer` entity table holding one row, migrated by `migrator(v1: "title TEXT")`,
    /// with one memo.
    func migratedDatabase() throws -> Database {
        let db = try makeDatabase([Drawer.self])
        try db.session { _ = Drawer(label: "fiction") }
        try migrator(v1: "title TEXT").migrate(db)
        try db.session { _ = try db.execute(sql: "INSERT INTO \"Memo\" (title) VALUES ('kept?')") }
        return db
    }

    func tables(in db: Database) throws -> Set<String> {
        let query = TestDatabaseKind.isPostgreSQL
            ? "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            : "SELECT name FROM sqlite_schema WHERE type = 'table'"
        return Set(try db.session { try db.select(sql: query) }.map { try $0.decode("name", as: String.self) })
    }

    @Test func unchangedMigrationsLeaveTheDatabaseAlone() throws {
        let db = try migratedDatabase()
        defer { try? db.disconnect() }
        let report = try migrator(v1: "title TEXT").migrate(db)
        #expect(report == MigrationReport(applied: [], erasedBecause: nil))
        #expect(try rowCount("Memo", in: db) == 1)
        #expect(try rowCount("Drawer", in: db) == 1)
    }

    @Test func anEditedMigrationErasesTheDatabaseAndRunsAgain() throws {
        let db = try migratedDatabase()
        defer { try? db.disconnect() }
        let report = try migrator(v1: "title TEXT, body TEXT NOT NULL").migrate(db)
        #expect(report.applied == ["v1"])
        let reason = try #require(report.erasedBecause)
        #expect(reason.contains("table \"Memo\" has columns (\"title\" TEXT)"), "\(reason)")
        #expect(try tables(in: db) == ["Memo", Migrator.table], "the entities' tables are dropped too, for generateMapping to create")
        #expect(try rowCount("Memo", in: db) == 0)
        try db.session { _ = try db.execute(sql: "INSERT INTO \"Memo\" (title, body) VALUES ('new', 'schema')") }
    }

    @Test func aNewMigrationIsOnlyApplied() throws {
        let db = try migratedDatabase()
        defer { try? db.disconnect() }
        var later = migrator(v1: "title TEXT")
        later.registerMigration("v2") { change in try change.createIndex("memo_title", on: "Memo", columns: ["title"]) }
        #expect(try later.migrate(db) == MigrationReport(applied: ["v2"], erasedBecause: nil))
        #expect(try rowCount("Memo", in: db) == 1)
    }

    @Test func anIndexOnOtherColumnsErasesTheDatabase() throws {
        let db = try makeDatabase([])
        defer { try? db.disconnect() }
        var indexed = migrator(v1: "title TEXT, body TEXT")
        indexed.registerMigration("v2") { change in try change.createIndex("memo_index", on: "Memo", columns: ["title"]) }
        try indexed.migrate(db)
        var edited = migrator(v1: "title TEXT, body TEXT")
        edited.registerMigration("v2") { change in try change.createIndex("memo_index", on: "Memo", columns: ["body"]) }
        let reason = try #require(try edited.migrate(db).erasedBecause)
        #expect(reason == "table \"Memo\" has indexes on (\"title\"), the migrations make them on (\"body\")")
    }

    @Test func aRenamedMigrationErasesTheDatabaseInsteadOfRefusingIt() throws {
        let db = try migratedDatabase()
        defer { try? db.disconnect() }
        var renamed = Migrator()
        renamed.eraseDatabaseOnSchemaChange = true
        renamed.registerMigration("v1: notes") { change in try change.execute(sql: "CREATE TABLE \"Memo\" (title TEXT)") }
        let report = try renamed.migrate(db)
        #expect(report.erasedBecause?.contains("records migration 'v1', which this program does not register") == true)
        #expect(try renamed.appliedMigrations(in: db) == ["v1: notes"])
        #expect(try rowCount("Memo", in: db) == 0)
    }

    @Test func aMigrationRegisteredBeforeAnAppliedOneErasesTheDatabase() throws {
        let db = try migratedDatabase()
        defer { try? db.disconnect() }
        var inserted = Migrator()
        inserted.eraseDatabaseOnSchemaChange = true
        inserted.registerMigration("v0") { change in try change.execute(sql: "CREATE TABLE \"Tag\" (name TEXT)") }
        inserted.registerMigration("v1") { change in try change.execute(sql: "CREATE TABLE \"Memo\" (title TEXT)") }
        let report = try inserted.migrate(db)
        #expect(report.erasedBecause == "it records migration 'v1' as applied but not 'v0', registered before it")
        #expect(report.applied == ["v0", "v1"])
    }

    @Test func withoutTheSwitchAnEditedMigrationChangesNothing() throws {
        let db = try migratedDatabase()
        defer { try? db.disconnect() }
        var edited = migrator(v1: "title TEXT, body TEXT")
        edited.eraseDatabaseOnSchemaChange = false
        #expect(try edited.migrate(db) == MigrationReport())
        #expect(try rowCount("Memo", in: db) == 1)
    }

    @Test func anAppliedMigrationThatCannotRunOnAnEmptyDatabaseIsAClearError() throws {
        let db = try makeDatabase([Drawer.self])
        defer { try? db.disconnect() }
        try db.session { _ = Drawer(label: "fiction") }
        var migrator = Migrator()
        migrator.registerMigration("v2: locker capacity") { change in
            try change.addColumn("capacity", to: "Drawer", type: .integer, default: 10)
        }
        try migrator.migrate(db)
        migrator.eraseDatabaseOnSchemaChange = true
        #expect {
            try migrator.migrate(db)
        } throws: { error in
            guard case PonyError.migration(let name, let message) = error else { return false }
            return name == "v2: locker capacity" && message.contains("failed there") && message.contains("change.columns(of:)")
        }
        #expect(try rowCount("Drawer", in: db) == 1, "nothing was erased")
    }
}

import Foundation
import Pony
import PonyLocks
import Testing

@Entity final class Locker {
    var label: String
    init(label: String) {
        self.label = label
    }
}

/// `Locker` as a later version of the program declares it, after migration "v2: locker capacity".
@Entity(table: "Locker") final class LockerV2 {
    var label: String
    var capacity: Int
    init(label: String, capacity: Int) {
        self.label = label
        self.capacity = capacity
    }
}

@Suite("Migrations", .serialized, .syncSessionsInTests)
struct MigrationTests {
    /// A database with a v1 `Locker` table holding one row, and the Locker mapping released again.
    func v1Database() throws -> Database {
        let db = try makeDatabase([Locker.self])
        try db.session { _ = Locker(label: "fiction") }
        return db
    }

    func columns(of table: String, in db: Database) throws -> Set<String> {
        let query = TestDatabaseKind.isPostgreSQL
            ? "SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
            : "SELECT name FROM pragma_table_info(?)"
        return Set(try db.session { try db.select(sql: query, arguments: [table]) }.map { try $0.decode("name", as: String.self) })
    }

    @Test func appliesMigrationsInOrderOnceAndRecordsThem() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        var migrator = Migrator()
        migrator.registerMigration("v2: locker capacity") { change in
            try change.addColumn("capacity", to: "Locker", type: .integer, nullable: false, default: 10)
        }
        migrator.registerMigration("v3: double capacity") { change in
            try change.execute(sql: "UPDATE \"Locker\" SET \"capacity\" = \"capacity\" * 2")
        }
        try migrator.migrate(db)
        try migrator.migrate(db)
        #expect(try migrator.appliedMigrations(in: db) == ["v2: locker capacity", "v3: double capacity"])
        let capacity = try db.session { try db.select(sql: "SELECT \"capacity\" FROM \"Locker\"")[0].decode("capacity", as: Int.self) }
        #expect(capacity == 20, "the existing row got the default, then v3 ran exactly once")
    }

    @Test func theMigratedTableMapsTheNewDeclaration() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        #expect(throws: PonyError.self, "before the migration the table lacks the column") {
            try db.generateMapping([LockerV2.self])
        }
        var migrator = Migrator()
        migrator.registerMigration("v2: locker capacity") { change in
            try change.addColumn("capacity", to: "Locker", type: .integer, nullable: false, default: 10)
        }
        try migrator.migrate(db)
        try db.generateMapping([LockerV2.self])
        #expect(try db.session { try LockerV2.select().fetch().map(\.capacity) } == [10])
    }

    @Test func aFailingMigrationLeavesTheDatabaseAsBeforeIt() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        var migrator = Migrator()
        migrator.registerMigration("v2: half done") { change in
            try change.addColumn("capacity", to: "Locker", type: .integer, default: 10)
            try change.createIndex("locker_label", on: "Locker", columns: ["label"])
            try change.execute(sql: "UPDATE \"Locker\" SET \"label\" = 'changed'")
            try change.execute(sql: "UPDATE \"NoSuchTable\" SET \"x\" = 1")
        }
        #expect {
            try migrator.migrate(db)
        } throws: { error in
            guard case PonyError.migration(let name, let message) = error else { return false }
            return name == "v2: half done" && message.contains("rolled back") && message.contains("NoSuchTable")
        }
        #expect(try columns(of: "Locker", in: db) == ["id", "label"])
        #expect(try db.session { try Locker.select().fetch().map(\.label) } == ["fiction"])
        #expect(try migrator.appliedMigrations(in: db).isEmpty)
        try db.session { _ = try db.execute(sql: "CREATE INDEX \"shelf_label\" ON \"Locker\" (\"label\")") }
    }

    @Test func renamesColumnsAndTablesAndManagesIndexes() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        var migrator = Migrator()
        migrator.registerMigration("v2") { change in
            try change.createIndex("locker_label", on: "Locker", columns: ["label"], unique: true)
            try change.dropIndex("locker_label")
            try change.renameColumn("label", to: "title", in: "Locker")
            try change.renameTable("Locker", to: "StorageLocker")
        }
        try migrator.migrate(db)
        #expect(try columns(of: "StorageLocker", in: db) == ["id", "title"])
        #expect(try rowCount("StorageLocker", in: db) == 1)
    }

    @Test func aMigrationCanSeeWhichColumnsATableHas() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        var migrator = Migrator()
        let seen = LockedValue<[[String]]>([])
        migrator.registerMigration("v2") { change in
            let locker = try change.columns(of: "Locker")
            let none = try change.columns(of: "NoSuchTable")
            seen.withLock { $0 = [locker, none] }
        }
        try migrator.migrate(db)
        #expect(seen.withLock { $0 } == [["id", "label"], []])
    }

    @Test func refusesTwoMigrationsWithOneName() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        var migrator = Migrator()
        migrator.registerMigration("v2") { _ in }
        migrator.registerMigration("v2") { _ in }
        #expect(throws: PonyError.migration(name: "v2", message: "two migrations are registered under this name; every migration needs a name of its own")) {
            try migrator.migrate(db)
        }
    }

    @Test func refusesADatabaseMigratedByANewerProgram() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        var newer = Migrator()
        newer.registerMigration("v2") { _ in }
        newer.registerMigration("v3") { _ in }
        try newer.migrate(db)
        var older = Migrator()
        older.registerMigration("v2") { _ in }
        #expect {
            try older.migrate(db)
        } throws: { error in
            guard case PonyError.migration(let name, let message) = error else { return false }
            return name == "v3" && message.contains("newer version of the program")
        }
    }

    @Test func aDefaultThatCannotBeWrittenAsSQLIsAClearError() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        var migrator = Migrator()
        migrator.registerMigration("v2") { change in
            try change.addColumn("photo", to: "Locker", type: .blob, default: .blob(Data([1])))
        }
        #expect {
            try migrator.migrate(db)
        } throws: { error in
            guard case PonyError.migration(let name, let message) = error else { return false }
            return name == "v2" && message.contains("add the column with execute(sql:)")
        }
    }

    @Test func booleanDefaultsWorkOnEveryDatabase() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        var migrator = Migrator()
        migrator.registerMigration("v2") { change in
            try change.addColumn("visible", to: "Locker", type: .boolean, nullable: false, default: true)
        }
        try migrator.migrate(db)
        let visible = try db.session { try db.select(sql: "SELECT \"visible\" FROM \"Locker\"")[0].decode("visible", as: Bool.self) }
        #expect(visible)
    }

    @Test func instancesMigratingAtOnceApplyEachMigrationOnce() throws {
        let db = try v1Database()
        defer { try? db.disconnect() }
        var migrator = Migrator()
        migrator.registerMigration("v2: one more locker") { change in
            try change.execute(sql: "INSERT INTO \"Locker\" (\"label\") VALUES ('added by v2')")
        }
        let failures = ErrorBox()
        let group = DispatchGroup()
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) { [migrator] in
                do { try migrator.migrate(db) } catch { failures.set(error) }
            }
        }
        group.wait()
        #expect(failures.error == nil, "\(String(describing: failures.error))")
        #expect(try rowCount("Locker", in: db) == 2, "the v1 row and one row from v2")
    }

    /// A database whose `Gadget` table, created by hand, has the key and then `columns`.
    func gadgetTable(_ columns: String) throws -> Database {
        let db = try makeDatabase([])
        let key = TestDatabaseKind.isPostgreSQL ? "BIGINT PRIMARY KEY" : "INTEGER PRIMARY KEY"
        try db.session { _ = try db.execute(sql: "CREATE TABLE \"Gadget\" (\"id\" \(key), \(columns))") }
        return db
    }

    @Test func mappingAnExistingTableListsEveryDifferenceWithItsFix() throws {
        // Different from `Gadget` in every way the mapping checks.
        let db = try gadgetTable("\"name\" INTEGER NOT NULL, \"note\" TEXT NOT NULL, \"code\" TEXT NOT NULL, \"legacy\" TEXT")
        defer { try? db.disconnect() }
        let integer = TestDatabaseKind.isPostgreSQL ? "integer" : "INTEGER"
        #expect {
            try db.generateMapping([Gadget.self])
        } throws: { error in
            let message = "\(error)"
            let expected = [
                "table \"Gadget\" does not match Gadget; migrate it (Migrator):",
                "- column \"name\" is \(integer), Gadget.name needs TEXT: change its type in a migration with change.execute(sql:)",
                "- column \"note\" is NOT NULL, Gadget.note is optional: drop NOT NULL in a migration (change.execute(sql:)), or make the attribute non-optional",
                "- missing column \"count\" (\(TestDatabaseKind.isPostgreSQL ? "BIGINT" : "INTEGER") NOT NULL) for Gadget.count",
                "- column \"legacy\" is not mapped by Gadget: change.execute(sql: \"ALTER TABLE \\\"Gadget\\\" DROP COLUMN \\\"legacy\\\"\"), or map it",
                "- no index on \"code\" for Gadget.code: change.createIndex(\"Gadget_code_index\", on: \"Gadget\", columns: [\"code\"])",
            ]
            let missing = expected.filter { !message.contains($0) }
            if !missing.isEmpty { Issue.record("missing from the message: \(missing)\n\(message)") }
            return missing.isEmpty
        }
    }

    @Test func differencesThatDoNotBreakTheMappingAreNotThrownAlone() throws {
        let integer = TestDatabaseKind.isPostgreSQL ? "BIGINT" : "INTEGER"
        let db = try gadgetTable("\"name\" TEXT NOT NULL, \"note\" TEXT, \"code\" TEXT NOT NULL, \"count\" \(integer) NOT NULL, \"legacy\" TEXT")
        defer { try? db.disconnect() }
        try db.generateMapping([Gadget.self])
    }
}

@Entity final class Gadget {
    var name: String
    var note: String?
    @Attribute(.indexed) var code: String
    var count: Int
    init(name: String, code: String, count: Int) {
        self.name = name
        self.code = code
        self.count = count
    }
}

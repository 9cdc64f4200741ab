import Foundation
@testable import Pony
import PonyLocks
import Testing

@Entity final class Tag {
    var name: String
    init(name: String) { self.name = name }
}

@Suite("Manual sessions", .serialized, .syncSessionsInTests)
final class ManualSessionTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Tag.self])
    }

    deinit {
        try? db.disconnect()
    }

    func tagCount() throws -> Int {
        try db.session { try Tag.count() }
    }

    @Test func commitSavesAndEndsTheSession() throws {
        let session = try db.openSession()
        defer { session.close() }
        _ = Tag(name: "swift")
        try session.commit()
        #expect(!session.isOpen)
        #expect(try tagCount() == 1)
    }

    @Test func closeWithoutCommitRollsBack() throws {
        do {
            let session = try db.openSession()
            defer { session.close() }
            _ = Tag(name: "lost")
            try db.flush()
        }
        #expect(try tagCount() == 0)
    }

    @Test func rollbackDiscardsAndEndsTheSession() throws {
        let session = try db.openSession()
        _ = Tag(name: "lost")
        session.rollback()
        #expect(!session.isOpen)
        #expect(try tagCount() == 0)
    }

    @Test func closeAfterCommitDoesNothing() throws {
        let session = try db.openSession()
        _ = Tag(name: "kept")
        try session.commit()
        session.close()
        #expect(try tagCount() == 1)
    }

    @Test func committingTwiceIsAClearError() throws {
        let session = try db.openSession()
        try session.commit()
        #expect(throws: PonyError.sessionMisuse("commit() on a manual session that has already ended")) {
            try session.commit()
        }
    }

    @Test func insideAnotherSessionItIsOneMoreLevel() throws {
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try db.session {
                let inner = try db.openSession()
                _ = Tag(name: "inner")
                try inner.commit()
                throw Failure()
            }
        }
        #expect(try tagCount() == 0, "the outer session decides")
    }

    @Test func aNestedRollbackRollsBackTheWholeTransaction() throws {
        try db.session {
            _ = Tag(name: "before")
            let inner = try db.openSession()
            inner.rollback()
            _ = Tag(name: "after")
        }
        #expect(try db.session { try Tag.select().fetch().map(\.name) } == ["after"])
    }
}

@Entity final class Label {
    var text: String
    init(text: String) { self.text = text }
}

@Entity final class Ledger {
    var amount: Int
    init(amount: Int) { self.amount = amount }
}

@Suite("Databases", .serialized, .syncSessionsInTests)
struct DatabaseTests {
    @Test func aSessionJoinsEveryDatabaseUsedInside() throws {
        let labels = try makeDatabase([Label.self])
        let ledgers = try makeDatabase([Ledger.self])
        defer {
            try? labels.disconnect()
            try? ledgers.disconnect()
        }
        struct Failure: Error {}
        try labels.session {
            _ = Label(text: "a")
            try ledgers.session { _ = Ledger(amount: 5) }
        }
        #expect(try labels.session { try Label.count() } == 1)
        #expect(try ledgers.session { try Ledger.count() } == 1)
        #expect(throws: Failure.self) {
            try labels.session {
                _ = Label(text: "b")
                try ledgers.session { _ = Ledger(amount: 7) }
                throw Failure()
            }
        }
        #expect(try labels.session { try Label.count() } == 1)
        #expect(try ledgers.session { try Ledger.count() } == 1)
    }

    @Test func rawSQLBindsArgumentsAndReturnsRows() throws {
        let db = try makeDatabase([Ledger.self])
        defer { try? db.disconnect() }
        let rows = try db.session {
            _ = Ledger(amount: 3)
            let changed = try db.execute(sql: "UPDATE \"Ledger\" SET amount = amount + ? WHERE amount = ?", arguments: [4, 3])
            #expect(changed == 1)
            return try db.select(sql: "SELECT amount, ? AS label, ? AS absent FROM \"Ledger\"", arguments: ["x'y", nil])
        }
        #expect(rows == [Row(columns: ["amount", "label", "absent"], values: [7, "x'y", nil])])
        #expect(try rows[0].decode("amount", as: Int.self) == 7)
        #expect(throws: PonyError.decoding("the row has no column 'missing'; columns: amount, label, absent")) {
            try rows[0].decode("missing", as: Int.self)
        }
        #expect(throws: PonyError.decoding("column 'absent': expected Int, found NULL")) {
            try rows[0].decode("absent", as: Int.self)
        }
    }

    @Test func rawSQLReportsAWrongArgumentCount() throws {
        let db = try makeDatabase([Ledger.self])
        defer { try? db.disconnect() }
        #expect {
            try db.session { try db.execute(sql: "DELETE FROM \"Ledger\" WHERE amount = ?") }
        } throws: { error in
            "\(error)".contains("the statement has 1 parameter(s) but 0 argument(s) were given")
        }
    }

    @Test func bindingTwiceIsAnError() throws {
        let db = Database()
        try db.bind(.sqlite(path: ":memory:"))
        #expect(throws: PonyError.configuration("this Database is already bound to ':memory:'; create another Database for another file or server")) {
            try db.bind(.sqlite(path: ":memory:"))
        }
    }

    @Test func usingAnUnboundDatabaseIsAnError() throws {
        let db = Database()
        #expect(throws: PonyError.configuration("the Database is not bound; call db.bind(.sqlite(path: …)) first")) {
            _ = try db.session { 1 }
        }
    }

    @Test func aMissingFileIsNotCreatedUnlessAsked() throws {
        let path = try temporaryDatabasePath()
        #expect {
            try Database().bind(.sqlite(path: path))
        } throws: { error in
            guard case PonyError.configuration(let message) = error else { return false }
            return message.hasPrefix("cannot open SQLite database at '\(path)'") && message.hasSuffix("(pass create: true to create it)")
        }
        try Database().bind(.sqlite(path: path, create: true))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aFileInAMissingFolderIsAnErrorNamingTheFolder() throws {
        let folder = URL(fileURLWithPath: try temporaryDatabasePath()).appendingPathComponent("missing")
        let path = folder.appendingPathComponent("app.sqlite").path
        #expect {
            try Database().bind(.sqlite(path: path, create: true))
        } throws: { error in
            guard case PonyError.configuration(let message) = error else { return false }
            return message.hasPrefix("cannot open SQLite database at '\(path)'")
                && message.hasSuffix("(the folder '\(folder.path)' does not exist)")
        }
    }

    @Test func fileDatabasesUseWAL() throws {
        let db = try makeDatabase([Ledger.self], path: try temporaryDatabasePath())
        defer { try? db.disconnect() }
        let mode = try db.session { try db.select(sql: "PRAGMA journal_mode")[0].decode("journal_mode", as: String.self) }
        #expect(mode == "wal")
    }

    @Test func existingTablesAreCheckedAgainstTheEntity() throws {
        let path = try temporaryDatabasePath()
        let setup = Database()
        try setup.bind(.sqlite(path: path, create: true))
        try setup.generateMapping([], createTables: false)
        try setup.session { try setup.execute(sql: "CREATE TABLE Ledger (id INTEGER PRIMARY KEY)") }
        try setup.disconnect()

        let db = Database()
        try db.bind(.sqlite(path: path))
        #expect(throws: PonyError.mapping("""
            table "Ledger" does not match Ledger (the table existed before; CREATE TABLE IF NOT EXISTS left it unchanged); migrate it (Migrator):
            - missing column "amount" (INTEGER NOT NULL) for Ledger.amount: change.addColumn("amount", to: "Ledger", type: .integer, nullable: false, default: <a value for existing rows>)
            """)) {
            try db.generateMapping([Ledger.self], createTables: true)
        }
        #expect(throws: PonyError.mapping("table \"Tag\" for Tag does not exist in '\(path)'; pass createTables: true to generateMapping, or create it")) {
            try db.generateMapping([Tag.self])
        }
    }

    @Test func anEntityBelongsToOneDatabaseAtATime() throws {
        let first = try makeDatabase([Ledger.self])
        let second = Database()
        try second.bind(.sqlite(path: ":memory:"))
        #expect(throws: PonyError.mapping("Ledger is already mapped to another Database (\(first.displayPath)); an entity type belongs to one database at a time — call disconnect() on the other one first")) {
            try second.generateMapping([Ledger.self], createTables: true)
        }
        try first.disconnect()
        try second.generateMapping([Ledger.self], createTables: true)
        try second.disconnect()
    }

    @Test func anEntityUnmappedWhileASessionKeepsItsLookupIsReportedAsNotMapped() throws {
        let db = try makeDatabase([Ledger.self])
        let session = try db.openSession()
        defer { session.close() }
        _ = Ledger(amount: 1)  // the session looks Ledger up and keeps the lookup; it takes no connection yet
        try db.disconnect()
        #expect(throws: PonyError.mapping("Ledger is not mapped to a database; call db.generateMapping([Ledger.self, …]) first")) {
            try Ledger.get(id: 1)
        }
    }

    @Test func sessionsOnOtherThreadsWaitForTheConnectionUpToTheBusyTimeout() throws {
        let db = Database()
        try db.bind(try DatabaseSettings(url: "sqlite::memory:", busyTimeout: .milliseconds(200)))
        try db.generateMapping([Ledger.self], createTables: true)
        defer { try? db.disconnect() }
        let session = try db.openSession()
        defer { session.close() }
        _ = try Ledger.count()
        let result = LockedValue<Result<Int, any Error>?>(nil)
        let thread = Thread { result.withLock { $0 = Result { try db.session { try Ledger.count() } } } }
        thread.start()
        while result.withLock({ $0 == nil }) { usleep(10_000) }
        #expect {
            try result.withLock { try $0!.get() }
        } throws: { error in
            guard case PonyError.busy(let message) = error else { return false }
            return message.hasPrefix("no connection to ':memory:' within the busy timeout")
        }
    }
}

import Foundation
import Pony
import Testing

@Entity final class Parcel {
    var label: String
    var contents: String
    init(label: String, contents: String) {
        self.label = label
        self.contents = contents
    }
}

/// Database files that cannot be used as they are — full, corrupt, not a database, read-only — give a
/// ``PonyError/databaseFile(path:problem:message:sql:)`` naming the file, and never lose what was committed.
@Suite("Faulty database files", .serialized, .syncSessionsInTests,
       .disabled(if: TestDatabaseKind.isPostgreSQL, "SQLite files: run in the SQLite pass"))
struct DatabaseFileFaultTests {
    /// A file database with Parcel mapped and `count` parcels in it, closed again when `keepOpen` is false.
    func parcelDatabase(at path: String, count: Int) throws -> Database {
        let db = Database()
        try db.bind(.sqlite(path: path, create: true))
        try db.generateMapping([Parcel.self], createTables: true)
        try db.session {
            for index in 0..<count { _ = Parcel(label: "parcel \(index)", contents: String(repeating: "·", count: 300)) }
        }
        return db
    }

    func isProblem(_ expected: DatabaseFileProblem, at path: String) -> (any Error) -> Bool {
        { error in
            guard case PonyError.databaseFile(let errorPath, let problem, _, _) = error else { return false }
            return errorPath == path && problem == expected && "\(error)".contains("'\(path)'")
        }
    }

    @Test func aFullDiskRollsTheSessionBackAndKeepsTheDatabaseUsable() throws {
        let folder = try temporaryFolder("full")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "full.sqlite").path
        let db = try parcelDatabase(at: path, count: 10)
        defer { try? db.disconnect() }
        try db.session {
            let pages = try db.select(sql: "PRAGMA page_count")[0].decode("page_count", as: Int.self)
            _ = try db.select(sql: "PRAGMA max_page_count = \(pages + 2)", cached: false)
        }
        #expect(performing: {
            try db.session {
                for index in 0..<2_000 { _ = Parcel(label: "overflow \(index)", contents: String(repeating: "#", count: 1_000)) }
            }
        }, throws: isProblem(.full, at: path))
        #expect(try db.session { try Parcel.count() } == 10, "nothing of the failed session was written")
        try db.session { _ = Parcel(label: "small", contents: "fits") }
        let integrity = try db.session { try db.select(sql: "PRAGMA integrity_check")[0].decode("integrity_check", as: String.self) }
        #expect(integrity == "ok")
        #expect(try db.session { try Parcel.count() } == 11, "the database stays usable")
    }

    @Test func aFileThatIsNotADatabaseFailsAtBindNamingIt() throws {
        let folder = try temporaryFolder("notadb")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "notes.txt").path
        try Data(String(repeating: "not a database, just some notes\n", count: 200).utf8).write(to: URL(filePath: path))
        #expect(performing: { try Database().bind(.sqlite(path: path)) }, throws: isProblem(.notADatabase, at: path))
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("not a database"), "the file is left as it was")
    }

    @Test func aCorruptFileFailsAtFirstUseNamingIt() throws {
        let folder = try temporaryFolder("corrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "corrupt.sqlite").path
        try parcelDatabase(at: path, count: 200).disconnect()
        let file = try FileHandle(forUpdating: URL(filePath: path))
        let pageSize = 4096
        try file.seek(toOffset: UInt64(pageSize))
        try file.write(contentsOf: Data(repeating: 0xA5, count: pageSize * 4))
        try file.close()
        let db = Database()
        try db.bind(.sqlite(path: path))
        defer { try? db.disconnect() }
        #expect(performing: {
            try db.generateMapping([Parcel.self])
            _ = try db.session { try Parcel.select().fetch().count }
        }, throws: isProblem(.corrupt, at: path))
    }

    @Test func aReadOnlyFileFailsAtBindNamingIt() async throws {
        let folder = try temporaryFolder("readonly-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "readonly.sqlite").path
        try parcelDatabase(at: path, count: 3).disconnect()
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) { [path = path as String] in
            guard dropRootPrivileges() else { fatalError("cannot run as an unprivileged user") }
            do {
                try Database().bind(.sqlite(path: path))
                failChild("bind succeeded on a read-only file")
            } catch {
                exitChild(if: error, is: [.readOnly], at: path)
            }
        }
        #expect(childFailure(in: result) == nil)
    }

    @Test func aReadOnlyFolderFailsAtBindNamingTheFile() async throws {
        let folder = try temporaryFolder("readonly-folder")
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            try? FileManager.default.removeItem(at: folder)
        }
        let path = folder.appending(path: "shared.sqlite").path
        try parcelDatabase(at: path, count: 3).disconnect()
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) { [path = path as String] in
            guard dropRootPrivileges() else { fatalError("cannot run as an unprivileged user") }
            do {
                let db = Database()
                try db.bind(.sqlite(path: path))
                try db.generateMapping([Parcel.self])
                _ = try await db.session { _ = Parcel(label: "new", contents: "") }
                failChild("a write succeeded in a read-only folder")
            } catch {
                exitChild(if: error, is: [.readOnly, .cannotOpen], at: path)
            }
        }
        #expect(childFailure(in: result) == nil)
    }
}

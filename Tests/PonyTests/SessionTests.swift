import Foundation
import Pony
import Testing

@Entity final class Note {
    var text: String
    var stars: Int
    init(text: String, stars: Int = 0) {
        self.text = text
        self.stars = stars
    }
}

@Suite("Sessions", .serialized, .syncSessionsInTests)
struct SessionTests {
    @Test func commitsWhenTheClosureReturns() throws {
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        try db.session { _ = Note(text: "kept") }
        let count = try db.session { try Note.count() }
        #expect(count == 1)
    }

    @Test func rollsBackEverythingWhenTheClosureThrows() throws {
        struct Failure: Error {}
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        #expect(throws: Failure.self) {
            try db.session {
                _ = Note(text: "first")
                try db.flush()
                _ = Note(text: "second")
                throw Failure()
            }
        }
        #expect(try db.session { try Note.count() } == 0)
    }

    @Test func nestedSessionsJoinTheOutermost() throws {
        struct Failure: Error {}
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        #expect(throws: Failure.self) {
            try db.session {
                try db.session { _ = Note(text: "inner") }
                throw Failure()
            }
        }
        #expect(try db.session { try Note.count() } == 0, "the inner session must not commit on its own")
    }

    @Test func usingTheORMOutsideASessionIsSessionRequired() throws {
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        #expect(throws: PonyError.sessionRequired(operation: "Note.select(…).count()")) {
            try Note.count()
        }
    }

    @Test func changesAreFlushedAtCommit() throws {
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        let id = try db.session { Note(text: "draft").id }
        try db.session {
            let note = try Note[id]
            note.text = "final"
            note.stars += 2
        }
        let saved = try db.session { try Note[id].snapshot() }
        #expect(saved == Note.Snapshot(id: id, text: "final", stars: 2))
    }

    @Test func theSameRowIsTheSameObjectInOneSession() throws {
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        let (created, byID, byQuery) = try db.session {
            let created = Note(text: "one")
            return (created, try Note[created.id], try Note.select().fetch())
        }
        #expect(byID === created)
        #expect(byQuery.count == 1 && byQuery[0] === created)
    }

    @Test func rowsFetchedByKeyInAnyOrderAreEachOneObject() throws {
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        let ids = try db.session { (0..<300).map { Note(text: "note \($0)").id } }
        let (byKey, byQuery, again) = try db.session {
            // Every other key from the end, then a query that loads the rest, then every key again.
            let byKey = try stride(from: ids.count - 1, through: 0, by: -2).map { try Note[ids[$0]] }
            let byQuery = try Note.select().order(by: \.id).fetch()
            return (byKey, byQuery, try ids.map { try Note[$0] })
        }
        #expect(Set(again.map(ObjectIdentifier.init)).count == ids.count)
        #expect(zip(again, byQuery).allSatisfy { $0 === $1 })
        for object in byKey { #expect(again[ids.firstIndex(of: object.id)!] === object) }
        #expect(again.map(\.text) == (0..<300).map { "note \($0)" })
    }

    @Test func queriesSeePendingChanges() throws {
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        let (countAfterCreate, countAfterChange) = try db.session {
            _ = Note(text: "a", stars: 5)
            let countAfterCreate = try Note.count()
            let note = try Note.select().first()!
            note.stars = 1
            return (countAfterCreate, try Note.select(#Predicate { $0.stars == 1 }).count())
        }
        #expect(countAfterCreate == 1)
        #expect(countAfterChange == 1)
    }

    @Test func loadedValuesStayReadableAfterTheSession() throws {
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        let note = try db.session { Note(text: "kept") }
        #expect(note.text == "kept")
    }

    @Test func missingObjectsAreObjectNotFound() throws {
        let db = try makeDatabase([Note.self])
        defer { try? db.disconnect() }
        let found = try db.session { try Note.get(id: 42) }
        #expect(found == nil)
        #expect(throws: PonyError.objectNotFound(entity: "Note", id: "42")) {
            try db.session { try Note[42] }
        }
    }
}

import Foundation
import Pony
import Testing

struct ProtectedArticle: Error, Equatable {}

@Entity final class Article {
    var title: String
    var slug: String = ""
    var revisions: Int = 0
    @Transient var calls: [String] = []
    init(title: String) { self.title = title }

    func beforeInsert() throws {
        calls.append("beforeInsert")
        slug = title.lowercased().replacingOccurrences(of: " ", with: "-")
    }
    func afterInsert() throws { calls.append("afterInsert \(id)") }
    func beforeUpdate() throws {
        calls.append("beforeUpdate")
        revisions += 1
    }
    func afterUpdate() throws { calls.append("afterUpdate") }
    func beforeDelete() throws {
        calls.append("beforeDelete")
        if title == "Home" { throw ProtectedArticle() }
    }
    func afterDelete() throws { _ = AuditEntry(note: "deleted \(title)") }
}

@Entity final class AuditEntry {
    var note: String
    init(note: String) { self.note = note }
}

/// An object whose afterUpdate changes it again, every time.
@Entity final class Restless {
    var moves: Int = 0
    init() {}
    func afterUpdate() throws { moves += 1 }
}

/// PonyORM's entity hooks: called by the session as it writes each object.
@Suite("Entity hooks", .serialized, .syncSessionsInTests)
final class EntityHookTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Article.self, AuditEntry.self, Restless.self])
    }

    deinit {
        try? db.disconnect()
    }

    @Test func beforeInsertCanChangeTheObjectAndItsChangeIsInserted() throws {
        let id = try db.session { Article(title: "Hello World").id }
        let slug = try db.session { try db.select(sql: "SELECT slug FROM \"Article\" WHERE id = ?", arguments: [id])[0].decode("slug", as: String.self) }
        #expect(slug == "hello-world")
    }

    @Test func afterInsertRunsOnceTheRowHasItsKey() throws {
        let calls = try db.session {
            let article = Article(title: "Keys")
            try db.flush()
            return (article.calls, article.id)
        }
        #expect(calls.0 == ["beforeInsert", "afterInsert \(calls.1)"])
    }

    @Test func updateHooksRunForAChangedObjectAndBeforeUpdateChangesAreWritten() throws {
        let id = try db.session { Article(title: "Draft").id }
        let calls = try db.session {
            let article = try Article[id]
            article.title = "Final"
            try db.flush()
            return article.calls
        }
        #expect(calls == ["beforeUpdate", "afterUpdate"])
        #expect(try db.session { try Article[id].revisions } == 1)
    }

    @Test func updateHooksDoNotRunForAnUnchangedObject() throws {
        let id = try db.session { Article(title: "Still").id }
        let calls = try db.session { try Article[id].calls }
        #expect(calls.isEmpty)
    }

    @Test func aThrowingHookRollsTheSessionBack() throws {
        let id = try db.session { Article(title: "Home").id }
        #expect(throws: ProtectedArticle()) {
            try db.session {
                _ = Article(title: "Written in the same session")
                try Article[id].delete()
            }
        }
        #expect(try db.session { try Article.select(#Predicate { $0.title == "Written in the same session" }).count() } == 0)
        #expect(try db.session { try Article.get(id: id) } != nil)
    }

    @Test func hooksCanCreateObjectsWhichAreSavedToo() throws {
        let id = try db.session { Article(title: "Old news").id }
        try db.session { try Article[id].delete() }
        let notes = try db.session { try AuditEntry.select().fetch().map(\.note) }
        #expect(notes.contains("deleted Old news"))
    }

    @Test func hooksThatNeverStopChangingObjectsAreAnErrorNotALoop() throws {
        let id = try db.session { Restless().id }
        #expect(throws: PonyError.self) {
            try db.session { try Restless[id].moves = 1 }
        }
        #expect(try db.session { try Restless[id].moves } == 0)
    }
}

import Foundation
import Pony
import Testing

@Entity final class Card {
    var title: String
    var done: Bool = false
    var score: Double = 0
    var note: String?
    @Attribute(.volatile) var views: Int = 0
    init(title: String) {
        self.title = title
    }
}

/// The checks against "another transaction", played by raw SQL in the same session: it changes the row behind
/// the identity map's back, exactly as a concurrent writer's committed change looks to the next UPDATE.
@Suite("Optimistic checks", .serialized, .syncSessionsInTests)
struct OptimisticCheckTests {
    /// A database holding `Card[1]` titled "original".
    func database() throws -> Database {
        let db = try makeDatabase([Card.self])
        try db.session { _ = Card(title: "original") }
        return db
    }

    func changeBehindTheSession(_ db: Database, _ assignment: String) throws {
        _ = try db.execute(sql: "UPDATE \"Card\" SET \(assignment) WHERE \"id\" = 1")
    }

    func stored(_ db: Database) throws -> Card.Snapshot {
        try db.session { try Card[1].snapshot() }
    }

    /// A session that loads `Card[1]`, reads from it, has `assignment` made behind its back, then writes to it.
    func sessionWithAChangeBehindIt(
        _ db: Database, optimistic: Bool = true, reading read: (Card) -> Void = { _ in }, assignment: String,
        writing write: (Card) throws -> Void
    ) throws {
        try db.session(optimistic: optimistic) {
            let card = try Card[1]
            read(card)
            try changeBehindTheSession(db, assignment)
            try write(card)
        }
    }

    @Test func anUpdateFailsWhenAColumnTheSessionReadChangedMeanwhile() throws {
        let db = try database()
        defer { try? db.disconnect() }
        #expect(throws: PonyError.optimisticCheckFailed(entity: "Card", id: "1", changedColumns: ["title"], rowDeleted: false)) {
            try sessionWithAChangeBehindIt(db, reading: { _ = $0.title }, assignment: "\"title\" = 'theirs'") { card in
                card.done = true
            }
        }
        let after = try stored(db)
        #expect(after.title == "original" && after.done == false, "the failed session must be rolled back entirely")
    }

    @Test func anUpdateFailsWhenAColumnTheSessionAssignedChangedMeanwhile() throws {
        let db = try database()
        defer { try? db.disconnect() }
        #expect(throws: PonyError.optimisticCheckFailed(entity: "Card", id: "1", changedColumns: ["title"], rowDeleted: false)) {
            try sessionWithAChangeBehindIt(db, assignment: "\"title\" = 'theirs'") { card in
                card.title = "mine"
            }
        }
    }

    @Test func columnsTheSessionNeitherReadNorAssignedAreNeitherComparedNorWritten() throws {
        let db = try database()
        defer { try? db.disconnect() }
        try sessionWithAChangeBehindIt(db, assignment: "\"title\" = 'theirs'") { card in
            card.done = true
        }
        let after = try stored(db)
        #expect(after.title == "theirs", "the other writer's change survives")
        #expect(after.done == true)
    }

    @Test func doubleAttributesAreNotCompared() throws {
        let db = try database()
        defer { try? db.disconnect() }
        try sessionWithAChangeBehindIt(db, reading: { _ = $0.score }, assignment: "\"score\" = 2.5") { card in
            card.done = true
        }
        #expect(try stored(db).score == 2.5)
    }

    @Test func volatileAttributesAreNotCompared() throws {
        let db = try database()
        defer { try? db.disconnect() }
        try sessionWithAChangeBehindIt(db, reading: { _ = $0.views }, assignment: "\"views\" = 7") { card in
            card.done = true
        }
        #expect(try stored(db).views == 7)
    }

    @Test func aNullTheSessionSawMustStillBeNull() throws {
        let db = try database()
        defer { try? db.disconnect() }
        #expect(throws: PonyError.optimisticCheckFailed(entity: "Card", id: "1", changedColumns: ["note"], rowDeleted: false)) {
            try sessionWithAChangeBehindIt(db, reading: { #expect($0.note == nil) }, assignment: "\"note\" = 'added'") { card in
                card.done = true
            }
        }
    }

    @Test func aSecondUpdateComparesWhatTheFirstOneWrote() throws {
        let db = try database()
        defer { try? db.disconnect() }
        #expect(throws: PonyError.optimisticCheckFailed(entity: "Card", id: "1", changedColumns: ["title"], rowDeleted: false)) {
            try db.session {
                let card = try Card[1]
                card.title = "first"
                try db.flush()
                try changeBehindTheSession(db, "\"title\" = 'theirs'")
                card.title = "second"
            }
        }
    }

    @Test func deletingARowThatChangedMeanwhileFails() throws {
        let db = try database()
        defer { try? db.disconnect() }
        #expect(throws: PonyError.optimisticCheckFailed(entity: "Card", id: "1", changedColumns: ["title"], rowDeleted: false)) {
            try sessionWithAChangeBehindIt(db, reading: { _ = $0.title }, assignment: "\"title\" = 'theirs'") { card in
                try card.delete()
            }
        }
        #expect(try stored(db).title == "original")
    }

    @Test func updatingARowDeletedMeanwhileFailsSayingSo() throws {
        let db = try database()
        defer { try? db.disconnect() }
        #expect(throws: PonyError.optimisticCheckFailed(entity: "Card", id: "1", changedColumns: [], rowDeleted: true)) {
            try db.session {
                let card = try Card[1]
                _ = try db.execute(sql: "DELETE FROM \"Card\" WHERE \"id\" = 1")
                card.done = true
            }
        }
    }

    @Test func optimisticFalseLetsTheLastWriterWin() throws {
        let db = try database()
        defer { try? db.disconnect() }
        try sessionWithAChangeBehindIt(db, optimistic: false, reading: { _ = $0.title }, assignment: "\"title\" = 'theirs'") { card in
            card.title = "mine"
        }
        #expect(try stored(db).title == "mine")
    }

    @DBSession(optimistic: false)
    func overwriteTitle(in db: Database) throws {
        let card = try Card[1]
        _ = card.title
        try changeBehindTheSession(db, "\"title\" = 'theirs'")
        card.title = "mine"
    }

    @Test func dbSessionTakesOptimistic() throws {
        let db = try database()
        defer { try? db.disconnect() }
        try overwriteTitle(in: db)
        #expect(try stored(db).title == "mine")
    }

    @Test func aManualSessionTakesOptimistic() throws {
        let db = try database()
        defer { try? db.disconnect() }
        let session = try db.openSession(optimistic: false)
        defer { session.close() }
        let card = try Card[1]
        _ = card.title
        try changeBehindTheSession(db, "\"title\" = 'theirs'")
        card.title = "mine"
        try session.commit()
        #expect(try stored(db).title == "mine")
    }

    @Test func aNestedSessionCannotTurnTheChecksOff() throws {
        let db = try database()
        defer { try? db.disconnect() }
        #expect(throws: PonyError.optimisticCheckFailed(entity: "Card", id: "1", changedColumns: ["title"], rowDeleted: false)) {
            try db.session {
                try sessionWithAChangeBehindIt(db, optimistic: false, reading: { _ = $0.title }, assignment: "\"title\" = 'theirs'") { card in
                    card.title = "mine"
                }
            }
        }
    }

    @Test func theFailureIsRetryableAndTheRetrySeesTheNewValues() throws {
        let db = try database()
        defer { try? db.disconnect() }
        let attempts = Attempts()
        try db.session(retry: 2) {
            let card = try Card[1]
            let seen = card.title
            if attempts.next() == 1 { try changeBehindTheSession(db, "\"title\" = 'theirs'") }
            card.title = seen + " + mine"
        }
        #expect(attempts.value == 2)
        #expect(try stored(db).title == "original + mine", "the raw change of the first try was rolled back with it")
    }

    @Test func aQueryThatFindsAReadColumnChangedIsAnUnrepeatableRead() throws {
        let db = try database()
        defer { try? db.disconnect() }
        #expect(throws: PonyError.unrepeatableRead(entity: "Card", id: "1", changedColumns: ["title"])) {
            try sessionWithAChangeBehindIt(db, reading: { _ = $0.title }, assignment: "\"title\" = 'theirs'") { card in
                _ = try Card.select().fetch()
            }
        }
    }

    @Test func aQueryKeepsTheObjectTheSessionHoldsWhenOnlyUnreadColumnsChanged() throws {
        let db = try database()
        defer { try? db.disconnect() }
        let titles = try db.session {
            let card = try Card[1]
            _ = card.done
            try changeBehindTheSession(db, "\"title\" = 'theirs'")
            return try Card.select().fetch().map(\.title)
        }
        #expect(titles == ["original"], "the identity map keeps the values it loaded first")
    }

    @Test func withoutOptimisticChecksAChangedReadColumnIsNotReported() throws {
        let db = try database()
        defer { try? db.disconnect() }
        try sessionWithAChangeBehindIt(db, optimistic: false, reading: { _ = $0.title }, assignment: "\"title\" = 'theirs'") { card in
            _ = try Card.select().fetch()
        }
    }

    @Test func theMessageNamesTheObjectTheColumnsAndTheWayOut() {
        let error = PonyError.optimisticCheckFailed(entity: "Card", id: "1", changedColumns: ["title", "note"], rowDeleted: false)
        #expect(error.isRetryable)
        #expect(error.description
            == "optimistic check failed: Card[1] was changed ('title', 'note') by another transaction since this session read it; the session is rolled back (retryable: run it again with `retry:`, or turn the checks off with `optimistic: false`)")
    }
}

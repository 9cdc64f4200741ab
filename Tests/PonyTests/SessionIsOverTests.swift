import Foundation
import Pony
import Testing

@Entity final class Crate {
    var label: String
    var shelf: Shelf?
    init(label: String, shelf: Shelf? = nil) {
        self.label = label
        self.shelf = shelf
    }
}

@Entity final class Shelf {
    var name: String
    var crates: [Crate]
    init(name: String) { self.name = name }
}

/// Entity use after the session ended, as PonyORM's `DatabaseSessionIsOver`: property setters cannot throw, so
/// these stop the process with the error's message (run here in a child process).
@Suite("After the session ends", .serialized, .syncSessionsInTests)
struct SessionIsOverTests {
    static func stderr(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func assigningAnAttributeStopsWithPONY004() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread {
                let db = try makeDatabase([Crate.self, Shelf.self])
                let crate = try db.session { Crate(label: "a") }
                crate.label = "b"
            }
        }
        #expect(Self.stderr(result).hasPrefix(
            "Pony runtime check failed: PONY004 (entity-escapes-session): an entity was used after its database session ended (Cannot assign new value to Crate[1].label). Return `try entity.snapshot()` (or a property value) from the session instead of the entity. Run 'pony-lint explain PONY004' for details.\n"))
    }

    @Test func withChecksOffAssigningStillStopsWithSessionIsOver() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            PonyChecks.mode = .off
            try blockingOnThread {
                let db = try makeDatabase([Crate.self, Shelf.self])
                let crate = try db.session { Crate(label: "a") }
                crate.label = "b"
            }
        }
        let message = Self.stderr(result)
        #expect(!message.contains("Pony runtime check failed"))
        #expect(message.contains("Cannot assign new value to Crate[1].label: the database session is over. PONY004 (entity-escapes-session)"))
    }

    @Test func readingARelationshipThatWasNeverLoadedStopsWithPONY004() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread {
                let db = try makeDatabase([Crate.self, Shelf.self])
                let id = try db.session { Crate(label: "a", shelf: Shelf(name: "top")).id }
                let crate = try db.session { try Crate[id] }
                _ = crate.shelf
            }
        }
        #expect(Self.stderr(result).hasPrefix("Pony runtime check failed: PONY004 (entity-escapes-session): an entity was used after its database session ended (Cannot load Crate[1].shelf)."))
    }

    @Test func readingLoadedValuesAfterTheSessionIsAllowed() throws {
        let db = try makeDatabase([Crate.self, Shelf.self])
        defer { try? db.disconnect() }
        let crate = try db.session {
            let crate = Crate(label: "a", shelf: Shelf(name: "top"))
            _ = crate.shelf?.name
            return crate
        }
        #expect(crate.label == "a")
        #expect(crate.shelf?.name == "top")
        #expect(try crate.snapshot().label == "a")
        var reflection = ""
        dump(crate, to: &reflection)
        #expect(reflection.contains("Crate"))
    }

    @Test func withChecksOffDeletingAfterTheSessionThrowsSessionIsOver() async throws {
        await #expect(processExitsWith: .success) {
            PonyChecks.mode = .off
            try blockingOnThread {
                let db = try makeDatabase([Crate.self, Shelf.self])
                let crate = try db.session { Crate(label: "a") }
                do {
                    try crate.delete()
                    exit(3)
                } catch PonyError.sessionIsOver(let operation) {
                    guard operation == "Cannot delete Crate[1]" else { exit(4) }
                }
            }
        }
    }

    @Test func creatingAnEntityOutsideASessionStopsWithSessionRequired() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread {
                let db = try makeDatabase([Crate.self, Shelf.self])
                _ = db
                _ = Crate(label: "orphan")
            }
        }
        #expect(Self.stderr(result).contains("db session is required when working with the database (creating a Crate)"))
    }
}

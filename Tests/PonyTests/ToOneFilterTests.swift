import Foundation
import Pony
import Testing

@Entity final class Squad {
    var name: String
    var members: [Assignee]
    init(name: String) { self.name = name }
}

@Entity final class Assignee {
    var name: String
    var squad: Squad?
    var chores: [Chore]
    var mentor: Assignee?
    init(name: String, squad: Squad? = nil) {
        self.name = name
        self.squad = squad
    }
}

@Entity final class Chore {
    var title: String
    var assignee: Assignee?
    init(title: String, assignee: Assignee? = nil) {
        self.title = title
        self.assignee = assignee
    }
}

@Entity final class Badge {
    var label: String
    var holder: Assignee
    init(label: String, holder: Assignee) {
        self.label = label
        self.holder = holder
    }
}

/// Filtering by attributes of the object a to-one relationship points to: `$0.assignee?.name == "Ann"`, in SQL.
@Suite("Filtering through a to-one relationship", .serialized, .syncSessionsInTests)
final class ToOneFilterTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Squad.self, Assignee.self, Chore.self, Badge.self])
        try db.session {
            let blue = Squad(name: "Blue")
            let ann = Assignee(name: "Ann", squad: blue)
            let bob = Assignee(name: "Bob")
            bob.mentor = ann
            _ = Chore(title: "dishes", assignee: ann)
            _ = Chore(title: "laundry", assignee: bob)
            _ = Chore(title: "windows")
            _ = Chore(title: "garden", assignee: ann)
            _ = Badge(label: "gold", holder: ann)
            _ = Badge(label: "silver", holder: bob)
        }
    }

    deinit {
        try? db.disconnect()
    }

    func titles(_ predicate: Predicate<Chore>) throws -> [String] {
        try db.session { try Chore.select(predicate).order(by: \.title).fetch().map(\.title) }
    }

    @Test func comparesAnAttributeOfTheTarget() throws {
        #expect(try titles(#Predicate { $0.assignee?.name == "Ann" }) == ["dishes", "garden"])
    }

    @Test func aNilRelationshipMakesTheChainNilAsInSwift() throws {
        #expect(try titles(#Predicate { $0.assignee?.name == nil }) == ["windows"])
        #expect(try titles(#Predicate { $0.assignee?.name != "Ann" }) == ["laundry", "windows"])
    }

    @Test func followsAChainOfToOnes() throws {
        #expect(try titles(#Predicate { $0.assignee?.squad?.name == "Blue" }) == ["dishes", "garden"])
    }

    @Test func followsARequiredToOneWithoutAnOptionalChain() throws {
        let labels = try db.session { try Badge.select(#Predicate { $0.holder.name == "Bob" }).fetch().map(\.label) }
        #expect(labels == ["silver"])
    }

    @Test func followsASelfRelation() throws {
        let mentored = try db.session {
            try Assignee.select(#Predicate { $0.mentor?.name == "Ann" }).fetch().map(\.name)
        }
        #expect(mentored == ["Bob"])
    }

    @Test func combinesWithAttributesOfTheQueriedEntity() throws {
        #expect(try titles(#Predicate { $0.assignee?.name == "Ann" && $0.title.starts(with: "g") }) == ["garden"])
    }

    @Test func countsAndAggregatesUseTheSameFilter() throws {
        let anns = try Chore.select(#Predicate { $0.assignee?.name == "Ann" })
        #expect(try db.session { try anns.count() } == 2)
        #expect(try db.session { try anns.min(\.title) } == "dishes")
    }

    @Test func seesPendingChangesOfTheSession() throws {
        let titles = try db.session {
            let cid = Assignee(name: "Cid")
            _ = Chore(title: "attic", assignee: cid)
            let titles = try Chore.select(#Predicate { $0.assignee?.name == "Cid" }).fetch().map(\.title)
            try Chore.select(#Predicate { $0.title == "attic" }).delete()
            try cid.delete()
            return titles
        }
        #expect(titles == ["attic"])
    }

    @Test func countGroupedByAToOneIsKeyedByTheTargetsID() throws {
        let (perAssignee, ann, bob) = try db.session {
            (try Chore.select().count(groupedBy: \.assignee),
             try Assignee.select(#Predicate { $0.name == "Ann" }).fetch()[0].id,
             try Assignee.select(#Predicate { $0.name == "Bob" }).fetch()[0].id)
        }
        #expect(perAssignee == [ann: 2, bob: 1, nil: 1])
        let perHolder = try db.session { try Badge.select().count(groupedBy: \.holder) }
        #expect(perHolder == [ann: 1, bob: 1])
    }

    @Test func containsWhereFindsOwnersWithAMatchingObject() throws {
        let squads = try db.session { try Squad.select(#Predicate { $0.members.contains { $0.name == "Ann" } }).fetch().map(\.name) }
        #expect(squads == ["Blue"])
        let busy = try db.session {
            try Assignee.select(#Predicate { $0.chores.contains { $0.title.starts(with: "g") } }).fetch().map(\.name)
        }
        #expect(busy == ["Ann"])
    }

    @Test func allSatisfyIsTrueForOwnersWhoseEveryObjectPassesOrWhoHaveNone() throws {
        let names = try db.session {
            try Assignee.select(#Predicate { $0.chores.allSatisfy { $0.title != "laundry" } }).order(by: \.name).fetch().map(\.name)
        }
        #expect(names == ["Ann"])
        let cid = try db.session { Assignee(name: "Cid").id }
        let withNone = try db.session {
            try Assignee.select(#Predicate { $0.chores.allSatisfy { $0.title == "nothing" } }).fetch().map(\.name)
        }
        #expect(withNone == ["Cid"])
        try db.session { try Assignee[cid].delete() }
    }

    @Test func containsWhereNestsThroughToOnes() throws {
        let names = try db.session {
            try Assignee.select(#Predicate { $0.chores.contains { $0.assignee?.squad?.name == "Blue" } }).fetch().map(\.name)
        }
        #expect(names == ["Ann"])
    }

    @Test func aToManyInTheChainIsAnErrorNamingTheNode() {
        #expect(throws: PonyError.self) {
            try Squad.select(#Predicate { $0.members.count > 0 })
        }
    }
}

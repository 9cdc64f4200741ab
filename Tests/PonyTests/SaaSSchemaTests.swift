import Foundation
import Pony
import Testing

// The schema of a small SaaS app — users, posts, tags, comments, orders with lines keyed by (order, plan) — and the
// queries behind its list, detail and stats endpoints, written with the ORM alone (issue 13's "done when").

@Entity final class Tenant {
    @Attribute(.unique) var email: String
    var name: String
    var entries: [Entry]
    var remarks: [Remark]
    var purchases: [Purchase]
    init(email: String, name: String) { self.email = email; self.name = name }
}

@Entity final class Entry {
    var title: String
    var author: Tenant
    var keywords: [Keyword]
    var remarks: [Remark]
    init(title: String, author: Tenant) { self.title = title; self.author = author }
}

@Entity final class Keyword {
    @Attribute(.unique) var name: String
    var entries: [Entry]
    init(name: String) { self.name = name }
}

@Entity final class Remark {
    var text: String
    var entry: Entry
    var author: Tenant
    init(text: String, entry: Entry, author: Tenant) { self.text = text; self.entry = entry; self.author = author }
}

@Entity final class Plan {
    var name: String
    var cents: Int
    @Relationship(deleteRule: .deny) var lines: [PurchaseLine]
    init(name: String, cents: Int) { self.name = name; self.cents = cents }
}

@Entity final class Purchase {
    var buyer: Tenant
    var lines: [PurchaseLine]
    init(buyer: Tenant) { self.buyer = buyer }
}

@Entity final class PurchaseLine {
    @Attribute(.primaryKey) var purchase: Purchase
    @Attribute(.primaryKey) var plan: Plan
    var seats: Int
    init(purchase: Purchase, plan: Plan, seats: Int) { self.purchase = purchase; self.plan = plan; self.seats = seats }
}

@Suite("A SaaS app's schema with the ORM alone", .serialized, .syncSessionsInTests)
final class SaaSSchemaTests {
    let db: Database

    /// Ann wrote "Pony" (swift, orm; Bob remarked) and "Lint" (swift); Bob wrote "Notes". Ann bought 3 team seats
    /// and 1 pro seat; Bob bought 5 team seats.
    init() throws {
        db = try makeDatabase([Tenant.self, Entry.self, Keyword.self, Remark.self, Plan.self, Purchase.self, PurchaseLine.self])
        try db.session {
            let ann = Tenant(email: "ann@example.com", name: "Ann")
            let bob = Tenant(email: "bob@example.com", name: "Bob")
            let swift = Keyword(name: "swift")
            let orm = Keyword(name: "orm")
            let pony = Entry(title: "Pony", author: ann)
            pony.keywords = [swift, orm]
            Entry(title: "Lint", author: ann).keywords.append(swift)
            _ = Entry(title: "Notes", author: bob)
            _ = Remark(text: "Nice", entry: pony, author: bob)
            let team = Plan(name: "team", cents: 900)
            let pro = Plan(name: "pro", cents: 2500)
            let annsOrder = Purchase(buyer: ann)
            _ = PurchaseLine(purchase: annsOrder, plan: team, seats: 3)
            _ = PurchaseLine(purchase: annsOrder, plan: pro, seats: 1)
            _ = PurchaseLine(purchase: Purchase(buyer: bob), plan: team, seats: 5)
        }
    }

    deinit {
        try? db.disconnect()
    }

    @Test func theListEndpointIsAPageWithItsTotalAndAuthorsInThreeQueries() throws {
        var page: [String] = []
        var total = 0
        let statements = try selectStatements(in: db) {
            try db.session {
                let entries = try Entry.select().order(by: \.title)
                total = try entries.count()
                page = try entries.page(1, size: 2).prefetch(\.author).fetch().map { "\($0.title) by \($0.author.name)" }
            }
        }
        #expect(page == ["Lint by Ann", "Notes by Bob"])
        #expect(total == 3)
        #expect(statements.count == 3, "\(statements)")
    }

    @Test func theDetailEndpointHasTheTagsAndCommentsOfOnePost() throws {
        let (title, keywords, remarks) = try db.session {
            let entry = try Entry[1]
            return (entry.title, entry.keywords.map(\.name).sorted(), entry.remarks.map { "\($0.author.name): \($0.text)" })
        }
        #expect(title == "Pony")
        #expect(keywords == ["orm", "swift"])
        #expect(remarks == ["Bob: Nice"])
    }

    @Test func theStatsEndpointCountsPostsPerAuthorAndSeatsPerPlan() throws {
        let (perAuthor, teamSeats, proBuyers) = try db.session {
            (
                try Entry.select().count(groupedBy: \.author),
                try PurchaseLine.select(#Predicate { $0.plan.name == "team" }).sum(\.seats),
                try PurchaseLine.select(#Predicate { $0.plan.name == "pro" }).fetch().map(\.purchase.buyer.name)
            )
        }
        #expect(perAuthor == [1: 2, 2: 1])
        #expect(teamSeats == 8)
        #expect(proBuyers == ["Ann"])
    }

    @Test func aTagSearchFindsThePostsWithThatTag() throws {
        let titles = try db.session {
            try Entry.select(#Predicate { $0.keywords.contains { $0.name == "swift" } }).order(by: \.title).fetch().map(\.title)
        }
        #expect(titles == ["Lint", "Pony"])
    }

    @Test func anOrderLineIsFoundAndChangedByItsOrderAndPlan() throws {
        let key = PurchaseLine.ID(purchase: 1, plan: 1)
        try db.session { try PurchaseLine[key].seats += 2 }
        #expect(try db.session { try PurchaseLine[key].seats } == 5)
    }

    @Test func deletingAUserRemovesTheirPostsCommentsOrdersAndOrderLines() throws {
        try db.session { try Tenant[2].delete() }
        let (entries, remarks, lines) = try db.session {
            (try Entry.select().fetch().map(\.title), try Remark.select().count(), try PurchaseLine.select().fetch().map(\.id))
        }
        #expect(entries == ["Pony", "Lint"])
        #expect(remarks == 0)
        #expect(lines == [PurchaseLine.ID(purchase: 1, plan: 1), PurchaseLine.ID(purchase: 1, plan: 2)])
    }
}

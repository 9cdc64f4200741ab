import Foundation
import Logging
import Pony
import Testing

@Entity final class Depot {
    var city: String
    var couriers: [Courier]
    init(city: String) { self.city = city }
}

@Entity final class Courier {
    var name: String
    var depot: Depot
    init(name: String, depot: Depot) {
        self.name = name
        self.depot = depot
    }
}

@Entity final class Delivery {
    var number: Int
    var courier: Courier?
    /// A computed property: no column, nothing to prefetch.
    var assignedCourier: Courier? { courier }
    init(number: Int, courier: Courier? = nil) {
        self.number = number
        self.courier = courier
    }
}

/// `prefetch(\.relationship)`: one extra query per relationship, however many objects are fetched.
@Suite("Prefetching to-one relationships", .serialized, .syncSessionsInTests)
final class PrefetchTests {
    static let deliveries = 300
    let db: Database

    /// 300 deliveries, each with a courier of its own but every tenth with none; two depots.
    init() throws {
        db = try makeDatabase([Depot.self, Courier.self, Delivery.self])
        try db.session {
            let depots = [Depot(city: "Oslo"), Depot(city: "Bergen")]
            for number in 0..<Self.deliveries {
                let courier = number % 10 == 0 ? nil : Courier(name: "courier \(number)", depot: depots[number % 2])
                _ = Delivery(number: number, courier: courier)
            }
        }
    }

    deinit {
        try? db.disconnect()
    }

    /// The SELECT statements `body` runs in one session, through the SQL log.
    func selects(_ body: () throws -> Void) throws -> [String] {
        try selectStatements(in: db, body)
    }

    @Test func withoutPrefetchEachCourierIsAQuery() throws {
        let statements = try selects {
            for delivery in try Delivery.select().fetch() { _ = delivery.courier?.name }
        }
        #expect(statements.count == 1 + 270)
    }

    @Test func prefetchLoadsEveryCourierInOneQuery() throws {
        var names: [String] = []
        let statements = try selects {
            names = try Delivery.select().prefetch(\.courier).fetch().compactMap { $0.courier?.name }
        }
        #expect(statements.count == 2, "\(statements)")
        #expect(names.count == 270)
        #expect(names.first == "courier 1")
    }

    @Test func prefetchesChainOneQueryPerRelationship() throws {
        let statements = try selects {
            let couriers = try Courier.select().prefetch(\.depot).fetch()
            #expect(Set(couriers.map(\.depot.city)) == ["Oslo", "Bergen"])
        }
        #expect(statements.count == 2, "\(statements)")
    }

    @Test func prefetchLoadsEveryCollectionOfAToManyInOneQuery() throws {
        var sizes: [String: Int] = [:]
        let statements = try selects {
            for depot in try Depot.select().prefetch(\.couriers).fetch() { sizes[depot.city] = depot.couriers.count }
        }
        #expect(sizes == ["Oslo": 120, "Bergen": 150])
        #expect(statements.count == 2, "\(statements)")
    }

    @Test func withoutPrefetchEachCollectionIsAQuery() throws {
        let statements = try selects {
            for depot in try Depot.select().fetch() { _ = depot.couriers.count }
        }
        #expect(statements.count == 3)
    }

    @Test func aPrefetchedCollectionReloadsAfterARelationshipChangesInTheSession() throws {
        let counts = try db.session {
            let depots = try Depot.select().order(by: \.city).prefetch(\.couriers).fetch()
            let bergen = depots[0]
            let moved = try Courier.select(#Predicate { $0.name == "courier 2" }).fetch()[0]
            moved.depot = bergen
            let count = bergen.couriers.count
            moved.depot = depots[1]
            return count
        }
        #expect(counts == 151)
    }

    @Test func prefetchRespectsTheFilterAndThePage() throws {
        var names: [String?] = []
        let statements = try selects {
            let query = try Delivery.select(#Predicate { $0.number >= 100 }).order(by: \.number).prefetch(\.courier).page(3, size: 5)
            names = try query.fetch().map { $0.courier?.name }
        }
        #expect(names == [nil, "courier 111", "courier 112", "courier 113", "courier 114"])
        #expect(statements.count == 2)
        #expect(statements[1].contains("LIMIT") && statements[1].contains("OFFSET"), "the prefetch loads only the page's couriers: \(statements[1])")
    }

    @Test func prefetchedObjectsAreTheSessionsObjects() throws {
        try db.session {
            let first = try Courier.select(#Predicate { $0.name == "courier 1" }).fetch()[0]
            first.name = "renamed, not yet flushed"
            let deliveries = try Delivery.select(#Predicate { $0.number == 1 }).prefetch(\.courier).fetch()
            #expect(deliveries[0].courier === first)
            #expect(first.name == "renamed, not yet flushed")
            first.name = "courier 1"
        }
    }

    @Test func aComputedPropertyCannotBePrefetched() {
        #expect(throws: PonyError.unsupportedPredicate(
            node: "Delivery.select(…).prefetch(_:)",
            reason: "the key path to a Courier is not a stored to-one relationship of Delivery (a computed or @Transient "
                + "property has no foreign key to load by)")) {
            try Delivery.select().prefetch(\.assignedCourier)
        }
    }
}

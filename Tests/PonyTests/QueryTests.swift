import Foundation
import Pony
import Testing

@Entity final class Employee {
    var name: String
    var age: Int
    var email: String?
    var score: Double = 0
    var isAdmin: Bool = false
    var employer: Company?
    init(name: String, age: Int, email: String? = nil) {
        self.name = name
        self.age = age
        self.email = email
    }
}

@Entity final class Company {
    var name: String
    var staff: [Employee]
    init(name: String) { self.name = name }
}

/// Never mapped to any database.
@Entity final class Stranger {
    var name: String
    init(name: String) { self.name = name }
}

@Suite("Queries", .serialized, .syncSessionsInTests)
final class QueryTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Employee.self, Company.self])
        try db.session {
            let acme = Company(name: "Acme")
            _ = Employee(name: "Ann", age: 31, email: "ann@example.org")
            _ = Employee(name: "Bob", age: 17)
            let cid = Employee(name: "Cid", age: 45, email: "cid@example.org")
            cid.isAdmin = true
            cid.score = 9.5
            cid.employer = acme
            _ = Employee(name: "Dee", age: 18)
        }
    }

    deinit {
        try? db.disconnect()
    }

    func names(_ predicate: Predicate<Employee>) throws -> [String] {
        try db.session { try Employee.select(predicate).fetch().map(\.name) }
    }

    @Test func comparesAttributesWithValues() throws {
        #expect(try names(#Predicate { $0.age >= 18 }) == ["Ann", "Cid", "Dee"])
        #expect(try names(#Predicate { $0.age < 18 }) == ["Bob"])
        #expect(try names(#Predicate { $0.name == "Cid" }) == ["Cid"])
        #expect(try names(#Predicate { $0.name != "Cid" }) == ["Ann", "Bob", "Dee"])
    }

    @Test func combinesConditionsWithAndOrNot() throws {
        #expect(try names(#Predicate { $0.age >= 18 && $0.name != "Ann" }) == ["Cid", "Dee"])
        #expect(try names(#Predicate { $0.age < 18 || $0.isAdmin }) == ["Bob", "Cid"])
        #expect(try names(#Predicate { !($0.age < 18) }) == ["Ann", "Cid", "Dee"])
    }

    @Test func capturesLocalValuesAsBoundParameters() throws {
        let minimum = 40
        let nameWithQuote = "O'Brien\"; DROP TABLE Employee; --"
        #expect(try names(#Predicate { $0.age > minimum }) == ["Cid"])
        #expect(try names(#Predicate { $0.name == nameWithQuote }) == [])
        #expect(try db.session { try Employee.count() } == 4)
    }

    @Test func readsPropertiesOfCapturedValuesWhenTheQueryIsBuilt() throws {
        struct Limits: Codable, Sendable { var low: Int; var high: Int }
        struct Filter: Codable, Sendable { var name: String; var email: String?; var limits: Limits }
        let filter = Filter(name: "Cid", email: nil, limits: Limits(low: 18, high: 40))
        #expect(try names(#Predicate { $0.name == filter.name }) == ["Cid"])
        #expect(try names(#Predicate { $0.email == filter.email }) == ["Bob", "Dee"], "a nil property compares like nil")
        #expect(try names(#Predicate { $0.age >= filter.limits.low && $0.age < filter.limits.high }) == ["Ann", "Dee"])
    }

    @Test func comparesOptionalsWithNilLikeSwift() throws {
        #expect(try names(#Predicate { $0.email == nil }) == ["Bob", "Dee"])
        #expect(try names(#Predicate { $0.email != nil }) == ["Ann", "Cid"])
        #expect(try names(#Predicate { $0.email == "ann@example.org" }) == ["Ann"])
    }

    @Test func translatesArithmeticAndStringSearches() throws {
        #expect(try names(#Predicate { $0.age + 1 == 18 }) == ["Bob"])
        #expect(try names(#Predicate { $0.age * 2 > 80 }) == ["Cid"])
        #expect(try names(#Predicate { $0.age % 2 == 1 }) == ["Ann", "Bob", "Cid"])
        #expect(try names(#Predicate { $0.name.contains("i") }) == ["Cid"])
        #expect(try names(#Predicate { $0.name.starts(with: "D") }) == ["Dee"])
        #expect(try names(#Predicate { $0.score > 9.0 }) == ["Cid"])
    }

    @Test func matchesAListOfValues() throws {
        #expect(try names(#Predicate { ["Bob", "Dee", "Zed"].contains($0.name) }) == ["Bob", "Dee"])
        let none: [Int] = []
        #expect(try names(#Predicate { none.contains($0.age) }) == [])
    }

    @Test func followsAToOneThroughItsID() throws {
        let acme = try db.session { try Company.select().first()!.id }
        #expect(try names(#Predicate { $0.employer?.id == acme }) == ["Cid"])
        #expect(try names(#Predicate { $0.employer?.id == nil }) == ["Ann", "Bob", "Dee"])
    }

    @Test func ordersLimitsAndOffsets() throws {
        let byAge = try db.session { try Employee.select().order(by: \.age, .descending).fetch().map(\.name) }
        #expect(byAge == ["Cid", "Ann", "Dee", "Bob"])
        let page = try db.session { try Employee.select().order(by: \.name).limit(2, offset: 1).fetch().map(\.name) }
        #expect(page == ["Bob", "Cid"])
    }

    @Test func countsFindsFirstAndChecksExistence() throws {
        let adults = try Employee.select(#Predicate { $0.age >= 18 })
        #expect(try db.session { try adults.count() } == 3)
        #expect(try db.session { try adults.limit(2).count() } == 2)
        #expect(try db.session { try adults.order(by: \.age).first()?.name } == "Dee")
        #expect(try db.session { try Employee.exists(#Predicate { $0.age > 100 }) } == false)
        #expect(try db.session { try Employee.exists(#Predicate { $0.age > 40 }) })
    }

    @Test func getsTheSingleMatchOrRefusesSeveral() throws {
        #expect(try db.session { try Employee.get(#Predicate { $0.name == "Ann" })?.age } == 31)
        #expect(try db.session { try Employee.get(#Predicate { $0.name == "Zed" }) } == nil)
        #expect(throws: PonyError.self) {
            try db.session { try Employee.get(#Predicate { $0.age > 0 }) }
        }
    }

    @Test func deletesTheMatchingObjects() throws {
        let deleted = try db.session { try Employee.select(#Predicate { $0.age < 18 }).delete() }
        #expect(deleted == 1)
        #expect(try names(#Predicate { $0.age > 0 }) == ["Ann", "Cid", "Dee"])
    }

    @Test func returnsSnapshotsForJSON() throws {
        let snapshots = try db.session { try Employee.select(#Predicate { $0.isAdmin }).snapshots() }
        let json = String(decoding: try JSONEncoder().encode(snapshots), as: UTF8.self)
        #expect(json.contains("\"name\":\"Cid\""))
        #expect(json.contains("\"employer\":1"))
    }

    @Test func namesAnUnsupportedExpression() throws {
        #expect {
            _ = try Employee.select(#Predicate { $0.name.count > 2 })
        } throws: { error in
            guard case PonyError.unsupportedPredicate(let node, let reason) = error else { return false }
            return node == "KeyPath" && reason.hasPrefix("a property of a property (such as $0.name.count")
        }
        #expect {
            _ = try Employee.select(#Predicate { $0.email?.contains("@") == true })
        } throws: { error in
            guard case PonyError.unsupportedPredicate(let node, let reason) = error else { return false }
            return node == "OptionalFlatMap" && reason.hasPrefix("only a to-one relationship can be followed through an optional")
        }
    }

    @Test func refusesToOrderByAComputedOrToManyAttribute() throws {
        #expect(throws: PonyError.self) {
            _ = try Company.select().order(by: \.staff.count)
        }
    }

    @Test func queriesAnUnmappedEntityWithAClearError() throws {
        #expect(throws: PonyError.mapping("Stranger is not mapped to a database; call db.generateMapping([Stranger.self, …]) first")) {
            _ = try Stranger.select(#Predicate { $0.name == "x" })
        }
    }
}

import Foundation
import Pony
import Testing

@Entity final class Invoice {
    var customer: String
    var total: Int
    var tax: Double
    var discount: Int?
    init(customer: String, total: Int, tax: Double, discount: Int? = nil) {
        self.customer = customer
        self.total = total
        self.tax = tax
        self.discount = discount
    }
}

/// Aggregates (`sum`, `min`, `max`, `avg`, `count(distinct:)`) and pages, computed by the database.
@Suite("Query aggregates and pages", .serialized, .syncSessionsInTests)
final class QueryAggregateTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Invoice.self])
        try db.session {
            _ = Invoice(customer: "Ann", total: 120, tax: 1.5, discount: 10)
            _ = Invoice(customer: "Bob", total: 80, tax: 2.25)
            _ = Invoice(customer: "Ann", total: 300, tax: 0.75, discount: 30)
            _ = Invoice(customer: "Cid", total: 5, tax: 0.5)
        }
    }

    deinit {
        try? db.disconnect()
    }

    @Test func sumIsTypedByTheAttribute() throws {
        let (totals, taxes): (Int, Double) = try db.session { (try Invoice.select().sum(\.total), try Invoice.select().sum(\.tax)) }
        #expect(totals == 505)
        #expect(taxes == 5.0)
    }

    @Test func sumOfAnOptionalAttributeSkipsNil() throws {
        let discounts: Int = try db.session { try Invoice.select().sum(\.discount) }
        #expect(discounts == 40)
    }

    @Test func sumOfNoRowsIsZero() throws {
        let none = try db.session { try Invoice.select(#Predicate { $0.total > 1_000 }).sum(\.total) }
        #expect(none == 0)
    }

    @Test func minAndMaxRespectTheFilter() throws {
        let ann = try Invoice.select(#Predicate { $0.customer == "Ann" })
        let (least, most) = try db.session { (try ann.min(\.total), try ann.max(\.total)) }
        #expect(least == 120)
        #expect(most == 300)
    }

    @Test func minAndMaxOfNoRowsAreNil() throws {
        let nobody = try Invoice.select(#Predicate { $0.customer == "Zed" })
        #expect(try db.session { try nobody.min(\.total) } == nil)
        #expect(try db.session { try nobody.max(\.customer) } == nil)
    }

    @Test func minAndMaxOfAnOptionalAttributeSkipNil() throws {
        #expect(try db.session { try Invoice.select().min(\.discount) } == 10)
        #expect(try db.session { try Invoice.select().max(\.discount) } == 30)
    }

    @Test func avgIsADoubleAndNilForNoRows() throws {
        #expect(try db.session { try Invoice.select().avg(\.total) } == 126.25)
        #expect(try db.session { try Invoice.select().avg(\.discount) } == 20.0)
        #expect(try db.session { try Invoice.select(#Predicate { $0.total < 0 }).avg(\.total) } == nil)
    }

    @Test func countDistinctCountsDifferentValues() throws {
        #expect(try db.session { try Invoice.select().count(distinct: \.customer) } == 3)
        #expect(try db.session { try Invoice.select().count(distinct: \.discount) } == 2)
    }

    @Test func countGroupedByAnAttributeCountsEachValue() throws {
        let perCustomer = try db.session { try Invoice.select().count(groupedBy: \.customer) }
        #expect(perCustomer == ["Ann": 2, "Bob": 1, "Cid": 1])
    }

    @Test func countGroupedByAnOptionalAttributeHasANilGroup() throws {
        let perDiscount = try db.session { try Invoice.select().count(groupedBy: \.discount) }
        #expect(perDiscount == [10: 1, 30: 1, nil: 2])
    }

    @Test func countGroupedRespectsTheFilter() throws {
        let big = try db.session { try Invoice.select(#Predicate { $0.total >= 100 }).count(groupedBy: \.customer) }
        #expect(big == ["Ann": 2])
    }

    @Test func valuesFollowTheQuerysOrder() throws {
        let customers = try db.session { try Invoice.select().order(by: \.total, .descending).values(\.customer) }
        #expect(customers == ["Ann", "Ann", "Bob", "Cid"])
    }

    @Test func valuesOfAnOptionalAttributeKeepNil() throws {
        let discounts = try db.session { try Invoice.select().values(\.discount) }
        #expect(discounts == [10, nil, 30, nil])
    }

    @Test func distinctListsEachValueOnceInValueOrder() throws {
        let customers = try db.session { try Invoice.select().distinct(\.customer) }
        #expect(customers == ["Ann", "Bob", "Cid"])
        let bigSpenders = try db.session { try Invoice.select(#Predicate { $0.total >= 80 }).distinct(\.customer) }
        #expect(bigSpenders == ["Ann", "Bob"])
    }

    @Test func distinctPutsNilFirst() throws {
        let discounts = try db.session { try Invoice.select().distinct(\.discount) }
        #expect(discounts == [nil, 10, 30])
    }

    @Test func aggregatesSeeTheSessionsPendingChanges() throws {
        let total = try db.session {
            _ = Invoice(customer: "Dee", total: 95, tax: 0)
            return try Invoice.select().sum(\.total)
        }
        #expect(total == 600)
        try db.session { try Invoice.select(#Predicate { $0.customer == "Dee" }).delete() }
    }

    @Test func aggregatesRespectALimit() throws {
        let firstTwo = try Invoice.select().order(by: \.total).limit(2)
        #expect(try db.session { try firstTwo.sum(\.total) } == 85)
        #expect(try db.session { try firstTwo.max(\.total) } == 80)
    }

    @Test func pagesAreNumberedFromOne() throws {
        let byTotal = try Invoice.select().order(by: \.total)
        let pages = try db.session {
            try (1...3).map { try byTotal.page($0, size: 2).fetch().map(\.total) }
        }
        #expect(pages == [[5, 80], [120, 300], []])
    }

    @Test func aPageBelowOneOrOfNoSizeIsAConfigurationError() {
        #expect(throws: PonyError.configuration("page(0, size: 50): pages are numbered from 1")) {
            try Invoice.select().page(0, size: 50)
        }
        #expect(throws: PonyError.configuration("page(2, size: 0): a page holds at least 1 object")) {
            try Invoice.select().page(2, size: 0)
        }
        #expect(throws: PonyError.configuration("page(\(Int.max), size: 50): the page starts beyond \(Int.max) rows")) {
            try Invoice.select().page(.max, size: 50)
        }
    }

    @Test func aggregatesNeedASession() {
        #expect(throws: PonyError.self) { try Invoice.select().sum(\.total) }
    }
}

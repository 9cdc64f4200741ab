import Foundation
import Pony
import Testing

@Entity final class Basket {
    var owner: String
    var lines: [BasketLine]
    init(owner: String) { self.owner = owner }
}

@Entity final class Ware {
    var name: String
    var lines: [BasketLine]
    init(name: String) { self.name = name }
}

/// A line of a basket: one per basket and ware (PonyORM's `composite_key(basket, ware)`), and an index for
/// looking up a ware's lines by quantity.
@Entity final class BasketLine {
    var basket: Basket
    var ware: Ware
    var quantity: Int
    static let compositeIndexes: [CompositeIndex<BasketLine>] = [.unique(\.basket, \.ware), .index(\.ware, \.quantity)]
    init(basket: Basket, ware: Ware, quantity: Int) {
        self.basket = basket
        self.ware = ware
        self.quantity = quantity
    }
}

/// Names a to-many relationship, which has no column.
@Entity final class Shipment {
    var label: String
    var parcels: [Package]
    static let compositeIndexes: [CompositeIndex<Shipment>] = [.index(\.label, \.parcels)]
    init(label: String) { self.label = label }
}

@Entity final class Package {
    var weight: Int
    var shipment: Shipment?
    init(weight: Int) { self.weight = weight }
}

/// Composite unique constraints and indexes (`static let compositeIndexes`), created by `generateMapping`.
@Suite("Composite indexes", .serialized, .syncSessionsInTests)
final class CompositeIndexTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Basket.self, Ware.self, BasketLine.self])
        try db.session {
            let basket = Basket(owner: "Ann")
            _ = BasketLine(basket: basket, ware: Ware(name: "tea"), quantity: 2)
            _ = Ware(name: "milk")
        }
    }

    deinit {
        try? db.disconnect()
    }

    @Test func aSecondRowWithTheSameCompositeKeyIsRefused() throws {
        #expect {
            try self.db.session { _ = BasketLine(basket: try Basket[1], ware: try Ware[1], quantity: 5) }
        } throws: { error in
            guard case PonyError.constraintViolation = error else { return false }
            return true
        }
        try db.session { _ = BasketLine(basket: try Basket[1], ware: try Ware[2], quantity: 1) }
        #expect(try rowCount("BasketLine", in: db) == 2)
    }

    @Test func getFindsTheOneObjectByItsCompositeKey() throws {
        let quantity = try db.session {
            let (basketID, wareID): (Int64, Int64) = (1, 1)
            return try BasketLine.get(#Predicate { $0.basket.id == basketID && $0.ware.id == wareID })?.quantity
        }
        #expect(quantity == 2)
    }

    @Test func createTablesCreatesEachIndexByName() throws {
        let names = try db.session {
            let sql = TestDatabaseKind.isPostgreSQL
                ? "SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'BasketLine'"
                : "SELECT name FROM pragma_index_list('BasketLine')"
            return try db.select(sql: sql).map { try $0.decode("name", as: String.self) }
        }
        #expect(names.contains("BasketLine_basket_ware_unique"))
        #expect(names.contains("BasketLine_ware_quantity_index"))
    }

    @Test func anExistingTableWithoutTheUniqueIndexGetsTheStepThatCreatesIt() throws {
        try db.disconnect()
        let path = try temporaryDatabasePath()
        let first = Database()
        try first.bind(.sqlite(path: path, create: true))
        try first.generateMapping([Basket.self, Ware.self, BasketLine.self], createTables: true)
        try first.session { _ = try first.execute(sql: "DROP INDEX \"BasketLine_basket_ware_unique\"") }
        try first.disconnect()
        let second = Database()
        try second.bind(.sqlite(path: path))
        defer { try? second.disconnect() }
        #expect {
            try second.generateMapping([Basket.self, Ware.self, BasketLine.self])
        } throws: { error in
            guard case PonyError.mapping(let message) = error else { return false }
            return message.contains(
                "- no unique index \"BasketLine_basket_ware_unique\" on (\"basket\", \"ware\") for BasketLine.compositeIndexes: "
                    + "change.createIndex(\"BasketLine_basket_ware_unique\", on: \"BasketLine\", columns: [\"basket\", \"ware\"], unique: true)")
        }
    }

    @Test func anAttributeWithoutAColumnIsAMappingError() {
        #expect(throws: PonyError.mapping(
            "Shipment.compositeIndexes[0] names parcels, a to-many relationship, which has no column; name values or to-one relationships")
        ) {
            _ = try makeDatabase([Shipment.self, Package.self])
        }
    }
}

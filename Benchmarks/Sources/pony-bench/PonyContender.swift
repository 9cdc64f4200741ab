import Foundation
import Pony

@Entity final class Person {
    var name: String
    var age: Int
    var score: Double
    init(name: String, age: Int, score: Double) {
        self.name = name
        self.age = age
        self.score = score
    }
}

@Entity(table: "customers") final class Customer {
    var name: String
    var country: String
    var orders: [PurchaseOrder]
    init(name: String, country: String) {
        self.name = name
        self.country = country
    }
}

@Entity(table: "products") final class Product {
    var name: String
    var price: Double
    var orders: [PurchaseOrder]
    init(name: String, price: Double) {
        self.name = name
        self.price = price
    }
}

@Entity(table: "orders") final class PurchaseOrder {
    var customer: Customer
    var product: Product
    var quantity: Int
    init(customer: Customer, product: Product, quantity: Int) {
        self.customer = customer
        self.product = product
        self.quantity = quantity
    }
}

/// Pony as its README shows it: entities in sessions, the identity map on, changes flushed at commit.
struct PonyContender: ORMContender {
    static let name = "Pony"
    var db: Database
    let path: String
    let workload: Workload

    init(storage: Storage, folder: String, workload: Workload) throws {
        path = storage.path(in: folder, name: "pony")
        self.workload = workload
        db = Database()
    }

    mutating func prepare(for measure: ORMMeasure) throws {
        try? db.disconnect()
        if path != ":memory:" {
            Storage.removeDatabase(at: path)
        }
        db = Database()
        try db.bind(.sqlite(path: path, create: true))
        try db.generateMapping([Person.self, Customer.self, Product.self, PurchaseOrder.self, Post.self, Tag.self], createTables: true)
        let work = PonyWork(db: db, workload: workload)
        if measure != .insert && measure != .link && measure != .prefetchLinks { try work.insertPeople() }
        if measure == .join { try work.insertOrders() }
        if measure == .link || measure == .prefetchLinks { try work.insertTags(linkingPosts: measure == .prefetchLinks) }
    }

    mutating func run(_ measure: ORMMeasure) throws -> Int {
        try PonyWork(db: db, workload: workload).run(measure)
    }
}

/// The ORM measures done with Pony on a bound and mapped database, whichever database it is.
struct PonyWork {
    let db: Database
    let workload: Workload
    /// Whether the update measure's session runs optimistic checks (the default); switched off to measure
    /// what they cost.
    nonisolated(unsafe) private(set) static var optimisticChecks = true

    /// Runs `body` (a timing) with the update measure's optimistic checks off.
    static func withoutOptimisticChecks<T>(_ body: () throws -> T) rethrows -> T {
        optimisticChecks = false
        defer { optimisticChecks = true }
        return try body()
    }

    func run(_ measure: ORMMeasure) throws -> Int {
        switch measure {
        case .insert:
            try insertPeople()
            return workload.rows
        case .fetchByID:
            let ids = workload.scatteredIDs()
            return try db.session {
                var sum = 0
                for id in ids { sum += try Person[id].age }
                return sum
            }
        case .fetchAll:
            return try db.session { try Person.select().fetch().reduce(0) { $0 + $1.age } }
        case .update:
            let count = workload.updates
            try db.session(optimistic: Self.optimisticChecks) {
                for id in 1...Int64(count) { try Person[id].age += 1 }
            }
            return count
        case .join:
            let minimum = workload.minimumPrice
            let rows = try db.session { try db.select(sql: Workload.joinSQL, arguments: [minimum]) }
            return try rows.reduce(0) { try $0 + $1.decode("quantity", as: Int.self) }
        case .link, .prefetchLinks, .aggregate:
            return try runModelMeasure(measure)
        }
    }

    func insertPeople() throws {
        let workload = workload
        try db.session {
            for index in 0..<workload.rows {
                _ = Person(name: workload.name(index), age: workload.age(index), score: workload.score(index))
            }
        }
    }

    func insertOrders() throws {
        let workload = workload
        try db.session {
            let customers = (0..<workload.customers).map { Customer(name: workload.customerName($0), country: workload.country($0)) }
            let products = (0..<workload.products).map { Product(name: workload.productName($0), price: workload.price($0)) }
            for index in 0..<workload.orders {
                let order = workload.order(index)
                _ = PurchaseOrder(
                    customer: customers[Int(order.customer) - 1], product: products[Int(order.product) - 1],
                    quantity: order.quantity)
            }
        }
    }
}

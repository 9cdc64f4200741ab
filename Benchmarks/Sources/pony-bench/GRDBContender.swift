import Foundation
import GRDB

/// GRDB 7.10.0's records, written the fast way its documentation recommends (explicit `init(row:)` and
/// `encode(to:)` with column indexes, not `Codable`), on a `DatabaseQueue` with the same settings.
struct GRDBContender: ORMContender {
    static let name = "GRDB 7.10.0"
    var queue: DatabaseQueue
    let path: String
    let workload: Workload

    struct PersonRecord: FetchableRecord, MutablePersistableRecord {
        static let databaseTableName = "person"
        var id: Int64?
        var name: String
        var age: Int
        var score: Double

        init(id: Int64? = nil, name: String, age: Int, score: Double) {
            self.id = id
            self.name = name
            self.age = age
            self.score = score
        }

        init(row: Row) {
            id = row[0]
            name = row[1]
            age = row[2]
            score = row[3]
        }

        func encode(to container: inout PersistenceContainer) {
            container["id"] = id
            container["name"] = name
            container["age"] = age
            container["score"] = score
        }

        mutating func didInsert(_ inserted: InsertionSuccess) {
            id = inserted.rowID
        }
    }

    init(storage: Storage, folder: String, workload: Workload) throws {
        path = storage.path(in: folder, name: "grdb")
        self.workload = workload
        queue = try DatabaseQueue()
    }

    mutating func prepare(for measure: ORMMeasure) throws {
        if path != ":memory:" {
            Storage.removeDatabase(at: path)
        }
        queue = try Self.openQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE person (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, age INTEGER NOT NULL, score REAL NOT NULL)")
        }
        if measure != .insert && measure != .link && measure != .prefetchLinks { try insertPeople() }
        if measure == .join { try insertOrders() }
        if measure == .link || measure == .prefetchLinks { try insertTags(linkingPosts: measure == .prefetchLinks) }
    }

    /// A queue on `path` with WAL and synchronous=NORMAL for files, as Pony and the raw contender use.
    static func openQueue(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        if path == ":memory:" { return try DatabaseQueue(configuration: configuration) }
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        return queue
    }

    mutating func run(_ measure: ORMMeasure) throws -> Int {
        switch measure {
        case .insert:
            try insertPeople()
            return workload.rows
        case .fetchByID:
            let ids = workload.scatteredIDs()
            return try queue.read { db in
                var sum = 0
                for id in ids {
                    guard let person = try PersonRecord.fetchOne(db, key: id) else { throw RawConnection.Failure.missingRow(id) }
                    sum += person.age
                }
                return sum
            }
        case .fetchAll:
            return try queue.read { db in try PersonRecord.fetchAll(db).reduce(0) { $0 + $1.age } }
        case .update:
            let count = workload.updates
            try queue.write { db in
                for id in 1...Int64(count) {
                    guard var person = try PersonRecord.fetchOne(db, key: id) else { throw RawConnection.Failure.missingRow(id) }
                    person.age += 1
                    try person.update(db)
                }
            }
            return count
        case .join:
            let minimum = workload.minimumPrice
            let rows = try queue.read { db in try Row.fetchAll(db, sql: Workload.joinSQL, arguments: [minimum]) }
            return rows.reduce(0) { $0 + ($1[2] as Int) }
        case .link, .prefetchLinks, .aggregate:
            return try runModelMeasure(measure)
        }
    }

    private func insertPeople() throws {
        let workload = workload
        try queue.write { db in
            for index in 0..<workload.rows {
                var person = PersonRecord(name: workload.name(index), age: workload.age(index), score: workload.score(index))
                try person.insert(db)
            }
        }
    }

    private func insertOrders() throws {
        let workload = workload
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, country TEXT NOT NULL);
                CREATE TABLE products (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, price REAL NOT NULL);
                CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT,
                    customer INTEGER NOT NULL REFERENCES customers(id), product INTEGER NOT NULL REFERENCES products(id),
                    quantity INTEGER NOT NULL);
                CREATE INDEX orders_customer ON orders(customer); CREATE INDEX orders_product ON orders(product)
                """)
            for index in 0..<workload.customers {
                try db.execute(sql: "INSERT INTO customers (name, country) VALUES (?, ?)", arguments: [workload.customerName(index), workload.country(index)])
            }
            for index in 0..<workload.products {
                try db.execute(sql: "INSERT INTO products (name, price) VALUES (?, ?)", arguments: [workload.productName(index), workload.price(index)])
            }
            let statement = try db.cachedStatement(sql: "INSERT INTO orders (customer, product, quantity) VALUES (?, ?, ?)")
            for index in 0..<workload.orders {
                let order = workload.order(index)
                try statement.execute(arguments: [order.customer, order.product, order.quantity])
            }
        }
    }
}

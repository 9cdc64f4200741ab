import Foundation
import GRDBSQLite

/// The physical limit: SQLite's C API with prepared statements reused across rows, values bound and read
/// by column index, rows read into plain Swift objects. Nothing an ORM can skip.
struct RawSQLiteContender: ORMContender {
    static let name = "raw SQLite"
    let connection: RawConnection
    let workload: Workload

    init(storage: Storage, folder: String, workload: Workload) throws {
        connection = try RawConnection(path: storage.path(in: folder, name: "raw"))
        self.workload = workload
    }

    /// A person as an application would hold it.
    final class Person {
        let id: Int64
        var name: String
        var age: Int
        var score: Double
        init(id: Int64, name: String, age: Int, score: Double) {
            self.id = id
            self.name = name
            self.age = age
            self.score = score
        }
    }

    mutating func prepare(for measure: ORMMeasure) throws {
        try connection.execute(
            "DROP TABLE IF EXISTS person; DROP TABLE IF EXISTS orders; DROP TABLE IF EXISTS customers; DROP TABLE IF EXISTS products; "
                + "DROP TABLE IF EXISTS \"Post_Tag\"; DROP TABLE IF EXISTS posts; DROP TABLE IF EXISTS tags")
        try connection.execute("CREATE TABLE person (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, age INTEGER NOT NULL, score REAL NOT NULL)")
        try connection.execute("BEGIN")
        if measure != .insert && measure != .link && measure != .prefetchLinks { try insertPeople() }
        try connection.execute("COMMIT")
        if measure == .join { try insertOrders() }
        if measure == .link || measure == .prefetchLinks { try insertTags(linkingPosts: measure == .prefetchLinks) }
    }

    /// Every measure runs in one transaction, as it does inside an ORM session (and a GRDB `read`/`write`):
    /// without one, each statement in WAL mode would start and end its own.
    mutating func run(_ measure: ORMMeasure) throws -> Int {
        try connection.execute("BEGIN")
        do {
            let checksum = try work(measure)
            try connection.execute("COMMIT")
            return checksum
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func work(_ measure: ORMMeasure) throws -> Int {
        switch measure {
        case .insert:
            try insertPeople()
            return workload.rows
        case .fetchByID:
            let statement = try connection.prepare("SELECT id, name, age, score FROM person WHERE id = ?")
            defer { sqlite3_finalize(statement) }
            var sum = 0
            for id in workload.scatteredIDs() {
                sqlite3_bind_int64(statement, 1, id)
                guard sqlite3_step(statement) == SQLITE_ROW else { throw RawConnection.Failure.missingRow(id) }
                sum += Self.person(statement).age
                sqlite3_reset(statement)
            }
            return sum
        case .fetchAll:
            let statement = try connection.prepare("SELECT id, name, age, score FROM person")
            defer { sqlite3_finalize(statement) }
            var people: [Person] = []
            while sqlite3_step(statement) == SQLITE_ROW { people.append(Self.person(statement)) }
            return people.reduce(0) { $0 + $1.age }
        case .update:
            let select = try connection.prepare("SELECT id, name, age, score FROM person WHERE id = ?")
            let update = try connection.prepare("UPDATE person SET name = ?, age = ?, score = ? WHERE id = ?")
            defer {
                sqlite3_finalize(select)
                sqlite3_finalize(update)
            }
            for id in 1...Int64(workload.updates) {
                sqlite3_bind_int64(select, 1, id)
                guard sqlite3_step(select) == SQLITE_ROW else { throw RawConnection.Failure.missingRow(id) }
                let person = Self.person(select)
                sqlite3_reset(select)
                person.age += 1
                RawConnection.bind(update, 1, person.name)
                sqlite3_bind_int64(update, 2, Int64(person.age))
                sqlite3_bind_double(update, 3, person.score)
                sqlite3_bind_int64(update, 4, person.id)
                guard sqlite3_step(update) == SQLITE_DONE else { throw connection.failure("UPDATE") }
                sqlite3_reset(update)
            }
            return workload.updates
        case .join:
            let statement = try connection.prepare(Workload.joinSQL)
            defer { sqlite3_finalize(statement) }
            sqlite3_bind_double(statement, 1, workload.minimumPrice)
            var rows: [(String, String, Int)] = []
            while sqlite3_step(statement) == SQLITE_ROW {
                rows.append((RawConnection.text(statement, 0), RawConnection.text(statement, 1), Int(sqlite3_column_int64(statement, 2))))
            }
            return rows.reduce(0) { $0 + $1.2 }
        case .link, .prefetchLinks, .aggregate:
            return try runModelMeasure(measure)
        }
    }


    static func person(_ statement: OpaquePointer) -> Person {
        Person(
            id: sqlite3_column_int64(statement, 0), name: RawConnection.text(statement, 1),
            age: Int(sqlite3_column_int64(statement, 2)), score: sqlite3_column_double(statement, 3))
    }

    /// Inserts the people; the caller holds the transaction.
    private func insertPeople() throws {
        let statement = try connection.prepare("INSERT INTO person (name, age, score) VALUES (?, ?, ?)")
        defer { sqlite3_finalize(statement) }
        for index in 0..<workload.rows {
            RawConnection.bind(statement, 1, workload.name(index))
            sqlite3_bind_int64(statement, 2, Int64(workload.age(index)))
            sqlite3_bind_double(statement, 3, workload.score(index))
            guard sqlite3_step(statement) == SQLITE_DONE else { throw connection.failure("INSERT") }
            sqlite3_reset(statement)
        }
    }

    private func insertOrders() throws {
        try connection.execute("""
            CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, country TEXT NOT NULL);
            CREATE TABLE products (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, price REAL NOT NULL);
            CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer INTEGER NOT NULL REFERENCES customers(id), product INTEGER NOT NULL REFERENCES products(id),
                quantity INTEGER NOT NULL);
            CREATE INDEX orders_customer ON orders(customer); CREATE INDEX orders_product ON orders(product);
            BEGIN
            """)
        for index in 0..<workload.customers {
            try connection.execute("INSERT INTO customers (name, country) VALUES ('\(workload.customerName(index))', '\(workload.country(index))')")
        }
        for index in 0..<workload.products {
            try connection.execute("INSERT INTO products (name, price) VALUES ('\(workload.productName(index))', \(workload.price(index)))")
        }
        let statement = try connection.prepare("INSERT INTO orders (customer, product, quantity) VALUES (?, ?, ?)")
        defer { sqlite3_finalize(statement) }
        for index in 0..<workload.orders {
            let order = workload.order(index)
            sqlite3_bind_int64(statement, 1, order.customer)
            sqlite3_bind_int64(statement, 2, order.product)
            sqlite3_bind_int64(statement, 3, Int64(order.quantity))
            guard sqlite3_step(statement) == SQLITE_DONE else { throw connection.failure("INSERT") }
            sqlite3_reset(statement)
        }
        try connection.execute("COMMIT")
    }
}

/// A bare SQLite connection with Pony's settings (WAL and synchronous=NORMAL for files, foreign keys on).
final class RawConnection {
    let handle: OpaquePointer

    enum Failure: Error, CustomStringConvertible {
        case sqlite(String, String)
        case missingRow(Int64)
        var description: String {
            switch self {
            case .sqlite(let what, let message): "\(what): \(message)"
            case .missingRow(let id): "no row with id \(id)"
            }
        }
    }

    init(path: String) throws {
        if path != ":memory:" { try? FileManager.default.removeItem(atPath: path) }
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
              let handle
        else { throw Failure.sqlite("open \(path)", "cannot open") }
        self.handle = handle
        try execute("PRAGMA foreign_keys = ON")
        if path != ":memory:" { try execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL") }
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement
        else { throw failure(sql) }
        return statement
    }

    func failure(_ what: String) -> Failure {
        .sqlite(what, String(cString: sqlite3_errmsg(handle)))
    }

    static func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text(statement, index, buffer.baseAddress, Int32(buffer.count), SQLITE_TRANSIENT_VALUE)
        }
    }

    static func text(_ statement: OpaquePointer, _ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}

/// SQLite's `SQLITE_TRANSIENT` (the macro does not import into Swift).
let SQLITE_TRANSIENT_VALUE = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

import Foundation

/// The ORM measures: the same work, on the same schema and the same SQLite build, for each contender.
enum ORMMeasure: String, CaseIterable, Codable, Sendable {
    case insert = "insert"
    case fetchByID = "fetch-by-id"
    case fetchAll = "fetch-all"
    case update = "update"
    case join = "join"
    case link = "link"
    case prefetchLinks = "prefetch-links"
    case aggregate = "aggregate"

    var title: String {
        switch self {
        case .insert: "insert N rows in one transaction"
        case .fetchByID: "N point fetches by primary key"
        case .fetchAll: "fetch N rows into objects"
        case .update: "update N/10 rows, one transaction"
        case .join: "3-table join, N/2 orders × customers × products"
        case .link: "many-to-many: create N/10 posts, link each to 5 tags, one transaction"
        case .prefetchLinks: "many-to-many: load N/10 posts with their 5 tags each (prefetch)"
        case .aggregate: "aggregates over N rows: sum, avg, count per age"
        }
    }
}

/// Where the database lives.
enum Storage: String, CaseIterable, Codable, Sendable {
    case memory
    case file

    /// SQLite's path for this storage (a fresh file in `folder` for `.file`).
    func path(in folder: String, name: String) -> String {
        switch self {
        case .memory: ":memory:"
        case .file: "\(folder)/\(name).sqlite"
        }
    }

    /// Deletes a database file with its WAL and shared-memory files, so the next round starts empty.
    static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// Sizes and the data every contender writes: deterministic, so each one does identical work.
struct Workload: Sendable {
    let rows: Int

    var updates: Int { max(rows / 10, 1) }
    var customers: Int { max(rows / 100, 1) }
    var products: Int { max(rows / 1000, 1) }
    var orders: Int { max(rows / 2, 1) }
    /// The join's filter: products at or above this price (about half of them).
    var minimumPrice: Double { 50 }

    func name(_ index: Int) -> String { "person \(index)" }
    func age(_ index: Int) -> Int { index % 90 }
    func score(_ index: Int) -> Double { Double(index % 1000) / 10 }
    func customerName(_ index: Int) -> String { "customer \(index)" }
    func country(_ index: Int) -> String { ["NL", "DE", "FR", "US"][index % 4] }
    func productName(_ index: Int) -> String { "product \(index)" }
    func price(_ index: Int) -> Double { Double(index % 100) + 0.5 }
    /// Customer and product IDs of order `index` (IDs start at 1).
    func order(_ index: Int) -> (customer: Int64, product: Int64, quantity: Int) {
        (Int64(index % customers + 1), Int64(index % products + 1), index % 7 + 1)
    }
    /// IDs in a scattered but fixed order, for point fetches.
    func scatteredIDs() -> [Int64] {
        (0..<rows).map { Int64(($0 &* 7919) % rows + 1) }
    }

    static let joinSQL = """
        SELECT c.name, p.name, o.quantity FROM orders o \
        JOIN customers c ON c.id = o.customer JOIN products p ON p.id = o.product \
        WHERE p.price >= ? ORDER BY o.id
        """
}

/// One way of doing the ORM measures: raw SQLite, Pony, or GRDB.
///
/// `prepare` runs untimed before each round (a fresh database with what the measure needs); `run` is the
/// measured work and returns a checksum so no contender can skip work and all must agree.
protocol ORMContender {
    static var name: String { get }
    init(storage: Storage, folder: String, workload: Workload) throws
    mutating func prepare(for measure: ORMMeasure) throws
    mutating func run(_ measure: ORMMeasure) throws -> Int
}

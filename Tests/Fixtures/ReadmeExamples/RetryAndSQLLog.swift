import Logging
import Pony

/// The README's snippet on `retry:` and the SQL log: counts two visits and prints the total.
func runRetryAndSQLLogExample() async throws {
    let site = Database()
    try site.bind(.sqlite(path: ":memory:"))
    try site.generateMapping([PageCounter.self], createTables: true)
    _ = try await countVisit(to: "/", in: site)
    let hits = try await countVisit(to: "/", in: site)
    print("visits to /: \(hits)")
    try site.disconnect()
}

// README begin: retry and sql log
@Entity final class PageCounter {
    var page: String
    var hits: Int
    init(page: String, hits: Int = 0) { self.page = page; self.hits = hits }
}

func countVisit(to page: String, in site: Database) async throws -> Int {
    site.sqlLog = SQLLog(logger: Logger(label: "app.sql"), showsValues: false)   // or PONY_SQL_DEBUG=1 (=values: with values)
    return try await site.session(retry: 3) {       // on a conflict (optimistic check, busy) it runs again
        let counter = try PageCounter.select(#Predicate { $0.page == page }).first() ?? PageCounter(page: page)
        counter.hits += 1                            // so it must not do anything outside the database
        return counter.hits
    }
}
// README end

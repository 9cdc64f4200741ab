import Pony

/// The README's aggregates-and-pages snippet on four sales: prints the dashboard line.
func runQueriesExample() throws {
    let shop = Database()
    try shop.bind(.sqlite(path: ":memory:"))
    try shop.generateMapping([Sale.self], createTables: true)
    try shop.session {
        for (customer, total) in [("Ann", 120), ("Bob", 80), ("Ann", 300), ("Cid", 5)] {
            _ = Sale(customer: customer, total: total)
        }
    }
    print(try dashboard(shop))
    try shop.disconnect()
}

// README begin: queries
@Entity final class Sale {
    var customer: String
    var total: Int
    init(customer: String, total: Int) { self.customer = customer; self.total = total }
}

func dashboard(_ shop: Database) throws -> String {
    try shop.session {
        let sales = Sale.select()
        let revenue = try sales.sum(\.total)                   // Int, as the attribute; 0 when no row matches
        let biggest = try sales.max(\.total) ?? 0              // Int?: nil when no row matches
        let average = try sales.avg(\.total) ?? 0              // Double?
        let customers = try sales.count(distinct: \.customer)
        let secondPage = try sales.order(by: \.total, .descending).page(2, size: 2).fetch()
        return "revenue \(revenue), biggest \(biggest), average \(average), customers \(customers), "
            + "page 2: \(secondPage.map(\.total))"
    }
}
// README end

import Pony

/// The README's aggregates-and-pages snippet on four sales: prints the dashboard line.
func runQueriesExample() throws {
    let shop = Database()
    try shop.bind(.sqlite(path: ":memory:"))
    try shop.generateMapping([Sale.self, Buyer.self, Receipt.self], createTables: true)
    try shop.session {
        for (customer, total) in [("Ann", 120), ("Bob", 80), ("Ann", 300), ("Cid", 5)] {
            _ = Sale(customer: customer, total: total)
        }
    }
    print(try dashboard(shop))
    try shop.session {
        let ann = Buyer(name: "Ann")
        _ = Receipt(total: 30, buyer: ann)
        _ = Receipt(total: 12, buyer: nil)
        _ = Receipt(total: 45, buyer: ann)
    }
    print(try receiptLines(shop))
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
        let perCustomer = try sales.count(groupedBy: \.customer)  // [String: Int], SQL's GROUP BY
        let secondPage = try sales.order(by: \.total, .descending).page(2, size: 2).fetch()
        return "revenue \(revenue), biggest \(biggest), average \(average), customers \(customers), "
            + "Ann's \(perCustomer["Ann"] ?? 0), page 2: \(secondPage.map(\.total))"
    }
}
// README end

// README begin: prefetch
@Entity final class Buyer {
    var name: String
    init(name: String) { self.name = name }
}

@Entity final class Receipt {
    var total: Int
    var buyer: Buyer?
    init(total: Int, buyer: Buyer?) { self.total = total; self.buyer = buyer }
}

func receiptLines(_ shop: Database) throws -> [String] {
    try shop.session {                                  // two SELECTs, however many receipts
        try Receipt.select().order(by: \.total).prefetch(\.buyer).fetch()
            .map { "\($0.buyer?.name ?? "walk-in"): \($0.total)" }
    }
}
// README end

import Pony

/// The README's composite-primary-key snippet: an order line found and changed by its two key parts.
func runCompositeKeysExample() throws {
    let shop = Database()
    try shop.bind(.sqlite(path: ":memory:"))
    try shop.generateMapping([Checkout.self, Product.self, CheckoutLine.self], createTables: true)
    print(try buyTeaTwice(shop))
    try shop.disconnect()
}

// README begin: composite keys
@Entity final class Checkout {
    var customer: String
    var lines: [CheckoutLine]
    init(customer: String) { self.customer = customer }
}

@Entity final class Product {
    var name: String
    var lines: [CheckoutLine]
    init(name: String) { self.name = name }
}

@Entity final class CheckoutLine {
    @Attribute(.primaryKey) var checkout: Checkout    // PonyORM's PrimaryKey(checkout, product)
    @Attribute(.primaryKey) var product: Product
    var quantity: Int
    init(checkout: Checkout, product: Product, quantity: Int) {
        self.checkout = checkout; self.product = product; self.quantity = quantity
    }
}

func buyTeaTwice(_ shop: Database) throws -> String {
    let key = try shop.session {
        let line = CheckoutLine(checkout: Checkout(customer: "Ann"), product: Product(name: "tea"), quantity: 1)
        return line.id                                         // CheckoutLine.ID(checkout: 1, product: 1)
    }
    try shop.session { try CheckoutLine[key].quantity += 1 }   // found by both parts
    let quantity = try shop.session { try CheckoutLine[key].quantity }
    return "CheckoutLine[\(key)] holds \(quantity)"
}
// README end

import Pony

/// The README's composite-index snippet: a second line for the same cart and product is refused.
func runCompositeIndexesExample() throws {
    let shop = Database()
    try shop.bind(.sqlite(path: ":memory:"))
    try shop.generateMapping([CartLine.self], createTables: true)
    print(try addTwice(shop))
    try shop.disconnect()
}

// README begin: composite indexes
@Entity final class CartLine {
    var cart: Int
    var product: String
    var quantity: Int
    static let compositeIndexes: [CompositeIndex<CartLine>] = [
        .unique(\.cart, \.product),       // PonyORM's composite_key(cart, product)
        .index(\.product, \.quantity),    // PonyORM's composite_index(product, quantity)
    ]
    init(cart: Int, product: String, quantity: Int) { self.cart = cart; self.product = product; self.quantity = quantity }
}

func addTwice(_ shop: Database) throws -> String {
    try shop.session { _ = CartLine(cart: 7, product: "tea", quantity: 1) }
    do {
        try shop.session { _ = CartLine(cart: 7, product: "tea", quantity: 2) }
        return "added twice"
    } catch PonyError.constraintViolation {
        let cart = 7, product = "tea"
        let line = try shop.session { try CartLine.get(#Predicate { $0.cart == cart && $0.product == product })?.quantity }
        return "refused; the line holds \(line ?? 0)"
    }
}
// README end

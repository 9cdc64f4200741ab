/// The `ID` that `@Entity` generates for an entity with a composite primary key: one stored property per key
/// part, bound and read as one column each. PonyORM's `PrimaryKey(a, b)`.
///
/// ```swift
/// @Entity final class OrderLine {
///     @Attribute(.primaryKey) var order: Order       // a to-one part: its column holds the order's id
///     @Attribute(.primaryKey) var product: Product
///     var quantity: Int
///     init(order: Order, product: Product, quantity: Int) {
///         self.order = order; self.product = product; self.quantity = quantity
///     }
/// }
///
/// try db.session {
///     let line = try OrderLine[OrderLine.ID(order: order.id, product: product.id)]
///     print(line.id)                                  // "1, 2", as in OrderLine[1, 2]
/// }
/// ```
///
/// The table's primary key is the parts' columns; there is no `id` column. The key cannot change once the
/// object is stored. Another entity cannot point at one of these with a to-one or many-to-many relationship
/// (its foreign key would need one column per part): `generateMapping` refuses that with an error naming the
/// attribute. You do not conform to this protocol yourself.
///
/// As a single value (a message, a raw-SQL argument) a composite key is JSON text, as any ``JSONAttributeValue``.
public protocol CompositePrimaryKey: JSONAttributeValue, Hashable, CustomStringConvertible {}

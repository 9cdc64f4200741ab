/// An index over several attributes of an entity, or a uniqueness constraint over them: PonyORM's
/// `composite_index(a, b)` and `composite_key(a, b)`. Declared in the entity as `static let compositeIndexes`;
/// `generateMapping(createTables: true)` creates them (`CREATE UNIQUE INDEX "OrderLine_order_product_unique" …`).
///
/// ```swift
/// @Entity final class OrderLine {
///     var order: Purchase
///     var product: Product
///     var quantity: Int
///     static let compositeIndexes: [CompositeIndex<OrderLine>] = [.unique(\.order, \.product)]
///     init(order: Purchase, product: Product, quantity: Int) { … }
/// }
/// ```
///
/// A second line for the same order and product then fails at flush with `PonyError.constraintViolation`, and
/// `OrderLine.get(#Predicate { $0.order.id == orderID && $0.product.id == productID })` finds the one line.
/// Each part is a stored attribute with a column: a value or a to-one relationship.
public struct CompositeIndex<E: Entity>: @unchecked Sendable {
    // Unchecked: key paths to stored properties are immutable values, but KeyPath is not marked Sendable here.
    /// The attributes, in index order.
    public let keyPaths: [PartialKeyPath<E>]
    /// Whether no two rows may hold the same values in all of them.
    public let isUnique: Bool

    /// No two objects may have the same values for all these attributes (PonyORM's `composite_key`).
    public static func unique(_ first: PartialKeyPath<E>, _ second: PartialKeyPath<E>, _ more: PartialKeyPath<E>...) -> Self {
        Self(keyPaths: [first, second] + more, isUnique: true)
    }

    /// An index for queries that filter or order by these attributes together (PonyORM's `composite_index`).
    public static func index(_ first: PartialKeyPath<E>, _ second: PartialKeyPath<E>, _ more: PartialKeyPath<E>...) -> Self {
        Self(keyPaths: [first, second] + more, isUnique: false)
    }
}

extension Entity {
    /// No composite indexes unless the entity declares `static let compositeIndexes`.
    public static var compositeIndexes: [CompositeIndex<Self>] { [] }
}

/// A composite index resolved to its table's columns, with the name `generateMapping` gives it.
struct CompositeIndexMapping {
    let name: String
    let columns: [String]
    let isUnique: Bool

    /// The columns of `E`'s declared composite indexes; a key path that is not a stored attribute with a column is
    /// a mapping error naming it.
    static func resolve<E: Entity>(_ type: E.Type, table: String) throws -> [CompositeIndexMapping] {
        try E.compositeIndexes.enumerated().map { position, index in
            let declaration = "\(E._ponyEntity.name).compositeIndexes[\(position)]"
            let columns = try index.keyPaths.map { keyPath in
                guard let attribute = E._ponyEntity.attributes.first(where: { $0.keyPath == keyPath }) else {
                    throw PonyError.mapping(
                        "\(declaration) names a property that is not a stored attribute of \(E._ponyEntity.name) (computed or "
                            + "@Transient); name values or to-one relationships")
                }
                guard attribute.kind.columnCount > 0 else {
                    throw PonyError.mapping(
                        "\(declaration) names \(attribute.name), a to-many relationship, which has no column; name values or "
                            + "to-one relationships")
                }
                return attribute.column
            }
            if let repeated = columns.first(where: { column in columns.filter { $0 == column }.count > 1 }) {
                throw PonyError.mapping("\(declaration) names the column \(quoted(repeated)) twice")
            }
            let name = "\(table)_\(columns.joined(separator: "_"))_\(index.isUnique ? "unique" : "index")"
            return CompositeIndexMapping(name: name, columns: columns, isUnique: index.isUnique)
        }
    }

    func createSQL(on table: String) -> String {
        "CREATE \(isUnique ? "UNIQUE " : "")INDEX IF NOT EXISTS \(quoted(name)) ON \(quoted(table)) (\(columns.map(quoted).joined(separator: ", ")))"
    }
}

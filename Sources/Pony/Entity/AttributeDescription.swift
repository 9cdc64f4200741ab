/// One persistent attribute of an entity, as the `@Entity` macro describes it.
public struct AttributeDescription: @unchecked Sendable {
    public let name: String
    public let column: String
    public let keyPath: AnyKeyPath
    public let kind: AttributeKind
    public let isUnique: Bool
    public let isIndexed: Bool
    public let isPrimaryKey: Bool
    /// Whether the column may change outside the session (a trigger, another app) without that being a
    /// conflict: optimistic checks never compare it.
    public let isVolatile: Bool
    public let deleteRule: DeleteRule?
    public let inverse: AnyKeyPath?

    public init<Root: Entity, Storage: AttributeStorage>(
        name: String, keyPath: KeyPath<Root, Storage.Value>, storage: Storage.Type,
        options: [AttributeOption] = [], deleteRule: DeleteRule? = nil, inverse: AnyKeyPath? = nil,
        isPrimaryKey: Bool = false
    ) {
        self.name = name
        self.keyPath = keyPath
        self.kind = Storage._ponyKind
        self.deleteRule = deleteRule
        self.inverse = inverse
        var column = name
        var unique = false
        var indexed = false
        var volatile = false
        var key = isPrimaryKey
        for option in options {
            switch option.kind {
            case .unique: unique = true
            case .indexed: indexed = true
            case .volatile: volatile = true
            case .primaryKey: key = true
            case .column(let name): column = name
            }
        }
        self.column = column
        self.isUnique = unique
        self.isIndexed = indexed
        self.isVolatile = volatile
        self.isPrimaryKey = key
    }
}

/// An option of `@Attribute(…)`.
///
/// ```swift
/// @Entity final class Account {
///     @Attribute(.unique) var email: String
///     @Attribute(.indexed, .column("display_name")) var name: String
///     init(email: String, name: String) { self.email = email; self.name = name }
/// }
/// ```
public struct AttributeOption: Sendable {
    enum Kind: Sendable {
        case unique
        case indexed
        case volatile
        case primaryKey
        case column(String)
    }

    let kind: Kind

    /// A UNIQUE constraint on the column.
    public static let unique = AttributeOption(kind: .unique)
    /// An index on the column, for attributes you filter or sort by.
    public static let indexed = AttributeOption(kind: .indexed)
    /// A column that may change outside the session without that being a conflict (a counter a trigger keeps,
    /// a timestamp another app writes): optimistic checks never compare it. PonyORM's `volatile=True`.
    public static let volatile = AttributeOption(kind: .volatile)
    /// A part of the entity's composite primary key (PonyORM's `PrimaryKey(a, b)`): mark two or more attributes,
    /// values or required to-one relationships; the entity's `id` is then a generated `ID` struct of the parts.
    ///
    /// ```swift
    /// @Entity final class OrderLine {
    ///     @Attribute(.primaryKey) var order: Order
    ///     @Attribute(.primaryKey) var product: Product
    ///     var quantity: Int
    ///     init(order: Order, product: Product, quantity: Int) { … }
    /// }
    /// let line = try OrderLine[OrderLine.ID(order: order.id, product: product.id)]
    /// ```
    public static let primaryKey = AttributeOption(kind: .primaryKey)
    /// Stores the attribute under another column name.
    public static func column(_ name: String) -> AttributeOption { AttributeOption(kind: .column(name)) }
}

/// What deleting an entity does to the objects of one of its to-many relationships.
///
/// The default follows PonyORM: `.cascade` when the other side's to-one is required (a `Pet` cannot exist
/// without its `owner: Person`), `.nullify` when it is optional.
public enum DeleteRule: Sendable {
    /// Delete the related objects too.
    case cascade
    /// Set the related objects' to-one attribute to `nil`.
    case nullify
    /// Refuse to delete while related objects exist: `delete()` throws ``PonyError/constraintViolation(message:sql:)``.
    case deny
}

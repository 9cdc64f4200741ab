/// How an `@Entity` stores one attribute. The `@Entity` macro picks the storage from the declared type:
///
/// | declared type | storage |
/// |---|---|
/// | `T` (a value, such as `String`) | `T.PonyStorage` = ``ValueStorage`` |
/// | `T?` | `T.PonyOptionalStorage` = ``ValueStorage`` of `T?` |
/// | `E` (an entity) | `E.PonyStorage` = ``ToOneStorage`` |
/// | `E?` | `E.PonyOptionalStorage` = ``OptionalToOneStorage`` |
/// | `[E]` | `E.PonyToManyStorage` = ``ToManyStorage`` |
///
/// You do not use these types directly; they are public because generated code in your module uses them.
public protocol AttributeStorage {
    associatedtype Value
    associatedtype SnapshotValue: Codable & Sendable & Equatable

    /// What the attribute is, for building the table.
    static var _ponyKind: AttributeKind { get }

    init(initialValue: Value)
    /// Reads the attribute's columns (none for a to-many relationship) from the current row.
    init(reading row: inout RowReader) throws(ColumnDecodingError)
    /// Binds the attribute's columns to an INSERT or UPDATE.
    func encode(into row: inout RowWriter) throws
    /// Reads the attribute of `owner`; `column` is its number in ``ColumnMask`` (-1 for the key and to-many
    /// relationships), recorded for optimistic checks.
    mutating func get<Owner: Entity>(in owner: Owner, attribute: StaticString, column: Int) -> Value
    mutating func set<Owner: Entity>(_ newValue: Value, in owner: Owner, attribute: StaticString, column: Int)
    /// The value as it appears in the entity's `Snapshot`.
    func snapshotValue() throws -> SnapshotValue
}

/// A type an `@Entity` attribute can be declared with: a value type or another entity.
///
/// Do not conform to it directly: a value type conforms through ``AttributeValue`` (a `String`- or
/// `Int`-backed enum needs nothing more than `enum Genre: String, AttributeValue { … }`), an entity through
/// `@Entity`. An attribute of any other type is one compiler error at the attribute:
/// "type 'Genre' does not conform to protocol 'PersistentAttribute'".
public protocol PersistentAttribute {
    associatedtype PonyStorage: AttributeStorage = ValueStorage<Self> where PonyStorage.Value == Self
    associatedtype PonyOptionalStorage: AttributeStorage = ValueStorage<Self?>
    where PonyOptionalStorage.Value == Self?
}

/// The storage of an attribute declared `T`, `T?` or `[T]`. Generated code names each attribute's storage
/// once, through these, so a type Pony cannot store fails in one place — at the attribute — instead of in every
/// generated member that uses the storage.
public typealias _AttributeStorage<T: PersistentAttribute> = T.PonyStorage
public typealias _OptionalAttributeStorage<T: PersistentAttribute> = T.PonyOptionalStorage
public typealias _ToManyAttributeStorage<T: Entity> = T.PonyToManyStorage

/// A value type that can be an `@Entity` attribute: stored in one column, copied into snapshots.
///
/// ```swift
/// enum Priority: Int, AttributeValue { case low, normal, high }
///
/// @Entity final class Todo {
///     var title: String
///     var priority: Priority = .normal
///     init(title: String) { self.title = title }
/// }
/// ```
public protocol AttributeValue: DatabaseValueConvertible, PersistentAttribute, Codable, Equatable {}

/// What an attribute maps to.
public enum AttributeKind: Sendable {
    /// A column holding a value.
    case value(DatabaseType, nullable: Bool)
    /// A foreign-key column referencing another entity.
    case toOne(target: any Entity.Type, nullable: Bool)
    /// The other side of a to-one relationship; no column.
    case toMany(target: any Entity.Type)

    var columnCount: Int {
        if case .toMany = self { return 0 }
        return 1
    }
}

/// The current result row, read column by column by generated entity code.
public struct RowReader {
    @usableFromInline let sqlite: OpaquePointer?
    /// Another driver's statement, not retained: these views live only while their statement runs.
    @usableFromInline let statement: Unmanaged<Statement>
    /// Another driver's current row (``Statement/cells``).
    @usableFromInline let cells: UnsafeBufferPointer<BackendCell>?
    @usableFromInline var index: Int32
    /// The session cache the object read from this row joins, not retained: the reader lives only inside that
    /// cache's own method. Holding it strongly cost a retain and a release per row on top of the object's own.
    @usableFromInline let cache: Unmanaged<SessionCache>
    /// The row ID of an entity with the generated key, else 0.
    @usableFromInline let autoID: Int64

    init(_ statement: Statement, startingAt index: Int32 = 0, cache: SessionCache, autoID: Int64) {
        sqlite = statement.sqlite
        self.statement = Unmanaged.passUnretained(statement)
        cells = statement.cells
        self.index = index
        self.cache = Unmanaged.passUnretained(cache)
        self.autoID = autoID
    }

    /// The next column; advances the reader.
    @inlinable
    public mutating func next() -> ResultColumn {
        defer { index += 1 }
        if let sqlite { return ResultColumn(sqlite: sqlite, index: index) }
        return ResultColumn(statement: statement, cells: cells, index: index)
    }
}

/// The parameters of an INSERT or UPDATE, bound in column order by generated entity code.
///
/// Generated code writes every column attribute; the writer binds those its selection holds (all of them for
/// an INSERT, the assigned ones for an UPDATE's `SET`, the compared ones for its optimistic check), and for a
/// check binds the value a column had before the session changed it instead of its current one.
public struct RowWriter {
    @usableFromInline let binding: StatementBinding
    /// The next parameter.
    @usableFromInline var index: Int32 = 1
    /// The column the next `write` is for (see ``ColumnMask``).
    @usableFromInline var column = 0
    /// The columns to bind; all by default.
    @usableFromInline let selection: UInt64
    /// Whether columns past ``ColumnMask/width`` are bound.
    @usableFromInline let selectsOverflow: Bool
    /// Values to bind instead of the current ones, by column.
    /// Borrowed from the caller for the writer's life (a copy retained and released the values on every UPDATE).
    @usableFromInline let replacements: UnsafePointer<SeenValues>?

    init(
        _ statement: Statement, startingAt index: Int32 = 1, selecting selection: UInt64 = .max, overflow: Bool = true,
        replacing replacements: UnsafePointer<SeenValues>? = nil
    ) {
        binding = statement.binding
        self.index = index
        self.selection = selection
        selectsOverflow = overflow
        self.replacements = replacements
    }

    /// Binds the next column attribute if it is selected; advances the writer.
    @inlinable
    public mutating func write<T: DatabaseValueConvertible>(_ value: T) {
        defer { column += 1 }
        guard column < ColumnMask.width ? selection & (1 << UInt64(column)) != 0 : selectsOverflow else { return }
        if let replacements, let replacement = replacements.pointee[column] {
            replacement.bind(to: binding, at: index)
        } else {
            value._ponyBind(to: binding, at: index)
        }
        index += 1
    }

    /// Binds a primary key (not a column attribute: it has no column number); a composite key binds one
    /// parameter per part.
    mutating func writeKey<T: DatabaseValueConvertible>(_ value: T) {
        value._ponyBind(to: binding, at: index)
        index += Int32(T._ponyColumnCount)
    }
}

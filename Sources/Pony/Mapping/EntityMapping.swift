/// An entity type as mapped to one database: its columns, its SQL, and its relationships.
///
/// Built by `generateMapping`, attached to the entity's descriptor, and used by every session.
final class EntityMapping: @unchecked Sendable {
    weak var database: Database?
    /// The database's identity, readable without a weak load.
    let databaseID: ObjectIdentifier
    let entityType: any Entity.Type
    /// The entity's slot in per-session identity-map arrays.
    let index: Int
    let name: String
    let table: String
    let hasGeneratedID: Bool
    /// Column names in SELECT order: the primary key (one column per part of a composite key), then every other
    /// column attribute.
    let columns: [String]
    /// The primary key's columns: one, or one per part of a composite key.
    let keyColumns: [String]
    /// Columns by the key path of their attribute, for predicates and ordering.
    let columnsByKeyPath: [AnyKeyPath: String]
    /// The columns after the key, by column number (``ColumnMask``).
    let valueColumns: [String]
    /// The value columns an optimistic check may compare: all but `Double` attributes (their values need not
    /// survive a round trip exactly) and `.volatile` ones.
    let checkableColumns: UInt64
    /// Relationship details by attribute name; filled in once every mapped entity is known.
    var relationships: [String: RelationshipMapping] = [:]

    /// The SQL dialect of the database: predicates translate through it.
    let dialect: any SQLDialect
    let selectSQL: String
    let selectByIDSQL: String
    let insertSQL: String
    let updateSQL: String
    let deleteSQL: String
    /// Removes this mapping from the entity's descriptor (when the database disconnects or goes away).
    let detachFromDescriptor: @Sendable () -> Void
    /// Whether the entity has to-many relationships, released at session end by `releaseRelationships`.
    let hasToManyRelationships: Bool
    let releaseRelationships: @Sendable (AnyObject) -> Void

    init<E: Entity>(_ type: E.Type, database: Database, index: Int, dialect: any SQLDialect) {
        self.dialect = dialect
        let descriptor = E._ponyEntity
        self.database = database
        databaseID = ObjectIdentifier(database)
        entityType = E.self
        detachFromDescriptor = { [weak database] in descriptor.detach(from: database) }
        hasToManyRelationships = descriptor.hasToManyRelationships
        releaseRelationships = { unsafeDowncast($0, to: E.self)._ponySessionDidEnd() }
        self.index = index
        name = descriptor.name
        table = descriptor.table
        hasGeneratedID = descriptor.hasGeneratedID
        let valueColumns = descriptor.columnAttributes.map(\.column)
        let keyColumns = descriptor.keyAttributes.map(\.column)
        self.keyColumns = keyColumns.isEmpty ? ["id"] : keyColumns
        columns = self.keyColumns + valueColumns
        var byKeyPath: [AnyKeyPath: String] = [:]
        for attribute in descriptor.attributes where attribute.kind.columnCount > 0 {
            byKeyPath[attribute.keyPath] = attribute.column
        }
        columnsByKeyPath = byKeyPath
        self.valueColumns = valueColumns
        var checkable: UInt64 = 0
        for (column, attribute) in descriptor.columnAttributes.enumerated() where !attribute.isVolatile {
            if case .value(.real, _) = attribute.kind { continue }
            checkable |= ColumnMask.bit(column)
        }
        checkableColumns = checkable

        let t = quoted(table)
        let key = quoted(self.keyColumns[0])
        let keyCondition = Self.condition(on: self.keyColumns)
        self.keyCondition = keyCondition
        selectSQL = "SELECT \(columns.map(quoted).joined(separator: ", ")) FROM \(t)"
        selectByIDSQL = "\(selectSQL) WHERE \(keyCondition)"
        let insertColumns = (hasGeneratedID ? [] : self.keyColumns) + valueColumns
        let insert = insertColumns.isEmpty
            ? "INSERT INTO \(t) DEFAULT VALUES"
            : "INSERT INTO \(t) (\(insertColumns.map(quoted).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: insertColumns.count).joined(separator: ", ")))"
        insertSQL = hasGeneratedID ? dialect.insertReturningKey(insert, quotedKey: key) : insert
        updateSQL = valueColumns.isEmpty
            ? "UPDATE \(t) SET \(key) = \(key) WHERE \(keyCondition)"
            : "UPDATE \(t) SET \(valueColumns.map { "\(quoted($0)) = ?" }.joined(separator: ", ")) WHERE \(keyCondition)"
        deleteSQL = "DELETE FROM \(t) WHERE \(keyCondition)"
    }

    /// The key column of an entity with a one-column key: what foreign keys and link tables point at (an
    /// entity with a composite key cannot be a relationship's target; ``RelationshipResolver`` refuses it).
    var keyColumn: String { keyColumns[0] }

    /// `"key" = ?`, or one comparison per part of a composite key joined by `AND`, in key order.
    let keyCondition: String

    /// The ordering that makes a query's order total: the key columns, ascending.
    func keyOrdering() -> String {
        keyColumns.map { "\(quoted($0)) ASC" }.joined(separator: ", ")
    }

    private static func condition(on columns: [String]) -> String {
        columns.map { "\(quoted($0)) = ?" }.joined(separator: " AND ")
    }

    /// `UPDATE … SET` the `written` columns (and every column past ``ColumnMask/width``) `WHERE` the key and
    /// each `checked` column still hold what the session saw. Parameters: the set values, the key, then the
    /// checked values, each in column order.
    func updateSQL(setting written: UInt64, checking checked: UInt64) -> String {
        let set = valueColumns.indices.filter { $0 >= ColumnMask.width || written & ColumnMask.bit($0) != 0 }
        guard !set.isEmpty else { return updateSQL }
        let assignments = set.map { "\(quoted(valueColumns[$0])) = ?" }.joined(separator: ", ")
        return "UPDATE \(quoted(table)) SET \(assignments) WHERE \(condition(checking: checked))"
    }

    /// `DELETE … WHERE` the key and each `checked` column still hold what the session saw.
    func deleteSQL(checking checked: UInt64) -> String {
        "DELETE FROM \(quoted(table)) WHERE \(condition(checking: checked))"
    }

    /// The key, then the checked columns, null-safe (a column the session saw NULL must still be NULL).
    private func condition(checking checked: UInt64) -> String {
        let checks = valueColumns.indices.filter { checked & ColumnMask.bit($0) != 0 }
            .map { " AND \(quoted(valueColumns[$0])) \(dialect.nullSafeEqual) ?" }
        return keyCondition + checks.joined()
    }

    /// The SQL of one of the entity's own statements.
    func sql(for slot: EntityStatements.Slot) -> String {
        switch slot {
        case .insert: insertSQL
        case .update: updateSQL
        case .selectByID: selectByIDSQL
        }
    }
}

/// The prepared statements of one entity type on one connection.
final class EntityStatements {
    enum Slot {
        case insert, update, selectByID
    }

    private var insert: Statement?
    private var update: Statement?
    private var selectByID: Statement?
    /// UPDATEs and DELETEs with optimistic checks, by the columns they set and compare: an app writes a few
    /// shapes of each entity, so few are kept.
    /// Searched linearly: comparing a few shapes costs less than hashing one.
    @exclusivity(unchecked) private var checkedWrites: [(shape: CheckedWriteShape, statement: Statement)] = []
    static let checkedWriteLimit = 16

    /// The kept statement for `shape`, if any.
    func statement(for shape: CheckedWriteShape) -> Statement? {
        for entry in checkedWrites where entry.shape == shape { return entry.statement }
        return nil
    }

    /// Keeps `statement` for `shape` while fewer than the limit are kept.
    func keep(_ statement: Statement, for shape: CheckedWriteShape) {
        guard checkedWrites.count < Self.checkedWriteLimit, self.statement(for: shape) == nil else { return }
        checkedWrites.append((shape, statement))
    }

    /// The kept statement for `slot`, not retained.
    @inline(__always)
    func unretained(_ slot: Slot) -> Unmanaged<Statement>? {
        self[slot].map(Unmanaged.passUnretained)
    }

    subscript(slot: Slot) -> Statement? {
        get {
            switch slot {
            case .insert: insert
            case .update: update
            case .selectByID: selectByID
            }
        }
        set {
            switch slot {
            case .insert: insert = newValue
            case .update: update = newValue
            case .selectByID: selectByID = newValue
            }
        }
    }
}

/// The columns an UPDATE sets (none: a DELETE) and those its optimistic check compares.
struct CheckedWriteShape: Hashable {
    let written: UInt64
    let checked: UInt64
    let isDelete: Bool
}

/// One side of a relationship, resolved against the other entity's mapping. What only one kind of relationship
/// has is in that kind's case, so no caller unwraps a field another kind leaves empty.
struct RelationshipMapping {
    enum Kind {
        /// A foreign-key column of this entity, named after the attribute.
        case toOne
        /// The other side of a to-one of the target, which holds the foreign key.
        case toMany(InverseToOne)
        /// A to-many on both sides, linked through an intermediate table.
        case manyToMany(LinkTable)
    }

    let attribute: String
    let target: any Entity.Type
    let kind: Kind

    var isToOne: Bool {
        if case .toOne = kind { return true }
        return false
    }

    /// The to-one pointing back, when this is a to-many.
    var inverse: InverseToOne? {
        if case .toMany(let inverse) = kind { return inverse }
        return nil
    }

    /// The intermediate table, when this is a many-to-many.
    var link: LinkTable? {
        if case .manyToMany(let link) = kind { return link }
        return nil
    }

    /// Whether this is a collection: a to-many or a many-to-many.
    var isCollection: Bool { !isToOne }
}

/// The to-one attribute of a to-many relationship's target that points back at the owner, and what deleting the
/// owner does to the objects it points from.
struct InverseToOne {
    /// The target's attribute, for messages: `owner`.
    let attribute: String
    /// The target's foreign-key column.
    let column: String
    /// The target's to-one key path, to read or change the owner of a target object.
    let keyPath: AnyKeyPath
    let isOptional: Bool
    let deleteRule: DeleteRule
}

extension EntityMapping {
    /// The rows whose `column` (a foreign key) holds the one `?` argument, in key order: a to-many's objects.
    func selectSQL(whereColumnIs column: String) -> String {
        "\(selectSQL) WHERE \(quoted(column)) = ? ORDER BY \(keyOrdering())"
    }
}

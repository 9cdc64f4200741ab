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
    /// Column names in SELECT order: the primary key, then every other column attribute.
    let columns: [String]
    /// Columns by the key path of their attribute, for predicates and ordering.
    let columnsByKeyPath: [AnyKeyPath: String]
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
        let keyColumn = descriptor.attributes.first(where: \.isPrimaryKey)?.column ?? "id"
        columns = [keyColumn] + valueColumns
        var byKeyPath: [AnyKeyPath: String] = [:]
        for attribute in descriptor.attributes where attribute.kind.columnCount > 0 {
            byKeyPath[attribute.keyPath] = attribute.column
        }
        columnsByKeyPath = byKeyPath

        let t = quoted(table)
        let key = quoted(keyColumn)
        selectSQL = "SELECT \(columns.map(quoted).joined(separator: ", ")) FROM \(t)"
        selectByIDSQL = "\(selectSQL) WHERE \(key) = ?"
        let insertColumns = (hasGeneratedID ? [] : [keyColumn]) + valueColumns
        let insert = insertColumns.isEmpty
            ? "INSERT INTO \(t) DEFAULT VALUES"
            : "INSERT INTO \(t) (\(insertColumns.map(quoted).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: insertColumns.count).joined(separator: ", ")))"
        insertSQL = hasGeneratedID ? dialect.insertReturningKey(insert, quotedKey: key) : insert
        updateSQL = valueColumns.isEmpty
            ? "UPDATE \(t) SET \(key) = \(key) WHERE \(key) = ?"
            : "UPDATE \(t) SET \(valueColumns.map { "\(quoted($0)) = ?" }.joined(separator: ", ")) WHERE \(key) = ?"
        deleteSQL = "DELETE FROM \(t) WHERE \(key) = ?"
    }

    var keyColumn: String { columns[0] }

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

/// One side of a relationship, resolved against the other entity's mapping.
struct RelationshipMapping {
    enum Kind { case toOne, toMany }

    let attribute: String
    let kind: Kind
    let target: any Entity.Type
    /// For a to-many: the to-one attribute of the target that points back.
    let inverseAttribute: String?
    /// For a to-many: the target's foreign-key column.
    let inverseColumn: String?
    /// For a to-many: the target's to-one key path, to update it when the collection is assigned.
    let inverseKeyPath: AnyKeyPath?
    /// For a to-many: whether the target's to-one is optional.
    let inverseIsOptional: Bool
    let deleteRule: DeleteRule
}

/// Creates an entity's table and indexes, or checks that an existing table has every mapped column.
struct SchemaBuilder {
    let connection: Connection

    /// `CREATE TABLE IF NOT EXISTS` for the entity (a composite key is a `PRIMARY KEY (a, b)` constraint), then
    /// its indexes: one per `.indexed` attribute and one per foreign key (to-many lookups and delete rules search
    /// by it) that no key index starts with.
    func create<E: Entity>(_ type: E.Type, mapping: EntityMapping) throws {
        let descriptor = E._ponyEntity
        let composite = descriptor.hasCompositeKey
        var definitions: [String] = []
        for attribute in descriptor.attributes where attribute.kind.columnCount > 0 {
            definitions.append(try columnDefinition(attribute, generatedKey: descriptor.hasGeneratedID, compositeKey: composite))
        }
        if composite {
            definitions.append("PRIMARY KEY (\(mapping.keyColumns.map(quoted).joined(separator: ", ")))")
        }
        try connection.execute("CREATE TABLE IF NOT EXISTS \(quoted(mapping.table)) (\(definitions.joined(separator: ", ")))")
        for attribute in descriptor.attributes where Self.wantsIndex(attribute, keyColumns: mapping.keyColumns) {
            let index = "\(mapping.table)_\(attribute.column)_index"
            try connection.execute(
                "CREATE INDEX IF NOT EXISTS \(quoted(index)) ON \(quoted(mapping.table)) (\(quoted(attribute.column)))")
        }
        for index in try CompositeIndexMapping.resolve(E.self, table: mapping.table) {
            try connection.execute(index.createSQL(on: mapping.table))
        }
    }

    /// Compares the existing table with the entity and throws a mapping error listing every difference, each
    /// with the migration step that fixes it, when one of them breaks the mapping: a missing column, a column
    /// of another type, or one whose nullability differs from the attribute's. Differences that do not break it
    /// (a column the entity does not map, a missing index) are listed along with those, not thrown alone.
    func validate<E: Entity>(_ type: E.Type, mapping: EntityMapping, creating: Bool) throws {
        let columns = try connection.columns(of: mapping.table)
        if columns.isEmpty {
            throw PonyError.mapping(
                "table \(quoted(mapping.table)) for \(mapping.name) does not exist in '\(connection.location)'; "
                    + "pass createTables: true to generateMapping, or create it")
        }
        let table = mapping.table
        let descriptor = E._ponyEntity
        var differences: [SchemaDifference] = []
        for attribute in descriptor.attributes where attribute.kind.columnCount > 0 {
            let (type, nullable) = try Self.storedAs(attribute)
            let name = "\(mapping.name).\(attribute.name)"
            guard let found = columns.first(where: { $0.name == attribute.column }) else {
                let wanted = "\(connection.dialect.columnType(type))\(nullable ? "" : " NOT NULL")"
                let step = nullable
                    ? "change.addColumn(\(Self.literal(attribute.column)), to: \(Self.literal(table)), type: .\(type))"
                    : "change.addColumn(\(Self.literal(attribute.column)), to: \(Self.literal(table)), type: .\(type), nullable: false, default: <a value for existing rows>)"
                differences.append(SchemaDifference(
                    "missing column \(quoted(attribute.column)) (\(wanted)) for \(name)", fix: step, breaks: true))
                continue
            }
            if !connection.dialect.declaredType(found.type, stores: type) {
                differences.append(SchemaDifference(
                    "column \(quoted(attribute.column)) is \(found.type), \(name) needs \(connection.dialect.columnType(type))",
                    fix: "change its type in a migration with change.execute(sql:)", breaks: true))
            }
            if !attribute.isPrimaryKey && found.nullable != nullable {
                differences.append(SchemaDifference(
                    found.nullable
                        ? "column \(quoted(attribute.column)) allows NULL, \(name) is not optional"
                        : "column \(quoted(attribute.column)) is NOT NULL, \(name) is optional",
                    fix: found.nullable
                        ? "make the column NOT NULL in a migration (change.execute(sql:)), or declare the attribute optional"
                        : "drop NOT NULL in a migration (change.execute(sql:)), or make the attribute non-optional",
                    breaks: true))
            }
        }
        for extra in columns where !mapping.columns.contains(extra.name) {
            differences.append(SchemaDifference(
                "column \(quoted(extra.name)) is not mapped by \(mapping.name)\(extra.nullable ? "" : " (NOT NULL: inserts fail unless it has a default)")",
                fix: "change.execute(sql: \(Self.literal("ALTER TABLE \(quoted(table)) DROP COLUMN \(quoted(extra.name))"))), or map it",
                breaks: false))
        }
        if !creating {
            let indexed = Set(try connection.indexedColumns(of: table))
            for attribute in descriptor.attributes
            where Self.wantsIndex(attribute, keyColumns: mapping.keyColumns) && !indexed.contains(attribute.column) {
                differences.append(SchemaDifference(
                    "no index on \(quoted(attribute.column)) for \(mapping.name).\(attribute.name)",
                    fix: "change.createIndex(\(Self.literal("\(table)_\(attribute.column)_index")), on: \(Self.literal(table)), columns: [\(Self.literal(attribute.column))])",
                    breaks: false))
            }
        }
        let composite = try CompositeIndexMapping.resolve(E.self, table: table)
        if !creating && !composite.isEmpty {
            let names = Set(try connection.indexNames(of: table))
            for index in composite where !names.contains(index.name) {
                differences.append(SchemaDifference(
                    "no \(index.isUnique ? "unique " : "")index \(quoted(index.name)) on (\(index.columns.map(quoted).joined(separator: ", "))) "
                        + "for \(mapping.name).compositeIndexes",
                    fix: "change.createIndex(\(Self.literal(index.name)), on: \(Self.literal(table)), columns: [\(index.columns.map(Self.literal).joined(separator: ", "))]"
                        + "\(index.isUnique ? ", unique: true" : ""))",
                    breaks: index.isUnique))
            }
        }
        guard differences.contains(where: \.breaks) else { return }
        throw PonyError.mapping(
            "table \(quoted(table)) does not match \(mapping.name)"
                + (creating ? " (the table existed before; CREATE TABLE IF NOT EXISTS left it unchanged)" : "")
                + "; migrate it (Migrator):\n"
                + differences.map { "- \($0.problem): \($0.fix)" }.joined(separator: "\n"))
    }

    /// Whether `create` gives the attribute's column an index: `.indexed` attributes and foreign keys, but not
    /// the first column of the key (the key's own index serves it).
    static func wantsIndex(_ attribute: AttributeDescription, keyColumns: [String]) -> Bool {
        guard attribute.column != keyColumns.first && !attribute.isUnique else { return false }
        if case .toOne = attribute.kind { return true }
        return attribute.isIndexed
    }

    /// The type and nullability of the attribute's column.
    static func storedAs(_ attribute: AttributeDescription) throws -> (DatabaseType, nullable: Bool) {
        switch attribute.kind {
        case .value(let type, let nullable): return (type, nullable)
        case .toOne(let target, let nullable): return (try primaryKey(of: target).2, nullable)
        case .toMany: return (.integer, true)
        }
    }

    /// A Swift string literal, for the migration steps in messages.
    static func literal(_ text: String) -> String { text.debugDescription }

    private func columnDefinition(_ attribute: AttributeDescription, generatedKey: Bool, compositeKey: Bool) throws -> String {
        let dialect = connection.dialect
        if attribute.isPrimaryKey && generatedKey {
            return dialect.generatedKeyDefinition(quoted(attribute.column))
        }
        var parts = [quoted(attribute.column)]
        switch attribute.kind {
        case .value(let type, let nullable):
            parts.append(dialect.columnType(type))
            if attribute.isPrimaryKey {
                parts.append(compositeKey ? "NOT NULL" : "NOT NULL PRIMARY KEY")
            } else if !nullable {
                parts.append("NOT NULL")
            }
        case .toOne(let target, let nullable):
            let (table, column, type) = try Self.primaryKey(of: target)
            parts.append(dialect.columnType(type))
            if !nullable { parts.append("NOT NULL") }
            parts.append("REFERENCES \(quoted(table)) (\(quoted(column)))")
        case .toMany:
            return ""
        }
        if attribute.isUnique && !attribute.isPrimaryKey { parts.append("UNIQUE") }
        return parts.joined(separator: " ")
    }

    /// The table, key column and key column type of an entity, for foreign keys pointing to it.
    static func primaryKey(of entity: any Entity.Type) throws -> (String, String, DatabaseType) {
        func open<E: Entity>(_ type: E.Type) throws -> (String, String, DatabaseType) {
            guard let key = E._ponyEntity.attributes.first(where: \.isPrimaryKey),
                  case .value(let keyType, _) = key.kind
            else {
                throw PonyError.mapping("\(E._ponyEntity.name) has no primary key attribute")
            }
            return (E._ponyEntity.table, key.column, keyType)
        }
        return try open(entity)
    }
}

/// One way an existing table differs from its entity, and the migration step that removes it.
struct SchemaDifference {
    let problem: String
    let fix: String
    /// Whether the mapping cannot work with it (as opposed to a column the entity ignores, a missing index).
    let breaks: Bool

    init(_ problem: String, fix: String, breaks: Bool) {
        self.problem = problem
        self.fix = fix
        self.breaks = breaks
    }
}

/// Creates an entity's table and indexes, or checks that an existing table has every mapped column.
struct SchemaBuilder {
    let connection: Connection

    /// `CREATE TABLE IF NOT EXISTS` for the entity, then its indexes: one per `.indexed` attribute and one per
    /// foreign key (to-many lookups and delete rules search by it).
    func create<E: Entity>(_ type: E.Type, mapping: EntityMapping) throws {
        let descriptor = E._ponyEntity
        var definitions: [String] = []
        for attribute in descriptor.attributes where attribute.kind.columnCount > 0 {
            definitions.append(try columnDefinition(attribute, generatedKey: descriptor.hasGeneratedID))
        }
        try connection.execute("CREATE TABLE IF NOT EXISTS \(quoted(mapping.table)) (\(definitions.joined(separator: ", ")))")
        for attribute in descriptor.attributes where !attribute.isPrimaryKey && !attribute.isUnique {
            var isForeignKey = false
            if case .toOne = attribute.kind { isForeignKey = true }
            guard attribute.isIndexed || isForeignKey else { continue }
            let index = "\(mapping.table)_\(attribute.column)_index"
            try connection.execute(
                "CREATE INDEX IF NOT EXISTS \(quoted(index)) ON \(quoted(mapping.table)) (\(quoted(attribute.column)))")
        }
    }

    /// Throws a mapping error naming the table or the first missing column.
    func validate(mapping: EntityMapping, creating: Bool) throws {
        let statement = try connection.statement(connection.dialect.tableColumnsQuery)
        defer { statement.reset() }
        try statement.bind([mapping.table])
        var existing: Set<String> = []
        while try statement.step() {
            existing.insert(statement.column(0).text)
        }
        if existing.isEmpty {
            throw PonyError.mapping(
                "table \(quoted(mapping.table)) for \(mapping.name) does not exist in '\(connection.location)'; "
                    + "pass createTables: true to generateMapping, or create it")
        }
        if let missing = mapping.columns.first(where: { !existing.contains($0) }) {
            throw PonyError.mapping(
                "table \(quoted(mapping.table)) has no column \(quoted(missing)) for \(mapping.name)"
                    + (creating ? " (the table existed before; CREATE TABLE IF NOT EXISTS left it unchanged)" : "")
                    + "; migrate the table to match the entity")
        }
    }

    private func columnDefinition(_ attribute: AttributeDescription, generatedKey: Bool) throws -> String {
        let dialect = connection.dialect
        if attribute.isPrimaryKey && generatedKey {
            return dialect.generatedKeyDefinition(quoted(attribute.column))
        }
        var parts = [quoted(attribute.column)]
        switch attribute.kind {
        case .value(let type, let nullable):
            parts.append(dialect.columnType(type))
            if attribute.isPrimaryKey {
                parts.append("NOT NULL PRIMARY KEY")
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

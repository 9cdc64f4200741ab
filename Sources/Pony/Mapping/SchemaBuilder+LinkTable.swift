extension SchemaBuilder {
    /// `CREATE TABLE IF NOT EXISTS` for a many-to-many relationship's intermediate table — one column per side,
    /// each a foreign key to its entity's key, the pair the primary key — and an index on the second column (the
    /// primary key's index serves lookups by the first).
    func createLink(_ declaration: Database.LinkDeclaration) throws {
        let link = declaration.link
        try connection.execute(try Self.createLinkSQL(declaration, dialect: connection.dialect))
        let second = link.columns[1]
        try connection.execute(
            "CREATE INDEX IF NOT EXISTS \(quoted("\(link.table)_\(second)_index")) ON \(quoted(link.table)) (\(quoted(second)))")
    }

    /// Checks that the intermediate table exists with both columns; the error gives the SQL that creates it.
    func validateLink(_ declaration: Database.LinkDeclaration) throws {
        let (link, relationship) = (declaration.link, declaration.attribute)
        let found = Set(try connection.columns(of: link.table).map(\.name))
        let missing = link.columns.filter { !found.contains($0) }
        guard !missing.isEmpty else { return }
        let create = try Self.createLinkSQL(declaration, dialect: connection.dialect)
        let problem = found.isEmpty
            ? "table \(quoted(link.table)) for the many-to-many \(relationship) does not exist in '\(connection.location)'"
            : "table \(quoted(link.table)) for the many-to-many \(relationship) has no column \(missing.map(quoted).joined(separator: " or "))"
        throw PonyError.mapping(
            "\(problem); pass createTables: true to generateMapping, or create it in a migration: "
                + "change.execute(sql: \(Self.literal(create)))")
    }

    private static func createLinkSQL(_ declaration: Database.LinkDeclaration, dialect: any SQLDialect) throws -> String {
        let link = declaration.link
        let sides = [(link.ownerColumn, try primaryKey(of: declaration.owner)), (link.targetColumn, try primaryKey(of: declaration.target))]
            .sorted { $0.0 < $1.0 }
        let definitions = sides.map { column, key in
            "\(quoted(column)) \(dialect.columnType(key.2)) NOT NULL REFERENCES \(quoted(key.0)) (\(quoted(key.1)))"
        }
        let primaryKey = "PRIMARY KEY (\(link.columns.map(quoted).joined(separator: ", ")))"
        return "CREATE TABLE IF NOT EXISTS \(quoted(link.table)) (\((definitions + [primaryKey]).joined(separator: ", ")))"
    }
}

/// A column as the database reports it (``SQLDialect/tableColumnsQuery``).
struct TableColumn: Equatable, CustomStringConvertible {
    let name: String
    /// The declared type, as the database spells it.
    let type: String
    let nullable: Bool

    var description: String { "\(quoted(name)) \(type)\(nullable ? "" : " NOT NULL")" }
}

extension Connection {
    /// The table's columns, in order; empty when there is no such table.
    func columns(of table: String) throws(PonyError) -> [TableColumn] {
        let statement = try statement(dialect.tableColumnsQuery)
        defer { statement.reset() }
        try statement.bind([table])
        var columns: [TableColumn] = []
        while try statement.step() {
            columns.append(TableColumn(
                name: statement.column(0).text, type: statement.column(1).text, nullable: statement.column(2).integer != 0))
        }
        return columns
    }

    /// The first column of each index on the table.
    func indexedColumns(of table: String) throws(PonyError) -> [String] {
        try texts(dialect.indexedColumnsQuery, table: table)
    }

    /// The name of each index on the table.
    func indexNames(of table: String) throws(PonyError) -> [String] {
        try texts(dialect.indexNamesQuery, table: table)
    }

    /// The first column of each row of a catalog query whose one parameter is the table name.
    private func texts(_ query: String, table: String) throws(PonyError) -> [String] {
        let statement = try statement(query)
        defer { statement.reset() }
        try statement.bind([table])
        var texts: [String] = []
        while try statement.step() { texts.append(statement.column(0).text) }
        return texts
    }
}

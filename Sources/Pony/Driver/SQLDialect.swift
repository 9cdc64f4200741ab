/// How one database's SQL differs from another's: everything the ORM generates that is not the same text on
/// every database it supports. One value per driver (``SQLiteDialect``, PostgreSQL's in `PonyPostgreSQL`);
/// nothing else in the ORM asks which database it talks to.
///
/// Generated SQL always writes parameters as `?`; a driver whose database spells them otherwise (PostgreSQL's
/// `$1`) rewrites them when it prepares the statement.
package protocol SQLDialect: Sendable {
    /// The database's name, for messages: "SQLite", "PostgreSQL".
    var name: String { get }
    /// The column type `CREATE TABLE` declares for an attribute type.
    func columnType(_ type: DatabaseType) -> String
    /// The definition of a generated integer primary key column, named already quoted.
    func generatedKeyDefinition(_ quotedColumn: String) -> String
    /// `insert` — an `INSERT` into a table with a generated key — made to report the new key: SQLite reads
    /// it afterwards (`last_insert_rowid`), PostgreSQL returns it (`RETURNING`).
    func insertReturningKey(_ insert: String, quotedKey: String) -> String
    /// A query with one `?` parameter, the table name, returning each of the table's columns: its name, its
    /// declared type, and whether it is nullable (1 or 0).
    var tableColumnsQuery: String { get }
    /// A query with one `?` parameter, the table name, returning the first column of each index on the table.
    var indexedColumnsQuery: String { get }
    /// A query with one `?` parameter, the table name, returning the name of each index on the table.
    var indexNamesQuery: String { get }
    /// Whether a column declared `declared` (as ``tableColumnsQuery`` reports it) stores `type`.
    func declaredType(_ declared: String, stores type: DatabaseType) -> Bool
    /// Starts a session's transaction.
    var beginTransaction: String { get }
    /// Starts the transaction `generateMapping` creates and checks tables in.
    var beginSchemaTransaction: String { get }
    /// The operators for `==` and `!=` that treat NULL as a value, as Swift treats `nil`.
    var nullSafeEqual: String { get }
    var nullSafeNotEqual: String { get }
    /// The function `f(text, part)` returning the 1-based position of `part` in `text`, 0 when absent.
    var substringPosition: String { get }
    /// The type to cast an operand of `/` to for floating-point division.
    var floatingPointType: String { get }
    /// A statement that makes the schema transaction wait for any other one migrating the same database (run
    /// right after ``beginSchemaTransaction``), or nil when that transaction already excludes the others.
    var migrationLock: String? { get }
    /// A query without parameters returning the name of every table in the database (its current schema),
    /// the database's own tables left out.
    var tablesQuery: String { get }
    /// Statements, run inside a schema transaction, that drop `tables` (named already quoted) whatever foreign
    /// keys link them.
    func dropTables(_ quotedTables: [String]) -> [String]
    /// Statements run first in the transaction on a ``DatabaseDriver/connectScratch()`` connection, which
    /// make the tables later statements create land in an empty place: none for a fresh in-memory database.
    var scratchSchemaSetup: [String] { get }
}

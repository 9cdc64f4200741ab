/// Where a ``Database`` stores its data. Pony: `db.bind(provider='sqlite', filename=…, create_db=True)`.
///
/// ```swift
/// try db.bind(.sqlite(path: "app.sqlite", create: true))
/// try db.bind(.sqlite(path: ":memory:"))
/// try db.bind(.postgres(url: "postgresql://app:secret@localhost:5432/app"))   // import PonyPostgreSQL
/// ```
public struct DatabaseProvider: Sendable {
    package let driver: any DatabaseDriver

    package init(driver: any DatabaseDriver) {
        self.driver = driver
    }

    /// A SQLite database file, or `":memory:"` for a private in-memory database; `create` creates the file
    /// when it does not exist (Pony's `create_db`). Connections enforce foreign keys; file databases use WAL
    /// journaling and a 5-second busy timeout (use ``Database/bind(_:)-(DatabaseSettings)`` to change them).
    public static func sqlite(path: String, create: Bool = false) -> DatabaseProvider {
        DatabaseProvider(driver: SQLiteDriver(
            path: path, create: create, busyTimeout: .seconds(5), walMode: true,
            statementCacheSize: DatabaseSettings.defaultStatementCacheSize))
    }
}

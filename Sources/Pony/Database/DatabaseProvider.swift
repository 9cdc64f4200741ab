/// Where a ``Database`` stores its data. Pony: `db.bind(provider='sqlite', filename=…, create_db=True)`.
///
/// ```swift
/// try db.bind(.sqlite(path: "app.sqlite", create: true))
/// try db.bind(.sqlite(path: ":memory:"))
/// ```
public struct DatabaseProvider: Sendable, Equatable {
    /// The SQLite file path, `:memory:`, or a `file:` URI.
    public var path: String
    /// Create the file when it does not exist. Pony's `create_db`.
    public var create: Bool

    /// A SQLite database file, or `":memory:"` for a private in-memory database.
    public static func sqlite(path: String, create: Bool = false) -> DatabaseProvider {
        DatabaseProvider(path: path, create: create)
    }
}

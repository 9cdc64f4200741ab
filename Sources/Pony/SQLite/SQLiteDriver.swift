/// The SQLite driver: one connection per database, shared by its sessions in turn.
///
/// One connection, not a pool: SQLite lets one writer at a time change a file, and a session cannot know in
/// advance that it will only read (its first write would fail with SQLITE_BUSY_SNAPSHOT after another session
/// wrote). So sessions — including bridged ones — run one at a time, and each sees a serializable database.
struct SQLiteDriver: DatabaseDriver {
    let path: String
    let create: Bool
    let busyTimeout: Duration
    let walMode: Bool
    var durability: SQLiteDurability = .normal
    let statementCacheSize: Int

    var location: String { path }
    var dialect: any SQLDialect { SQLiteDialect() }
    var maxConnections: Int { 1 }
    var bridgeQueueLimit: Int { DatabaseSettings.defaultBridgeQueueLimit }

    func connect() throws(PonyError) -> any ConnectionBackend {
        try SQLiteConnection(path: path, create: create, busyTimeout: busyTimeout, walMode: walMode, durability: durability)
    }

    func connectScratch() throws(PonyError) -> any ConnectionBackend {
        try SQLiteConnection(path: ":memory:", create: true, busyTimeout: busyTimeout, walMode: false, durability: .normal)
    }
}

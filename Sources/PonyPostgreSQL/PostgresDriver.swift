import Pony

/// The PostgreSQL driver: a pool of libpq connections to one server.
struct PostgresDriver: DatabaseDriver {
    let url: String
    let maxConnections: Int
    let connectTimeout: Int
    let busyTimeout: Duration
    let statementCacheSize: Int
    let bridgeQueueLimit: Int
    /// The URL without its password, for messages. Worked out once: every session's description names it, and
    /// redacting takes a regular expression.
    let location: String

    init(url: String, maxConnections: Int, connectTimeout: Int, busyTimeout: Duration, statementCacheSize: Int, bridgeQueueLimit: Int) {
        self.url = url
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
        self.busyTimeout = busyTimeout
        self.statementCacheSize = statementCacheSize
        self.bridgeQueueLimit = bridgeQueueLimit
        location = PostgresConnection.redacting(url)
    }
    var dialect: any SQLDialect { PostgresDialect() }

    func connect() throws(PonyError) -> any ConnectionBackend {
        try PostgresConnection(url: url, connectTimeout: connectTimeout)
    }

    func connectScratch() throws(PonyError) -> any ConnectionBackend {
        try connect()
    }

    /// A timeout in libpq's unit, whole seconds, rounded up and at least one.
    static func wholeSeconds(_ timeout: Duration) -> Int {
        let (seconds, attoseconds) = timeout.components
        return Int(max(seconds + (attoseconds > 0 ? 1 : 0), 1))
    }
}

extension DatabaseProvider {
    /// A PostgreSQL database, through libpq. `url` is a libpq connection URI,
    /// `postgresql://user:password@host:port/database?options` (or a `key=value` connection string).
    ///
    /// ```swift
    /// import Pony
    /// import PonyPostgreSQL
    ///
    /// try db.bind(.postgres(url: "postgresql://app:secret@localhost:5432/app"))
    /// ```
    ///
    /// - `maxConnections`: the pool size — how many sessions (and bridged sessions) run in parallel, each with
    ///   its own connection. Sessions beyond it wait for one, at most `busyTimeout`.
    /// - `connectTimeout`: how long to wait for the server when connecting, in whole seconds rounded up (libpq's
    ///   unit; unless the URL sets `connect_timeout`).
    ///
    /// `bind` connects once, so an unreachable server or a wrong password fails there, naming host, port and
    /// user (never the password).
    public static func postgres(
        url: String, maxConnections: Int = DatabaseSettings.defaultMaxConnections, connectTimeout: Duration = .seconds(10),
        busyTimeout: Duration = .seconds(5), statementCacheSize: Int = DatabaseSettings.defaultStatementCacheSize
    ) -> DatabaseProvider {
        DatabaseProvider(driver: PostgresDriver(
            url: url, maxConnections: max(maxConnections, 1), connectTimeout: PostgresDriver.wholeSeconds(connectTimeout), busyTimeout: busyTimeout,
            statementCacheSize: statementCacheSize, bridgeQueueLimit: DatabaseSettings.defaultBridgeQueueLimit))
    }
}

/// Makes the driver for `postgresql://` ``DatabaseSettings``; `Pony` finds it by name when such settings are bound.
enum PostgresDriverFactory: ServerDriverFactory {
    static func driver(for settings: DatabaseSettings) throws -> any DatabaseDriver {
        PostgresDriver(
            url: settings.url, maxConnections: settings.maxConnections, connectTimeout: PostgresDriver.wholeSeconds(settings.connectTimeout),
            busyTimeout: settings.busyTimeout, statementCacheSize: settings.statementCacheSize,
            bridgeQueueLimit: DatabaseSettings.defaultBridgeQueueLimit)
    }
}

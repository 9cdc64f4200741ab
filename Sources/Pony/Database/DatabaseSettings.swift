import Foundation

/// How to connect: the database URL and connection options. Pony's setup from settings, where PonyORM
/// apps use Pydantic's `BaseSettings`. Read them from the environment or config files with the
/// `PonyConfiguration` library, or build them in code:
///
/// ```swift
/// let settings = try DatabaseSettings(url: "sqlite:///data/app.sqlite", busyTimeout: .seconds(2))
/// try db.bind(settings)
/// ```
///
/// SQLite URLs follow SQLAlchemy's convention; PostgreSQL URLs are libpq's, and need the `PonyPostgreSQL`
/// module linked into the program (`import PonyPostgreSQL` anywhere in it):
///
/// | URL | database |
/// |---|---|
/// | `sqlite:///app.sqlite` | `app.sqlite`, relative to the working directory |
/// | `sqlite:////var/data/app.sqlite` | the absolute path `/var/data/app.sqlite` |
/// | `sqlite::memory:` or `sqlite:///:memory:` | a private in-memory database |
/// | `postgresql://user:password@host:5432/app` (or `postgres://…`) | a PostgreSQL database |
public struct DatabaseSettings: Sendable, Equatable {
    /// The URL as given.
    public let url: String
    /// The SQLite path the URL names; empty for a PostgreSQL URL.
    public let path: String
    /// Whether the URL names a PostgreSQL server rather than a SQLite file.
    public let isPostgreSQL: Bool
    /// PostgreSQL: how many connections the database opens at most — so many sessions (and bridged sessions)
    /// run in parallel. SQLite always uses one.
    public var maxConnections: Int
    /// PostgreSQL: how long to wait for the server when connecting.
    public var connectTimeout: Duration
    /// How long a session waits for the connection (and SQLite for file locks) before failing with
    /// ``PonyError/busy(_:)``.
    public var busyTimeout: Duration
    /// Write-ahead logging for file databases: readers in other processes do not block the writer.
    public var walMode: Bool
    /// SQLite files in WAL mode: whether a commit also survives power loss (``SQLiteDurability/full``) or, by
    /// default, the app crashing (``SQLiteDurability/normal``).
    public var durability: SQLiteDurability
    /// Create the database file when it does not exist.
    public var createIfMissing: Bool
    /// The runtime checks' mode to apply when binding, or nil to keep ``PonyChecks/mode`` as it is. The mode
    /// is process-wide: the last database bound with a mode sets it for all.
    public var checks: PonyChecks.Mode?
    /// How many prepared statements the connection keeps for reuse, least recently used first out; 0 keeps
    /// none. Generated statements of each entity (insert, update, fetch by key) are kept apart and do not count.
    public var statementCacheSize: Int

    /// The default ``statementCacheSize``: far more distinct statements than a typical app runs, while a
    /// program that generates SQL (many `IN (…)` lengths, one-off raw SQL) stays bounded.
    public static let defaultStatementCacheSize = 256

    /// The default ``maxConnections``: enough parallel sessions to keep a 2–8 core app server busy, well under
    /// PostgreSQL's default `max_connections` of 100 even with several app instances.
    public static let defaultMaxConnections = 8

    /// How many bridged sessions may wait for a bridge thread at once before `try await db.session {}` fails
    /// with ``PonyError/busy(_:)`` instead of queueing: a bounded queue turns overload into fast errors rather
    /// than ever-growing latency and memory.
    public static let defaultBridgeQueueLimit = 10_000

    /// Parses `url`; throws ``PonyError/configuration(_:)`` naming the URL (never its password) when it is
    /// neither a SQLite nor a PostgreSQL URL.
    public init(
        url: String, busyTimeout: Duration = .seconds(5), walMode: Bool = true, createIfMissing: Bool = true,
        checks: PonyChecks.Mode? = nil, statementCacheSize: Int = DatabaseSettings.defaultStatementCacheSize,
        maxConnections: Int = DatabaseSettings.defaultMaxConnections, connectTimeout: Duration = .seconds(10),
        durability: SQLiteDurability = .normal
    ) throws {
        guard busyTimeout >= .zero else {
            throw PonyError.configuration("busy timeout must not be negative, got \(busyTimeout)")
        }
        guard statementCacheSize >= 0 else {
            throw PonyError.configuration("statement cache size must not be negative, got \(statementCacheSize)")
        }
        guard maxConnections >= 1 else {
            throw PonyError.configuration("max connections must be at least 1, got \(maxConnections)")
        }
        guard connectTimeout > .zero else {
            throw PonyError.configuration("connect timeout must be positive, got \(connectTimeout)")
        }
        self.statementCacheSize = statementCacheSize
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
        self.url = url
        isPostgreSQL = Self.isPostgreSQL(url)
        path = isPostgreSQL ? "" : try Self.path(of: url)
        self.busyTimeout = busyTimeout
        self.walMode = walMode
        self.durability = durability
        self.createIfMissing = createIfMissing
        self.checks = checks
    }

    private static let forms = "use sqlite:///relative/path.sqlite, sqlite:////absolute/path.sqlite, sqlite::memory: or postgresql://user:password@host:port/database"

    private static func isPostgreSQL(_ url: String) -> Bool {
        let lowered = url.lowercased()
        return lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://")
    }

    /// The URL without its password, for messages.
    public var redactedURL: String {
        url.replacing(/(?<prefix>:\/\/[^:\/@?]*):[^@\/]*@/) { match in "\(match.output.prefix):***@" }
    }

    private static func path(of url: String) throws -> String {
        if url == "sqlite::memory:" { return ":memory:" }
        guard let components = URLComponents(string: url), let scheme = components.scheme else {
            throw PonyError.configuration("database URL '\(url)' is not a URL; \(forms)")
        }
        guard scheme.lowercased() == "sqlite" else {
            throw PonyError.configuration("database URL '\(url)' uses '\(scheme)', which is neither SQLite nor PostgreSQL; \(forms)")
        }
        guard components.host?.isEmpty ?? true, components.port == nil, components.user == nil,
              components.query == nil, components.fragment == nil
        else {
            throw PonyError.configuration("database URL '\(url)' has a host, port, user, query or fragment, which SQLite URLs do not take; \(forms)")
        }
        let rawPath = components.percentEncodedPath.removingPercentEncoding ?? components.percentEncodedPath
        guard url.lowercased().hasPrefix("sqlite:///"), rawPath.count > 1 else {
            throw PonyError.configuration("database URL '\(url)' names no file; \(forms)")
        }
        // "/app.sqlite" → "app.sqlite" (relative); "//var/app.sqlite" → "/var/app.sqlite" (absolute).
        return String(rawPath.dropFirst())
    }
}

extension Database {
    /// Opens the database the settings describe. A database is bound once; binding again throws.
    ///
    /// ```swift
    /// try db.bind(try DatabaseSettings(url: "sqlite::memory:"))
    /// ```
    ///
    /// A PostgreSQL URL needs the `PonyPostgreSQL` module in the program; without it this throws
    /// ``PonyError/configuration(_:)`` saying so.
    public func bind(_ settings: DatabaseSettings) throws {
        if settings.isPostgreSQL {
            try bind(driver: ServerDrivers.postgreSQL(for: settings))
        } else {
            try bind(driver: SQLiteDriver(
                path: settings.path, create: settings.createIfMissing, busyTimeout: settings.busyTimeout, walMode: settings.walMode,
                durability: settings.durability, statementCacheSize: settings.statementCacheSize))
        }
        if let checks = settings.checks { PonyChecks.mode = checks }
    }
}

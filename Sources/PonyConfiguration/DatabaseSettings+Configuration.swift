import Configuration
import Pony

extension DatabaseSettings {
    /// The configuration keys Pony reads, and the environment variables they map to.
    ///
    /// | key | environment variable | value |
    /// |---|---|---|
    /// | `pony.database.url` | `PONY_DATABASE_URL` | required: `sqlite:///app.sqlite`, `sqlite::memory:`, `postgresql://user:password@host/db` |
    /// | `pony.database.busyTimeout` | `PONY_DATABASE_BUSY_TIMEOUT` | seconds, default 5 |
    /// | `pony.database.wal` | `PONY_DATABASE_WAL` | `true`/`false`, default `true` |
    /// | `pony.database.durability` | `PONY_DATABASE_DURABILITY` | SQLite WAL commits survive a crash (`normal`, default) or power loss too (`full`) |
    /// | `pony.database.createIfMissing` | `PONY_DATABASE_CREATE_IF_MISSING` | `true`/`false`, default `true` |
    /// | `pony.database.checks` | `PONY_DATABASE_CHECKS` | runtime checks `trap`, `report` or `off`; unset keeps the build's default |
    /// | `pony.database.statementCacheSize` | `PONY_DATABASE_STATEMENT_CACHE_SIZE` | prepared statements kept, default 256; 0 keeps none |
    /// | `pony.database.maxConnections` | `PONY_DATABASE_MAX_CONNECTIONS` | PostgreSQL pool size, default 8 |
    /// | `pony.database.connectTimeout` | `PONY_DATABASE_CONNECT_TIMEOUT` | PostgreSQL: seconds to wait for the server, default 10 |
    public enum ConfigurationKeys {
        public static let url: ConfigKey = "pony.database.url"
        public static let busyTimeout: ConfigKey = "pony.database.busyTimeout"
        public static let walMode: ConfigKey = "pony.database.wal"
        public static let durability: ConfigKey = "pony.database.durability"
        public static let createIfMissing: ConfigKey = "pony.database.createIfMissing"
        public static let checks: ConfigKey = "pony.database.checks"
        public static let statementCacheSize: ConfigKey = "pony.database.statementCacheSize"
        public static let maxConnections: ConfigKey = "pony.database.maxConnections"
        public static let connectTimeout: ConfigKey = "pony.database.connectTimeout"
    }

    /// Reads database settings from swift-configuration: environment variables, config files, or any other
    /// provider. Pony's counterpart of a Pydantic `BaseSettings` class.
    ///
    /// ```swift
    /// import Configuration
    /// import PonyConfiguration
    ///
    /// // PONY_DATABASE_URL=sqlite:///data/app.sqlite PONY_DATABASE_BUSY_TIMEOUT=2
    /// let config = ConfigReader(provider: EnvironmentVariablesProvider())
    /// try db.bind(try DatabaseSettings(config: config))
    /// ```
    ///
    /// Throws ``PonyError/configuration(_:)`` naming the key and its environment variable when the URL is
    /// missing or a value does not parse.
    public init(config: ConfigReader) throws {
        let url: String
        do {
            url = try config.requiredString(forKey: ConfigurationKeys.url)
        } catch {
            throw PonyError.configuration(
                "no database URL: set \(Self.describe(ConfigurationKeys.url)), e.g. sqlite:///app.sqlite, sqlite::memory: or postgresql://user:password@host/app")
        }
        let seconds = try Self.optional(ConfigurationKeys.busyTimeout, in: config, default: 5.0) {
            config.double(forKey: $0)
        }
        let walMode = try Self.optional(ConfigurationKeys.walMode, in: config, default: true) {
            config.bool(forKey: $0)
        }
        let createIfMissing = try Self.optional(ConfigurationKeys.createIfMissing, in: config, default: true) {
            config.bool(forKey: $0)
        }
        let statementCacheSize = try Self.optional(
            ConfigurationKeys.statementCacheSize, in: config, default: DatabaseSettings.defaultStatementCacheSize
        ) { config.int(forKey: $0) }
        guard statementCacheSize >= 0 else {
            throw PonyError.configuration(
                "\(Self.describe(ConfigurationKeys.statementCacheSize)) must not be negative, got \(statementCacheSize)")
        }
        let maxConnections = try Self.optional(
            ConfigurationKeys.maxConnections, in: config, default: DatabaseSettings.defaultMaxConnections
        ) { config.int(forKey: $0) }
        guard maxConnections >= 1 else {
            throw PonyError.configuration("\(Self.describe(ConfigurationKeys.maxConnections)) must be at least 1, got \(maxConnections)")
        }
        let connectSeconds = try Self.optional(ConfigurationKeys.connectTimeout, in: config, default: 10.0) {
            config.double(forKey: $0)
        }
        guard connectSeconds.isFinite, connectSeconds > 0 else {
            throw PonyError.configuration("\(Self.describe(ConfigurationKeys.connectTimeout)) must be a positive number of seconds, got \(connectSeconds)")
        }
        var checks: PonyChecks.Mode?
        if let raw = config.string(forKey: ConfigurationKeys.checks) {
            guard let mode = PonyChecks.Mode(rawValue: raw.lowercased()) else {
                throw PonyError.configuration("\(Self.describe(ConfigurationKeys.checks)) has the value '\(raw)'; use trap, report or off")
            }
            checks = mode
        }
        var durability = SQLiteDurability.normal
        if let raw = config.string(forKey: ConfigurationKeys.durability) {
            guard let value = SQLiteDurability(rawValue: raw.lowercased()) else {
                throw PonyError.configuration("\(Self.describe(ConfigurationKeys.durability)) has the value '\(raw)'; use normal or full")
            }
            durability = value
        }
        guard seconds.isFinite else {
            throw PonyError.configuration("\(Self.describe(ConfigurationKeys.busyTimeout)) must be a number of seconds, got \(seconds)")
        }
        try self.init(
            url: url, busyTimeout: .milliseconds(Int64((seconds * 1000).rounded())), walMode: walMode,
            createIfMissing: createIfMissing, checks: checks, statementCacheSize: statementCacheSize,
            maxConnections: maxConnections, connectTimeout: .milliseconds(Int64((connectSeconds * 1000).rounded())),
            durability: durability)
    }

    /// Reads database settings from the process environment (`PONY_DATABASE_URL`, …).
    public static func fromEnvironment() throws -> DatabaseSettings {
        try DatabaseSettings(config: ConfigReader(provider: EnvironmentVariablesProvider()))
    }

    /// The typed value of an optional key; its default when absent; an error naming the key and the raw
    /// text when the text does not parse (a typed read returns nil for both, so the raw text tells them apart).
    private static func optional<Value>(
        _ key: ConfigKey, in config: ConfigReader, default defaultValue: Value, read: (ConfigKey) -> Value?
    ) throws -> Value {
        if let value = read(key) { return value }
        guard let raw = config.string(forKey: key) else { return defaultValue }
        throw PonyError.configuration("\(describe(key)) has the value '\(raw)', which is not a valid \(Value.self)")
    }

    /// `pony.database.url (PONY_DATABASE_URL)`.
    private static func describe(_ key: ConfigKey) -> String {
        let variable = key.components.map { component in
            component.reduce(into: "") { name, character in
                if character.isUppercase { name += "_" }
                name += character.uppercased()
            }
        }.joined(separator: "_")
        return "\(key) (\(variable))"
    }
}

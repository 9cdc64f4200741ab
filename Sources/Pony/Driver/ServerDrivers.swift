/// Makes the driver for a server URL's settings. `PonyPostgreSQL` implements it for `postgresql://` URLs.
package protocol ServerDriverFactory {
    static func driver(for settings: DatabaseSettings) throws -> any DatabaseDriver
}

/// Finds the drivers of server databases at run time, so `Pony` itself never links their client libraries:
/// a program that uses only SQLite builds and runs without libpq, and one that links `PonyPostgreSQL`
/// accepts `postgresql://` URLs in ``DatabaseSettings`` without registering anything.
///
/// The lookup is by type name, through the Swift runtime's metadata of every loaded module.
enum ServerDrivers {
    /// The mangled name of `PonyPostgreSQL.PostgresDriverFactory` (an enum), the form the runtime looks up;
    /// part of the contract between the two modules, checked by a test in PonyPostgreSQLTests.
    static let postgreSQLFactoryName = "14PonyPostgreSQL21PostgresDriverFactoryO"

    static func postgreSQL(for settings: DatabaseSettings, factoryName: String = postgreSQLFactoryName) throws -> any DatabaseDriver {
        guard let factory = _typeByName(factoryName) as? any ServerDriverFactory.Type else {
            throw PonyError.configuration(
                "database URL '\(settings.redactedURL)' names a PostgreSQL server, but this program does not link PonyPostgreSQL: "
                    + "add the product \"PonyPostgreSQL\" to the target's dependencies and `import PonyPostgreSQL` in one of its files")
        }
        return try factory.driver(for: settings)
    }
}

import Foundation
import Logging

/// Where and how a ``Database`` logs the SQL it runs: PonyORM's `set_sql_debug(True, show_values=…)`.
///
/// Every statement — queries, the inserts and updates a session flushes, `BEGIN`/`COMMIT`, raw SQL — is logged
/// at `debug` level once it finishes, with the time spent in the database driver and the rows it returned or
/// changed. Bound values are left out unless ``showsValues`` is set: they can be passwords or personal data.
///
/// ```swift
/// db.sqlLog = SQLLog()                                  // the "pony.sql" logger, at debug level
/// db.sqlLog = SQLLog(logger: appLogger, showsValues: true)
/// db.sqlLog = nil                                       // off (the default)
/// ```
///
/// Apps that cannot change their code set `PONY_SQL_DEBUG=1` (statements) or `PONY_SQL_DEBUG=values`
/// (statements with their values) in the environment: every `Database` then starts with logging on.
public struct SQLLog: Sendable {
    /// The logger the statements go to, at `debug` level.
    public var logger: Logger
    /// Whether the bound values are logged with each statement: SQLite shows the statement with its values in
    /// place (`sqlite3_expanded_sql`), PostgreSQL lists them after it (`-- $1 = '42'`), as its own log does.
    public var showsValues: Bool

    /// Logs to `logger` (by default "pony.sql", its level lowered to `debug` so the statements show with
    /// swift-log's default handler); values only when `showsValues` is true.
    public init(logger: Logger = SQLLog.defaultLogger, showsValues: Bool = false) {
        self.logger = logger
        self.showsValues = showsValues
    }

    /// The logger labelled "pony.sql", at `debug` level.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "pony.sql")
        logger.logLevel = .debug
        return logger
    }
}

extension SQLLog {
    /// The variable that turns logging on without code changes.
    static let environmentVariable = "PONY_SQL_DEBUG"

    /// What `PONY_SQL_DEBUG` asks for, read once per process: every new `Database` starts with it.
    static let fromEnvironment: SQLLog? = {
        switch parse(environment: ProcessInfo.processInfo.environment) {
        case .success(let log):
            return log
        case .failure(let error):
            SQLLog.defaultLogger.error("\(error.message)")
            return nil
        }
    }()

    struct InvalidValue: Error {
        let message: String
    }

    /// `1`, `true`, `on`, `yes`: statements; `values`: statements with their values; `0`, `false`, `off`, `no`
    /// or empty: off.
    static func parse(environment: [String: String]) -> Result<SQLLog?, InvalidValue> {
        guard let value = environment[environmentVariable] else { return .success(nil) }
        switch value.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "true", "on", "yes": return .success(SQLLog())
        case "values": return .success(SQLLog(showsValues: true))
        case "", "0", "false", "off", "no": return .success(nil)
        default:
            return .failure(InvalidValue(
                message: "\(environmentVariable)='\(value)' is not valid: use 1 (log statements), values (statements and their values) or 0; SQL logging stays off"))
        }
    }
}

import Pony

/// Server errors as ``PonyError``s, by SQLSTATE: the one place where PostgreSQL's error codes meet Pony's.
///
/// | SQLSTATE | error |
/// |---|---|
/// | class 23 (integrity constraint: unique, foreign key, not null, check, exclusion) | ``PonyError/constraintViolation(message:sql:)`` |
/// | 40001 serialization failure, 40P01 deadlock | ``PonyError/transactionConflict(sqlState:message:sql:)`` (retryable) |
/// | class 08 (connection exception), 57P01–57P03 (server shutting down or starting) | ``PonyError/connection(_:)`` |
/// | anything else (57014 is a cancelled statement) | ``PonyError/server(sqlState:message:sql:)`` |
enum PostgresErrorMapping {
    static func error(sqlState: String, message: String, sql: String?) -> PonyError {
        switch sqlState {
        case _ where sqlState.hasPrefix("23"):
            return .constraintViolation(message: "\(message) (SQLSTATE \(sqlState))", sql: sql ?? "")
        case "40001", "40P01":
            return .transactionConflict(sqlState: sqlState, message: message, sql: sql)
        case _ where sqlState.hasPrefix("08"), "57P01", "57P02", "57P03":
            return .connection("\(message) (SQLSTATE \(sqlState))")
        default:
            return .server(sqlState: sqlState, message: message, sql: sql)
        }
    }
}

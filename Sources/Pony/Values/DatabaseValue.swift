import Foundation

/// A value as SQLite stores it: NULL, a 64-bit integer, a double, text or a blob.
///
/// Raw SQL takes and returns these; literals work directly:
///
/// ```swift
/// try db.execute(sql: "UPDATE Person SET age = ? WHERE name = ?", arguments: [32, "Ann"])
/// ```
public enum DatabaseValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    /// The SQLite storage class of the value, as SQL's `typeof()` names it.
    public var storageClass: String {
        switch self {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        }
    }

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): value.debugDescription
        case .blob(let value): "<\(value.count) bytes>"
        }
    }
}

extension DatabaseValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByBooleanLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

/// The kind of column an attribute is stored in. Each database names it in its own way:
///
/// | case | SQLite | PostgreSQL |
/// |---|---|---|
/// | `integer` | `INTEGER` | `BIGINT` |
/// | `real` | `REAL` | `DOUBLE PRECISION` |
/// | `text` | `TEXT` | `TEXT` |
/// | `blob` | `BLOB` | `BYTEA` |
/// | `boolean` | `INTEGER` (0 or 1) | `BOOLEAN` |
/// | `timestamp` | `REAL` (seconds since 1970) | `TIMESTAMPTZ` |
/// | `uuid` | `TEXT` | `UUID` |
public enum DatabaseType: String, Sendable {
    case integer = "INTEGER"
    case real = "REAL"
    case text = "TEXT"
    case blob = "BLOB"
    case boolean = "BOOLEAN"
    case timestamp = "TIMESTAMP"
    case uuid = "UUID"
}

import CLibPQ
import Foundation
import Pony

/// The rows of one statement, in libpq's text format, decoded into ``DatabaseValue``s by column type:
///
/// | PostgreSQL type | value |
/// |---|---|
/// | `smallint`, `integer`, `bigint`, `oid` | `.integer` |
/// | `boolean` | `.integer(1)` or `.integer(0)`, as SQLite stores booleans |
/// | `real`, `double precision` | `.real` (`NaN`, `Infinity`, `-Infinity` included) |
/// | `bytea` | `.blob` |
/// | NULL | `.null` |
/// | anything else (`text`, `varchar`, `uuid`, `numeric`, `timestamptz`, …) | `.text`, as the server prints it |
final class PostgresResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    var rowCount: Int { Int(PQntuples(handle)) }
    var columnCount: Int { Int(PQnfields(handle)) }

    func columnName(_ column: Int) -> String {
        String(cString: PQfname(handle, Int32(column)))
    }

    /// Rows an INSERT, UPDATE or DELETE changed (`PQcmdTuples`); 0 for other statements.
    var affectedRowCount: Int {
        Int(String(cString: PQcmdTuples(handle))) ?? 0
    }

    /// The value at a row and column, both 0-based.
    subscript(row: Int, column: Int) -> DatabaseValue {
        let (row, column) = (Int32(row), Int32(column))
        if PQgetisnull(handle, row, column) == 1 { return .null }
        let text = PQgetvalue(handle, row, column)!
        switch PQftype(handle, column) {
        case PostgresType.int2, PostgresType.int4, PostgresType.int8, PostgresType.oid:
            return Int64(String(cString: text)).map(DatabaseValue.integer) ?? .text(String(cString: text))
        case PostgresType.bool:
            return .integer(text.pointee == UInt8(ascii: "t") ? 1 : 0)
        case PostgresType.float4, PostgresType.float8:
            return .real(PostgresValueText.double(text))
        case PostgresType.bytea:
            var length = 0
            guard let bytes = PQunescapeBytea(UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), &length) else {
                return .blob(Data())
            }
            defer { PQfreemem(bytes) }
            return .blob(Data(bytes: bytes, count: length))
        default:
            return .text(String(cString: text))
        }
    }
}

/// The type OIDs the decoder distinguishes (`pg_type.oid`; fixed for built-in types).
enum PostgresType {
    static let bool: Oid = 16
    static let bytea: Oid = 17
    static let int8: Oid = 20
    static let int2: Oid = 21
    static let int4: Oid = 23
    static let oid: Oid = 26
    static let float4: Oid = 700
    static let float8: Oid = 701
    static let timestamp: Oid = 1114
    static let timestamptz: Oid = 1184
    static let numeric: Oid = 1700

    /// The storage class a column of type `oid` reads as: numbers, booleans (0 or 1) and timestamps (seconds
    /// since 1970) as numbers, `bytea` as a blob, everything else as the text the server prints.
    static func storage(of type: Oid) -> ColumnStorage {
        switch type {
        case int2, int4, int8, oid, bool: .integer
        case float4, float8, numeric, timestamp, timestamptz: .real
        case bytea: .blob
        default: .text
        }
    }
}

/// Numbers as PostgreSQL's text format writes them.
enum PostgresValueText {
    /// `Double` as `float8` reads it: the shortest text that round-trips, and its spellings of the special values.
    static func double(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return "\(value)"
    }

    /// A `float8` or `numeric` the server printed, special values included.
    static func double(_ text: UnsafePointer<CChar>) -> Double {
        var end: UnsafeMutablePointer<CChar>?
        let value = strtod(text, &end)
        if let end, end.pointee == 0, end != UnsafeMutablePointer(mutating: text) { return value }
        switch String(cString: text) {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return .nan
        }
    }
}

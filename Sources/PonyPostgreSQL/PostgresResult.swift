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
            return .real(Self.double(String(cString: text)))
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

    /// `float8` text as PostgreSQL prints it, special values included.
    static func double(_ text: String) -> Double {
        switch text {
        case "NaN": .nan
        case "Infinity": .infinity
        case "-Infinity": -.infinity
        default: Double(text) ?? .nan
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
}

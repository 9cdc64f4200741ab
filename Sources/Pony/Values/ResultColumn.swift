import CSQLite
import Foundation

/// One column of the current result row. Used by ``DatabaseValueConvertible`` fast paths.
///
/// ```swift
/// public static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Cents {
///     Cents(amount: try Int64._ponyDecode(from: column))
/// }
/// ```
public struct ResultColumn {
    /// The SQLite statement, called directly; nil for other drivers.
    @usableFromInline let sqlite: OpaquePointer?
    /// Any other driver's statement.
    @usableFromInline let backend: (any StatementBackend)?
    /// 0-based column index.
    public let index: Int32

    @usableFromInline
    init(sqlite: OpaquePointer?, backend: (any StatementBackend)?, index: Int32) {
        self.sqlite = sqlite
        self.backend = backend
        self.index = index
    }

    /// The storage class of the value (drivers other than SQLite map their types onto SQLite's).
    var storage: ColumnStorage {
        if let backend { return backend.storage(at: index) }
        return switch sqlite3_column_type(sqlite, index) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        default: .blob
        }
    }

    public var isNull: Bool {
        if let backend { return backend.storage(at: index) == .null }
        return sqlite3_column_type(sqlite, index) == SQLITE_NULL
    }

    public var integer: Int64 {
        if let backend { return backend.integer(at: index) }
        return sqlite3_column_int64(sqlite, index)
    }

    public var real: Double {
        if let backend { return backend.real(at: index) }
        return sqlite3_column_double(sqlite, index)
    }

    public var text: String {
        if let backend { return backend.text(at: index) }
        guard let bytes = sqlite3_column_text(sqlite, index) else { return "" }
        let count = Int(sqlite3_column_bytes(sqlite, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    public var blob: Data {
        if let backend { return backend.blob(at: index) }
        guard let bytes = sqlite3_column_blob(sqlite, index) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(sqlite, index)))
    }

    /// The stored value, whatever its storage class.
    public var databaseValue: DatabaseValue {
        switch storage {
        case .null: .null
        case .integer: .integer(integer)
        case .real: .real(real)
        case .text: .text(text)
        case .blob: .blob(blob)
        }
    }

    /// Throws unless the column holds a number (integers and reals convert into each other).
    func requireNumeric<T>(_ type: T.Type) throws(ColumnDecodingError) {
        let storage = storage
        if storage != .integer && storage != .real {
            throw ColumnDecodingError(expected: T.self, found: databaseValue)
        }
    }
}

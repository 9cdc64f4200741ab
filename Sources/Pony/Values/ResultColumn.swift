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
    /// SQLite's value of this column in the current row (`sqlite3_column_value`), taken once: its type and contents
    /// are then read without the `sqlite3_column_*` calls' statement lookup, bounds check and error bookkeeping each
    /// time. Valid until the statement steps or resets, which no `ResultColumn` outlives; the connection is used by
    /// one thread at a time, which is what SQLite asks of such an unprotected value.
    @usableFromInline let sqliteValue: OpaquePointer?
    /// Any other driver's statement.
    /// Not retained: these views live only while their statement runs, and the statement holds its backend.
    @usableFromInline unowned(unsafe) let backend: (any StatementBackend)?
    /// 0-based column index.
    public let index: Int32

    /// A column of another driver's statement. SQLite's path never passes `backend`: copying it out of a caller's
    /// unowned(unsafe) field retained and released it (nil there) around every column read.
    @usableFromInline
    init(backend: (any StatementBackend)?, index: Int32) {
        sqlite = nil
        sqliteValue = nil
        self.backend = backend
        self.index = index
    }

    /// A column of a SQLite statement.
    @inlinable
    init(sqlite: OpaquePointer, index: Int32) {
        self.sqlite = sqlite
        sqliteValue = sqlite3_column_value(sqlite, index)
        backend = nil
        self.index = index
    }

    /// Whether the value has the storage class `storage`: one call for SQLite.
    @inline(__always)
    func holds(_ storage: ColumnStorage) -> Bool {
        if let sqliteValue { return sqlite3_value_type(sqliteValue) == storage.sqliteType }
        return backend.unsafelyUnwrapped.storage(at: index) == storage
    }

    /// The storage class of the value (drivers other than SQLite map their types onto SQLite's).
    var storage: ColumnStorage {
        guard let sqliteValue else { return backend.unsafelyUnwrapped.storage(at: index) }
        return switch sqlite3_value_type(sqliteValue) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        default: .blob
        }
    }

    public var isNull: Bool { holds(.null) }

    /// The column `offset` places to the right in the same row: the next part of a composite primary key.
    public func advanced(by offset: Int32) -> ResultColumn {
        if let sqlite { return ResultColumn(sqlite: sqlite, index: index + offset) }
        return ResultColumn(backend: backend, index: index + offset)
    }

    public var integer: Int64 {
        if let sqliteValue { return sqlite3_value_int64(sqliteValue) }
        return backend.unsafelyUnwrapped.integer(at: index)
    }

    public var real: Double {
        if let sqliteValue { return sqlite3_value_double(sqliteValue) }
        return backend.unsafelyUnwrapped.real(at: index)
    }

    public var text: String {
        guard let sqliteValue else { return backend.unsafelyUnwrapped.text(at: index) }
        guard let bytes = sqlite3_value_text(sqliteValue) else { return "" }
        let count = Int(sqlite3_value_bytes(sqliteValue))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    public var blob: Data {
        guard let sqliteValue else { return backend.unsafelyUnwrapped.blob(at: index) }
        guard let bytes = sqlite3_value_blob(sqliteValue) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_value_bytes(sqliteValue)))
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
        let isNumeric: Bool
        if let sqliteValue {
            let type = sqlite3_value_type(sqliteValue)
            isNumeric = type == SQLITE_INTEGER || type == SQLITE_FLOAT
        } else {
            let storage = backend.unsafelyUnwrapped.storage(at: index)
            isNumeric = storage == .integer || storage == .real
        }
        if !isNumeric {
            throw ColumnDecodingError(expected: T.self, found: databaseValue)
        }
    }
}

extension ColumnStorage {
    /// SQLite's code for the storage class.
    var sqliteType: Int32 {
        switch self {
        case .null: SQLITE_NULL
        case .integer: SQLITE_INTEGER
        case .real: SQLITE_FLOAT
        case .text: SQLITE_TEXT
        case .blob: SQLITE_BLOB
        }
    }
}

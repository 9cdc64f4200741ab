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
    /// Another driver's statement, for what its cell does not hold. Not retained (an `Unmanaged` copy, unlike a
    /// class reference, costs no retain and release): these views live only while their statement runs.
    @usableFromInline let statement: Unmanaged<Statement>?
    /// Another driver's value of this column in the current row, as it decoded it when it stepped
    /// (``StatementBackend/currentRow``); nil for SQLite, and for a driver or column without cells.
    @usableFromInline let cell: UnsafePointer<BackendCell>?
    /// 0-based column index.
    public let index: Int32

    /// A column of another driver's statement, whose current row is `cells` (nil if the driver has none).
    @usableFromInline
    init(statement: Unmanaged<Statement>, cells: UnsafeBufferPointer<BackendCell>?, index: Int32) {
        sqlite = nil
        sqliteValue = nil
        self.statement = statement
        if let cells, index >= 0, Int(index) < cells.count {
            cell = cells.baseAddress.unsafelyUnwrapped + Int(index)
        } else {
            cell = nil
        }
        self.index = index
    }

    /// A column of a SQLite statement.
    @inlinable
    init(sqlite: OpaquePointer, index: Int32) {
        self.sqlite = sqlite
        sqliteValue = sqlite3_column_value(sqlite, index)
        statement = nil
        cell = nil
        self.index = index
    }

    /// SQLite's value of this column when the statement is SQLite's and the value has the storage class `type`
    /// (`SQLITE_INTEGER`, …), else nil. The standard types' decoders read their usual case through it inline, in
    /// the entity's generated initializer: one `sqlite3_value_type` and one read, where the general path cost four
    /// calls per column; everything else takes the general path.
    @inlinable
    func sqliteValue(ofType type: Int32) -> OpaquePointer? {
        guard let sqliteValue, sqlite3_value_type(sqliteValue) == type else { return nil }
        return sqliteValue
    }

    /// Another driver's value of this column when its cell holds `storage`, else nil: the standard types'
    /// decoders read their usual case from it inline, as they read SQLite's through ``sqliteValue(ofType:)``.
    @inlinable
    func cell(holding storage: ColumnStorage) -> BackendCell? {
        guard let cell, cell.pointee.storage == storage else { return nil }
        return cell.pointee
    }

    /// The text of another driver's `.text` cell (`cell(holding: .text)`), nil if the cell has none.
    @inlinable
    static func text(ofCell cell: BackendCell) -> String? {
        guard let text = cell.text else { return nil }
        return String(decoding: UnsafeBufferPointer(start: text, count: cell.length), as: UTF8.self)
    }

    /// The text of a SQLite value (`sqliteValue(ofType: SQLITE_TEXT)`).
    @inlinable
    static func text(ofSQLiteValue value: OpaquePointer) -> String {
        guard let bytes = sqlite3_value_text(value) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_value_bytes(value))), as: UTF8.self)
    }

    /// Asks another driver's statement for what this column's cell does not hold.
    private func driver<T>(_ read: (any StatementBackend, Int32) -> T) -> T {
        statement.unsafelyUnwrapped._withUnsafeGuaranteedRef { read($0.backend!, index) }
    }

    /// Whether the value has the storage class `storage`: one call for SQLite.
    @inline(__always)
    func holds(_ storage: ColumnStorage) -> Bool {
        if let sqliteValue { return sqlite3_value_type(sqliteValue) == storage.sqliteType }
        return self.storage == storage
    }

    /// The storage class of the value (drivers other than SQLite map their types onto SQLite's).
    var storage: ColumnStorage {
        guard let sqliteValue else {
            if let cell { return cell.pointee.storage }
            return driver { $0.storage(at: $1) }
        }
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
        let statement = statement.unsafelyUnwrapped
        return ResultColumn(statement: statement, cells: statement._withUnsafeGuaranteedRef(\.cells), index: index + offset)
    }

    public var integer: Int64 {
        if let sqliteValue { return sqlite3_value_int64(sqliteValue) }
        if let cell {
            switch cell.pointee.storage {
            case .integer: return cell.pointee.integer
            case .real: return Int64(exactly: cell.pointee.real.rounded(.towardZero)) ?? 0
            default: break
            }
        }
        return driver { $0.integer(at: $1) }
    }

    public var real: Double {
        if let sqliteValue { return sqlite3_value_double(sqliteValue) }
        if let cell {
            switch cell.pointee.storage {
            case .real: return cell.pointee.real
            case .integer: return Double(cell.pointee.integer)
            default: break
            }
        }
        return driver { $0.real(at: $1) }
    }

    public var text: String {
        guard let sqliteValue else {
            if let cell, let bytes = cell.pointee.text {
                return String(decoding: UnsafeBufferPointer(start: bytes, count: cell.pointee.length), as: UTF8.self)
            }
            return driver { $0.text(at: $1) }
        }
        return Self.text(ofSQLiteValue: sqliteValue)
    }

    public var blob: Data {
        guard let sqliteValue else { return driver { $0.blob(at: $1) } }
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
            let storage = storage
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

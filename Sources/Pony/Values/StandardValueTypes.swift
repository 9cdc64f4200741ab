import CSQLite
import Foundation

// Conformances of the standard library and Foundation types Pony stores.
// Each binds and reads its column directly instead of going through DatabaseValue. The common types' decoders are
// inlinable: the usual case of a SQLite column (``ResultColumn/sqliteValue(ofType:)``) or of another driver's cell
// (``ResultColumn/cell(holding:)``) is read inline in the entity's generated initializer, and everything else goes to
// `_ponyDecodeAnyStorage(from:)`.

extension Int64: AttributeValue {
    public static var databaseType: DatabaseType { .integer }
    public var databaseValue: DatabaseValue { .integer(self) }
    public init?(databaseValue: DatabaseValue) {
        switch databaseValue {
        case .integer(let value): self = value
        case .real(let value): guard let exact = Int64(exactly: value) else { return nil }; self = exact
        default: return nil
        }
    }
    public func _ponyBind(to statement: StatementBinding, at index: Int32) { statement.bind(integer: self, at: index) }
    @inlinable
    public static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Int64 {
        if let value = column.sqliteValue(ofType: SQLITE_INTEGER) { return sqlite3_value_int64(value) }
        if let cell = column.cell(holding: .integer) { return cell.integer }
        return try _ponyDecodeAnyStorage(from: column)
    }

    /// The general path, out of line: any storage class (converting where that is exact), any driver.
    @usableFromInline
    static func _ponyDecodeAnyStorage(from column: ResultColumn) throws(ColumnDecodingError) -> Int64 {
        if column.holds(.integer) { return column.integer }
        guard let value = Int64(databaseValue: column.databaseValue) else {
            throw ColumnDecodingError(expected: Int64.self, found: column.databaseValue)
        }
        return value
    }
}

/// Fixed-width integers stored as SQLite's 64-bit INTEGER, range-checked on the way back.
public protocol _PonyStoredInteger: FixedWidthInteger, AttributeValue {}

extension _PonyStoredInteger {
    public static var databaseType: DatabaseType { .integer }
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    public init?(databaseValue: DatabaseValue) {
        guard let wide = Int64(databaseValue: databaseValue), let value = Self(exactly: wide) else { return nil }
        self = value
    }
    public func _ponyBind(to statement: StatementBinding, at index: Int32) { statement.bind(integer: Int64(self), at: index) }
    @inlinable
    public static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Self {
        if let value = column.sqliteValue(ofType: SQLITE_INTEGER), let exact = Self(exactly: sqlite3_value_int64(value)) {
            return exact
        }
        if let cell = column.cell(holding: .integer), let exact = Self(exactly: cell.integer) { return exact }
        return try _ponyDecodeAnyStorage(from: column)
    }

    @usableFromInline
    static func _ponyDecodeAnyStorage(from column: ResultColumn) throws(ColumnDecodingError) -> Self {
        if column.holds(.integer), let value = Self(exactly: column.integer) {
            return value
        }
        guard let value = Self(databaseValue: column.databaseValue) else {
            throw ColumnDecodingError(expected: Self.self, found: column.databaseValue)
        }
        return value
    }
}

extension Int: _PonyStoredInteger {}
extension Int32: _PonyStoredInteger {}
extension Int16: _PonyStoredInteger {}
extension Int8: _PonyStoredInteger {}
extension UInt32: _PonyStoredInteger {}
extension UInt16: _PonyStoredInteger {}
extension UInt8: _PonyStoredInteger {}

extension Double: AttributeValue {
    public static var databaseType: DatabaseType { .real }
    public var databaseValue: DatabaseValue { .real(self) }
    public init?(databaseValue: DatabaseValue) {
        switch databaseValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
    public func _ponyBind(to statement: StatementBinding, at index: Int32) { statement.bind(real: self, at: index) }
    @inlinable
    public static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Double {
        if let value = column.sqliteValue(ofType: SQLITE_FLOAT) { return sqlite3_value_double(value) }
        if let cell = column.cell(holding: .real) { return cell.real }
        return try _ponyDecodeAnyStorage(from: column)
    }

    @usableFromInline
    static func _ponyDecodeAnyStorage(from column: ResultColumn) throws(ColumnDecodingError) -> Double {
        try column.requireNumeric(Double.self)
        return column.real
    }
}

extension Float: AttributeValue {
    public static var databaseType: DatabaseType { .real }
    public var databaseValue: DatabaseValue { .real(Double(self)) }
    public init?(databaseValue: DatabaseValue) {
        guard let value = Double(databaseValue: databaseValue) else { return nil }
        self = Float(value)
    }
}

extension Bool: AttributeValue {
    public static var databaseType: DatabaseType { .boolean }
    public var databaseValue: DatabaseValue { .integer(self ? 1 : 0) }
    public init?(databaseValue: DatabaseValue) {
        guard let value = Int64(databaseValue: databaseValue) else { return nil }
        self = value != 0
    }
    public func _ponyBind(to statement: StatementBinding, at index: Int32) { statement.bind(bool: self, at: index) }
    @inlinable
    public static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Bool {
        if let value = column.sqliteValue(ofType: SQLITE_INTEGER) { return sqlite3_value_int64(value) != 0 }
        if let cell = column.cell(holding: .integer) { return cell.integer != 0 }
        return try _ponyDecodeAnyStorage(from: column)
    }

    @usableFromInline
    static func _ponyDecodeAnyStorage(from column: ResultColumn) throws(ColumnDecodingError) -> Bool {
        try column.requireNumeric(Bool.self)
        return column.integer != 0
    }
}

extension String: AttributeValue {
    public static var databaseType: DatabaseType { .text }
    public var databaseValue: DatabaseValue { .text(self) }
    public init?(databaseValue: DatabaseValue) {
        guard case .text(let value) = databaseValue else { return nil }
        self = value
    }
    public func _ponyBind(to statement: StatementBinding, at index: Int32) { statement.bind(text: self, at: index) }
    @inlinable
    public static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> String {
        if let value = column.sqliteValue(ofType: SQLITE_TEXT) { return ResultColumn.text(ofSQLiteValue: value) }
        if let cell = column.cell(holding: .text), let text = ResultColumn.text(ofCell: cell) { return text }
        return try _ponyDecodeAnyStorage(from: column)
    }

    @usableFromInline
    static func _ponyDecodeAnyStorage(from column: ResultColumn) throws(ColumnDecodingError) -> String {
        guard column.holds(.text) else {
            throw ColumnDecodingError(expected: String.self, found: column.databaseValue)
        }
        return column.text
    }
}

extension Data: AttributeValue {
    public static var databaseType: DatabaseType { .blob }
    public var databaseValue: DatabaseValue { .blob(self) }
    public init?(databaseValue: DatabaseValue) {
        guard case .blob(let value) = databaseValue else { return nil }
        self = value
    }
}

/// Dates are stored as PostgreSQL's `timestamptz` (microseconds), and in SQLite as REAL seconds since
/// 1970-01-01 UTC (SQLite's `unixepoch` convention), so SQL can compare them and `datetime(column, 'unixepoch')`
/// shows them. Precision is about a microsecond.
extension Date: AttributeValue {
    public static var databaseType: DatabaseType { .timestamp }
    public var databaseValue: DatabaseValue { .real(timeIntervalSince1970) }
    public init?(databaseValue: DatabaseValue) {
        guard let seconds = Double(databaseValue: databaseValue) else { return nil }
        self.init(timeIntervalSince1970: seconds)
    }
    public func _ponyBind(to statement: StatementBinding, at index: Int32) { statement.bind(date: self, at: index) }
    public static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Date {
        try column.requireNumeric(Date.self)
        return Date(timeIntervalSince1970: column.real)
    }
}

/// UUIDs are stored as PostgreSQL's `uuid`, and in SQLite as their canonical TEXT form; 16-byte BLOBs are
/// accepted when reading.
extension UUID: AttributeValue {
    public static var databaseType: DatabaseType { .uuid }
    public var databaseValue: DatabaseValue { .text(uuidString) }
    public init?(databaseValue: DatabaseValue) {
        switch databaseValue {
        case .text(let text):
            guard let uuid = UUID(uuidString: text) else { return nil }
            self = uuid
        case .blob(let bytes) where bytes.count == 16:
            let b = Array(bytes)
            self = UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        default:
            return nil
        }
    }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    public static var databaseType: DatabaseType { Wrapped.databaseType }
    public static var _ponyIsOptional: Bool { true }
    public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
    public init?(databaseValue: DatabaseValue) {
        if case .null = databaseValue {
            self = .none
            return
        }
        guard let value = Wrapped(databaseValue: databaseValue) else { return nil }
        self = .some(value)
    }
    public func _ponyBind(to statement: StatementBinding, at index: Int32) {
        if let self { self._ponyBind(to: statement, at: index) } else { statement.bindNull(at: index) }
    }
    public static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Wrapped? {
        if column.isNull { return nil }
        return try Wrapped._ponyDecode(from: column)
    }
    public func _ponyCheckEncodable() throws {
        try self?._ponyCheckEncodable()
    }
}

/// Enums and other `RawRepresentable` types are stored as their raw value.
extension DatabaseValueConvertible where Self: RawRepresentable, RawValue: DatabaseValueConvertible {
    public static var databaseType: DatabaseType { RawValue.databaseType }
    public var databaseValue: DatabaseValue { rawValue.databaseValue }
    public init?(databaseValue: DatabaseValue) {
        guard let raw = RawValue(databaseValue: databaseValue) else { return nil }
        self.init(rawValue: raw)
    }
}

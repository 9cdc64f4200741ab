import CSQLite
import Foundation

/// A Swift type that converts to and from one SQLite column value.
///
/// Pony provides conformances for `Int`, `Int64`, `Int32`, `Int16`, `Int8`, `UInt8`, `UInt16`, `UInt32`,
/// `Double`, `Float`, `Bool`, `String`, `Data`, `Date`, `UUID` and `Optional` of each. String- or
/// integer-backed enums get a conformance for free:
///
/// ```swift
/// enum Status: String, AttributeValue {
///     case open, done
/// }
/// ```
///
/// Any other type conforms by converting through ``DatabaseValue``:
///
/// ```swift
/// struct Cents: AttributeValue {
///     var amount: Int64
///     static var databaseType: DatabaseType { .integer }
///     var databaseValue: DatabaseValue { .integer(amount) }
///     init?(databaseValue: DatabaseValue) {
///         guard case .integer(let amount) = databaseValue else { return nil }
///         self.amount = amount
///     }
/// }
/// ```
public protocol DatabaseValueConvertible: Sendable {
    /// The column type used for this type in `CREATE TABLE`.
    static var databaseType: DatabaseType { get }
    /// The value to store.
    var databaseValue: DatabaseValue { get }
    /// Creates a value from a stored one; `nil` when the stored value has no representation in this type.
    init?(databaseValue: DatabaseValue)

    /// Whether NULL is a valid value (only `Optional` says yes).
    static var _ponyIsOptional: Bool { get }
    /// Binds the value to a statement parameter. The default goes through `databaseValue`.
    func _ponyBind(to statement: StatementBinding, at index: Int32)
    /// Reads the value from a result column. The default goes through `init?(databaseValue:)`.
    static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Self
}

extension DatabaseValueConvertible {
    public static var _ponyIsOptional: Bool { false }

    public func _ponyBind(to statement: StatementBinding, at index: Int32) {
        statement.bind(databaseValue, at: index)
    }

    public static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Self {
        let stored = column.databaseValue
        if case .null = stored, !_ponyIsOptional { throw ColumnDecodingError(expected: Self.self, found: stored) }
        guard let value = Self(databaseValue: stored) else {
            throw ColumnDecodingError(expected: Self.self, found: stored)
        }
        return value
    }
}

/// A column value that does not fit the attribute's Swift type.
public struct ColumnDecodingError: Error, Sendable, CustomStringConvertible {
    public let expected: String
    public let found: DatabaseValue

    public init<T>(expected: T.Type, found: DatabaseValue) {
        self.expected = String(describing: T.self)
        self.found = found
    }

    public var description: String {
        "expected \(expected), found \(found.storageClass) \(found)"
    }
}

/// A statement whose parameters are being bound. Used by ``DatabaseValueConvertible`` fast paths.
public struct StatementBinding {
    @usableFromInline let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    /// Binds a ``DatabaseValue`` to the 1-based parameter `index`.
    public func bind(_ value: DatabaseValue, at index: Int32) {
        switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .integer(let value): sqlite3_bind_int64(handle, index, value)
        case .real(let value): sqlite3_bind_double(handle, index, value)
        case .text(let value): bind(text: value, at: index)
        case .blob(let value): bind(blob: value, at: index)
        }
    }

    public func bind(integer value: Int64, at index: Int32) { sqlite3_bind_int64(handle, index, value) }
    public func bind(real value: Double, at index: Int32) { sqlite3_bind_double(handle, index, value) }
    public func bindNull(at index: Int32) { sqlite3_bind_null(handle, index) }

    public func bind(text value: String, at index: Int32) {
        var value = value
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                if let start = characters.baseAddress {
                    _ = pony_bind_text(handle, index, start, Int32(characters.count))
                } else {
                    _ = pony_bind_text(handle, index, "", 0)
                }
            }
        }
    }

    public func bind(blob value: Data, at index: Int32) {
        value.withUnsafeBytes { bytes in
            _ = pony_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, Int32(bytes.count))
        }
    }
}

/// One column of the current result row. Used by ``DatabaseValueConvertible`` fast paths.
public struct ResultColumn {
    @usableFromInline let handle: OpaquePointer
    /// 0-based column index.
    public let index: Int32

    @usableFromInline
    init(_ handle: OpaquePointer, _ index: Int32) {
        self.handle = handle
        self.index = index
    }

    public var isNull: Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }
    public var integer: Int64 { sqlite3_column_int64(handle, index) }
    public var real: Double { sqlite3_column_double(handle, index) }

    public var text: String {
        guard let bytes = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    public var blob: Data {
        guard let bytes = sqlite3_column_blob(handle, index) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// The stored value, whatever its storage class.
    public var databaseValue: DatabaseValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(integer)
        case SQLITE_FLOAT: .real(real)
        case SQLITE_TEXT: .text(text)
        default: .blob(blob)
        }
    }

    /// Throws unless the column holds a value of the given storage class (numbers convert between each other).
    func requireNumeric<T>(_ type: T.Type) throws(ColumnDecodingError) {
        let storage = sqlite3_column_type(handle, index)
        if storage != SQLITE_INTEGER && storage != SQLITE_FLOAT {
            throw ColumnDecodingError(expected: T.self, found: databaseValue)
        }
    }
}

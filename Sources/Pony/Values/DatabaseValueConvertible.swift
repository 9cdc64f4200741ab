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
    /// How many statement parameters and result columns the value takes: one, but for a composite primary key.
    static var _ponyColumnCount: Int { get }
    /// Binds the value to a statement parameter. The default goes through `databaseValue`.
    func _ponyBind(to statement: StatementBinding, at index: Int32)
    /// Reads the value from a result column. The default goes through `init?(databaseValue:)`.
    static func _ponyDecode(from column: ResultColumn) throws(ColumnDecodingError) -> Self
    /// Throws when ``databaseValue`` cannot represent the value (a JSON attribute whose encoding fails), so an
    /// INSERT or UPDATE stops before it writes anything. The default does nothing.
    func _ponyCheckEncodable() throws
}

extension DatabaseValueConvertible {
    public static var _ponyIsOptional: Bool { false }

    public static var _ponyColumnCount: Int { 1 }

    @inlinable
    public func _ponyCheckEncodable() throws {}

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

import Foundation

/// The storage class of a result column's current value, as SQLite names them. Drivers for other databases
/// map their column types onto these (PostgreSQL's `boolean` reads as an integer, `timestamptz` as REAL seconds
/// since 1970, `uuid` as text), so every value type decodes the same way from every database.
@usableFromInline
package enum ColumnStorage: Sendable {
    case null, integer, real, text, blob
}

/// One value of the current row as a driver decoded it when it stepped: what ``ResultColumn`` reads without a
/// call into the driver per value (``StatementBackend/currentRow``).
@usableFromInline
package struct BackendCell {
    /// The value's storage class; `.null` for NULL.
    @usableFromInline package var storage: ColumnStorage
    /// The value, when `storage` is `.integer`.
    @usableFromInline package var integer: Int64
    /// The value, when `storage` is `.real`.
    @usableFromInline package var real: Double
    /// The value as text, UTF-8, when `storage` is `.text`: `length` bytes the driver keeps until the statement
    /// steps or resets. Nil otherwise (reading other values as text asks the driver).
    @usableFromInline package var text: UnsafePointer<UInt8>?
    @usableFromInline package var length: Int

    @inlinable package static var null: BackendCell { BackendCell(storage: .null) }

    @inlinable package init(storage: ColumnStorage, integer: Int64 = 0, real: Double = 0, text: UnsafePointer<UInt8>? = nil, length: Int = 0) {
        self.storage = storage
        self.integer = integer
        self.real = real
        self.text = text
        self.length = length
    }
}

/// A prepared statement of a driver other than SQLite: binds parameters, runs, and reads the current row.
///
/// SQLite, the built-in driver, is called directly on these hot paths (see ``Statement``); every other driver
/// implements this protocol. Used only by the session that holds the statement's connection.
@usableFromInline
package protocol StatementBackend: AnyObject {
    /// How many parameters (`?`) the statement takes.
    var parameterCount: Int { get }

    func bindNull(at index: Int32)
    func bind(integer value: Int64, at index: Int32)
    func bind(real value: Double, at index: Int32)
    func bind(text value: String, at index: Int32)
    func bind(blob value: Data, at index: Int32)
    func bind(bool value: Bool, at index: Int32)
    func bind(date value: Date, at index: Int32)

    /// Runs the statement on the first call, then advances to the next row; false when there is none.
    func step() throws(PonyError) -> Bool
    /// Forgets the bound parameters and the result, ready to run again.
    func reset()
    /// Rows the last run inserted, updated or deleted.
    var changedRowCount: Int { get }
    /// The bound parameters, for the SQL log when it shows values: `$1 = '42', $2 = NULL`.
    var parameterDescription: String { get }
    /// How many rows the last run returned, when the driver holds them all once it has stepped onto the first
    /// (PostgreSQL receives a whole result at once); nil when rows arrive one step at a time. A fetch sizes
    /// its array and identity map from it instead of growing them row by row.
    var bufferedRowCount: Int? { get }

    /// The current row, one cell per column, decoded when the statement stepped onto it; valid until the next
    /// step or reset. Nil when the driver leaves every read to the methods below. Reading a row through its cells
    /// costs no call into the driver per value; values a cell does not hold (blobs, NULL, text of a number)
    /// are still read through the methods, which must agree with the cells.
    var currentRow: UnsafeBufferPointer<BackendCell>? { get }

    var columnCount: Int32 { get }
    func columnName(_ column: Int32) -> String
    func storage(at column: Int32) -> ColumnStorage
    func integer(at column: Int32) -> Int64
    func real(at column: Int32) -> Double
    func text(at column: Int32) -> String
    func blob(at column: Int32) -> Data
}

extension StatementBackend {
    package var bufferedRowCount: Int? { nil }
}

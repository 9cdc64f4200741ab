import Foundation

/// One value exactly as an attribute binds it, kept to bind again later: the value an optimistic check
/// compares a column with. Bound through the same typed call it was captured from, so a `Bool` stays a
/// PostgreSQL `boolean` and a `Date` a `timestamptz`.
@usableFromInline
enum CapturedValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
    case bool(Bool)
    case date(Date)

    /// Captures `value` as its `_ponyBind` binds it, through `capture` (one per session, reused).
    static func of<T: DatabaseValueConvertible>(_ value: T, using capture: ValueCapture) -> CapturedValue {
        // Types stored as SQLite's own classes bind as their `databaseValue`: no trip through a binding.
        switch T.databaseType {
        case .integer, .real, .text, .blob: return CapturedValue(value.databaseValue)
        case .boolean, .timestamp, .uuid: break
        }
        capture.values.removeAll(keepingCapacity: true)
        value._ponyBind(to: StatementBinding(sqlite: nil, backend: capture), at: 1)
        return capture.values.first ?? .null
    }

    init(_ value: DatabaseValue) {
        switch value {
        case .null: self = .null
        case .integer(let value): self = .integer(value)
        case .real(let value): self = .real(value)
        case .text(let value): self = .text(value)
        case .blob(let value): self = .blob(value)
        }
    }

    @usableFromInline
    func bind(to binding: StatementBinding, at index: Int32) {
        switch self {
        case .null: binding.bindNull(at: index)
        case .integer(let value): binding.bind(integer: value, at: index)
        case .real(let value): binding.bind(real: value, at: index)
        case .text(let value): binding.bind(text: value, at: index)
        case .blob(let value): binding.bind(blob: value, at: index)
        case .bool(let value): binding.bind(bool: value, at: index)
        case .date(let value): binding.bind(date: value, at: index)
        }
    }

    /// Whether a column read back from the database holds this value (dates and doubles to the microsecond,
    /// the precision PostgreSQL keeps). Used to name the columns another transaction changed.
    func matches(_ stored: DatabaseValue) -> Bool {
        switch (self, stored) {
        case (.null, .null): true
        case (.integer(let value), .integer(let other)): value == other
        case (.integer(let value), .real(let other)): Double(value) == other
        case (.real(let value), .real(let other)): abs(value - other) < 1e-6
        case (.real(let value), .integer(let other)): abs(value - Double(other)) < 1e-6
        case (.text(let value), .text(let other)):
            // PostgreSQL writes a uuid in lower case; Swift's `uuidString` is upper case.
            value == other || (UUID(uuidString: value).map { $0 == UUID(uuidString: other) } ?? false)
        case (.blob(let value), .blob(let other)): value == other
        case (.bool(let value), .integer(let other)): (value ? 1 : 0) == other
        case (.date(let value), .real(let other)): abs(value.timeIntervalSince1970 - other) < 1e-6
        case (.date(let value), .integer(let other)): abs(value.timeIntervalSince1970 - Double(other)) < 1e-6
        default: false
        }
    }
}

/// The values an object's written columns had before their first assignment since the last flush: what its
/// UPDATE's optimistic check compares them with. Most changes assign one column, kept without an array; a value,
/// held in place in the session's dirty list (a class cost an allocation per changed object).
@usableFromInline
struct SeenValues {
    private var first: (column: Int, value: CapturedValue)?
    private var more: [(column: Int, value: CapturedValue)] = []

    init() {}

    mutating func append(column: Int, value: CapturedValue) {
        if first == nil { first = (column, value) } else { more.append((column, value)) }
    }

    /// The value seen in `column`, if the column was written.
    @usableFromInline
    subscript(column: Int) -> CapturedValue? {
        if let first, first.column == column { return first.value }
        return more.first { $0.column == column }?.value
    }
}

/// An object with unwritten changes, and what its written columns held before.
struct DirtyObject {
    let entity: any Entity
    var seen = SeenValues()
}

/// The column values of an entity as its UPDATE would bind them, by column number, with `replacing`'s values
/// in place of the current ones: what the session saw.
struct CapturedRow {
    let values: [CapturedValue]

    init<E: Entity>(_ entity: E, replacing replacements: UnsafePointer<SeenValues>?) throws {
        let capture = ValueCapture()
        let statement = Statement(backend: capture, sql: "", location: "")
        var writer = RowWriter(statement, replacing: replacements)
        try entity._ponyEncode(into: &writer)
        values = capture.values
    }

    /// The names of the `compared` columns whose stored value (`stored(column)`, nil when unknown) is not this
    /// row's: the columns another transaction changed.
    func changedColumns(_ compared: UInt64, of mapping: EntityMapping, stored: (Int) -> DatabaseValue?) -> [String] {
        mapping.valueColumns.indices.filter { column in
            guard compared & ColumnMask.bit(column) != 0, column < values.count, let value = stored(column) else { return false }
            return !values[column].matches(value)
        }.map { mapping.valueColumns[$0] }
    }
}

/// A statement backend that only records the values bound to it, by parameter: how values are captured.
final class ValueCapture: StatementBackend {
    var values: [CapturedValue] = []

    var parameterCount: Int { values.count }
    let changedRowCount = 0
    let columnCount: Int32 = 0
    var parameterDescription: String { "" }

    private func record(_ value: CapturedValue, at index: Int32) {
        let slot = Int(index) - 1
        if slot >= values.count { values.append(contentsOf: repeatElement(.null, count: slot - values.count + 1)) }
        values[slot] = value
    }

    func bindNull(at index: Int32) { record(.null, at: index) }
    func bind(integer value: Int64, at index: Int32) { record(.integer(value), at: index) }
    func bind(real value: Double, at index: Int32) { record(.real(value), at: index) }
    func bind(text value: String, at index: Int32) { record(.text(value), at: index) }
    func bind(blob value: Data, at index: Int32) { record(.blob(value), at: index) }
    func bind(bool value: Bool, at index: Int32) { record(.bool(value), at: index) }
    func bind(date value: Date, at index: Int32) { record(.date(value), at: index) }

    func step() throws(PonyError) -> Bool { false }
    var currentRow: UnsafeBufferPointer<BackendCell>? { nil }
    func reset() {}
    func columnName(_ column: Int32) -> String { "" }
    func storage(at column: Int32) -> ColumnStorage { .null }
    func integer(at column: Int32) -> Int64 { 0 }
    func real(at column: Int32) -> Double { 0 }
    func text(at column: Int32) -> String { "" }
    func blob(at column: Int32) -> Data { Data() }
}

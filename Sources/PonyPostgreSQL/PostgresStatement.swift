import CLibPQ
import Foundation
import Pony

/// A server-side prepared statement: PostgreSQL's ``StatementBackend``.
///
/// Prepared on its first run (`PQprepare`, named `pony_N`), then run with `PQexecPrepared` as often as the
/// session needs. Parameters go in text format with their type left to the server, which infers it from the
/// statement (`WHERE id = $1` takes the column's type, be it `bigint` or `uuid`); blobs go in binary as
/// `bytea`. Rows come back in text format, all at once, and are read in place from the `PGresult`.
/// Deinitializing it deallocates it on the server, at the connection's next chance.
///
/// Only the session holding its connection uses it, so its state skips Swift's dynamic exclusivity checks.
final class PostgresStatement: StatementBackend {
    private unowned let connection: PostgresConnection
    /// The SQL with `$n` parameters.
    let sql: String
    let parameterCount: Int
    private var name: String?
    @exclusivity(unchecked) private var values: [[UInt8]?]
    @exclusivity(unchecked) private var formats: [Int32]
    @exclusivity(unchecked) private var result: OpaquePointer?
    @exclusivity(unchecked) private var row: Int32 = -1
    @exclusivity(unchecked) private var rowCount: Int32 = 0
    /// Each column's type and storage class, worked out once per result instead of once per value. In memory
    /// of its own, like `cells`: the row loop reads it without retaining an array.
    @exclusivity(unchecked) private var columns = UnsafeMutableBufferPointer<ResultColumnType>(start: nil, count: 0)
    /// The current row, decoded when the statement steps onto it (``currentRow``): one cell per column.
    @exclusivity(unchecked) private var cells = UnsafeMutableBufferPointer<BackendCell>(start: nil, count: 0)
    private(set) var changedRowCount = 0
    /// A parameter the server cannot take, reported when the statement runs (binding cannot throw).
    private var invalidParameter: PonyError?

    init(connection: PostgresConnection, sql: String) {
        self.connection = connection
        let rewritten = PostgresPlaceholders(sql)
        self.sql = rewritten.sql
        parameterCount = rewritten.parameterCount
        values = Array(repeating: nil, count: parameterCount)
        formats = Array(repeating: 0, count: parameterCount)
    }

    deinit {
        columns.deallocate()
        cells.deallocate()
        if let result { PQclear(result) }
        if let name { connection.deallocateLater(name) }
    }

    // MARK: Parameters

    private func set(_ bytes: [UInt8]?, at index: Int32, format: Int32 = 0) {
        let slot = Int(index) - 1
        guard slot >= 0 && slot < parameterCount else { return }
        values[slot] = bytes
        formats[slot] = format
    }

    private func setText(_ text: String, at index: Int32) {
        var bytes = Array(text.utf8)
        bytes.append(0)
        set(bytes, at: index)
    }

    func bindNull(at index: Int32) { set(nil, at: index) }
    func bind(integer value: Int64, at index: Int32) { setText(String(value), at: index) }
    func bind(real value: Double, at index: Int32) { setText(PostgresValueText.double(value), at: index) }
    func bind(bool value: Bool, at index: Int32) { set(value ? [UInt8(ascii: "t"), 0] : [UInt8(ascii: "f"), 0], at: index) }
    func bind(date value: Date, at index: Int32) { setText(PostgresTimestamp.text(value), at: index) }
    func bind(blob value: Data, at index: Int32) { set([UInt8](value), at: index, format: 1) }

    /// PostgreSQL text cannot hold U+0000, and libpq's text format would cut the value there: such text makes
    /// the statement fail when it runs, rather than store a shortened value.
    func bind(text value: String, at index: Int32) {
        if value.utf8.contains(0) {
            invalidParameter = PonyError.server(
                sqlState: "22021", message: "parameter $\(index) is text containing U+0000, which PostgreSQL text cannot store",
                sql: sql)
        }
        setText(value, at: index)
    }

    /// `$1 = '42', $2 = NULL, $3 = <bytea, 12 bytes>`, as PostgreSQL's own log lists parameters.
    var parameterDescription: String {
        values.indices.map { slot in
            let name = "$\(slot + 1)"
            guard let bytes = values[slot] else { return "\(name) = NULL" }
            if formats[slot] == 1 { return "\(name) = <bytea, \(bytes.count) bytes>" }
            let text = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            return "\(name) = '\(text.replacingOccurrences(of: "'", with: "''"))'"
        }.joined(separator: ", ")
    }

    // MARK: Running

    func step() throws(PonyError) -> Bool {
        if let invalidParameter { throw invalidParameter }
        if result == nil { try run() }
        row += 1
        guard row < rowCount else { return false }
        decodeRow()
        return true
    }

    var bufferedRowCount: Int? { result != nil ? Int(rowCount) : nil }

    var currentRow: UnsafeBufferPointer<BackendCell>? {
        result != nil && row >= 0 && row < rowCount ? UnsafeBufferPointer(cells) : nil
    }

    /// Decodes every column of the current row into its cell: numbers parsed, text located in the result.
    private func decodeRow() {
        let (result, row, columns, cells) = (result, row, columns, cells)
        for column in columns.indices {
            let index = Int32(truncatingIfNeeded: column)
            // In the text format a NULL reads as "": only an empty value needs the call that tells them apart.
            guard let text = PQgetvalue(result, row, index), text.pointee != 0 || PQgetisnull(result, row, index) == 0
            else {
                cells[column] = .null
                continue
            }
            let type = columns[column]
            cells[column] = switch type.storage {
            case .integer: BackendCell(storage: .integer, integer: Self.integerValue(text, type: type.oid))
            case .real: BackendCell(storage: .real, real: realValue(text, type: type.oid, column: index))
            case .text:
                BackendCell(
                    storage: .text, text: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self),
                    length: Int(PQgetlength(result, row, index)))
            case .blob, .null: BackendCell(storage: type.storage)
            }
        }
    }

    private func run() throws(PonyError) {
        let name = try preparedName()
        let result = PostgresParameters(values: values, formats: formats).withUnsafeParameters { count, _, pointers, lengths, formats in
            PQexecPrepared(connection.handle, name, count, pointers, lengths, formats, 0)
        }
        let checked = try connection.checked(result, sql: sql)
        self.result = checked
        rowCount = PQntuples(checked)
        row = -1
        changedRowCount = Int(strtol(PQcmdTuples(checked), nil, 10))
        let count = Int(PQnfields(checked))
        if columns.count != count || columns.indices.contains(where: { PQftype(checked, Int32($0)) != columns[$0].oid }) {
            columns.deallocate()
            cells.deallocate()
            columns = .allocate(capacity: count)
            for column in 0..<count {
                let oid = PQftype(checked, Int32(column))
                columns.initializeElement(at: column, to: ResultColumnType(oid: oid, storage: PostgresType.storage(of: oid)))
            }
            cells = .allocate(capacity: count)
            cells.initialize(repeating: .null)
        }
    }

    /// The server-side name, preparing the statement on first use (blob parameters declared `bytea`).
    private func preparedName() throws(PonyError) -> String {
        if let name { return name }
        let name = connection.nextStatementName()
        let types = formats.map { $0 == 1 ? PostgresType.bytea : 0 }
        let prepared = types.withUnsafeBufferPointer { types in
            PQprepare(connection.handle, name, sql, Int32(parameterCount), types.baseAddress)
        }
        PQclear(try connection.checked(prepared, sql: sql))
        self.name = name
        return name
    }

    func reset() {
        if let result { PQclear(result) }
        result = nil
        row = -1
        rowCount = 0
        invalidParameter = nil
        for index in values.indices { values[index] = nil }
    }

    // MARK: Columns

    var columnCount: Int32 {
        if let result { return PQnfields(result) }
        return 0
    }

    func columnName(_ column: Int32) -> String {
        guard let result else { return "" }
        return String(cString: PQfname(result, column))
    }

    /// The type of a column of the current result.
    private func columnType(_ column: Int32) -> ResultColumnType {
        precondition(column >= 0 && Int(column) < columns.count, "column \(column) is out of range: the result has \(columns.count)")
        return columns[Int(column)]
    }

    func storage(at column: Int32) -> ColumnStorage {
        if PQgetisnull(result, row, column) == 1 { return .null }
        return columnType(column).storage
    }

    func integer(at column: Int32) -> Int64 {
        let text = PQgetvalue(result, row, column)!
        let type = columnType(column)
        switch type.storage {
        case .integer: return Self.integerValue(text, type: type.oid)
        case .real: return Int64(exactly: real(at: column).rounded(.towardZero)) ?? 0
        default: return strtoll(text, nil, 10)
        }
    }

    /// The value of a column of integer storage: a number, or a boolean as 1 or 0.
    private static func integerValue(_ text: UnsafePointer<CChar>, type: Oid) -> Int64 {
        if type == PostgresType.bool { return text.pointee == CChar(UInt8(ascii: "t")) ? 1 : 0 }
        return strtoll(text, nil, 10)
    }

    func real(at column: Int32) -> Double {
        realValue(PQgetvalue(result, row, column)!, type: columnType(column).oid, column: column)
    }

    /// The value of a column read as a number: timestamps as seconds since 1970, booleans as 1 or 0.
    private func realValue(_ text: UnsafePointer<CChar>, type: Oid, column: Int32) -> Double {
        switch type {
        case PostgresType.timestamptz, PostgresType.timestamp:
            return PostgresTimestamp.seconds(text, length: Int(PQgetlength(result, row, column))) ?? .nan
        case PostgresType.bool:
            return text.pointee == CChar(UInt8(ascii: "t")) ? 1 : 0
        default:
            return PostgresValueText.double(text)
        }
    }

    func text(at column: Int32) -> String {
        guard let text = PQgetvalue(result, row, column) else { return "" }
        let length = Int(PQgetlength(result, row, column))
        return text.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    func blob(at column: Int32) -> Data {
        guard let text = PQgetvalue(result, row, column) else { return Data() }
        guard columnType(column).oid == PostgresType.bytea else {
            return Data(bytes: text, count: Int(PQgetlength(result, row, column)))
        }
        var length = 0
        guard let bytes = PQunescapeBytea(UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), &length) else {
            return Data()
        }
        defer { PQfreemem(bytes) }
        return Data(bytes: bytes, count: length)
    }
}

/// A result column's PostgreSQL type and the storage class its values read as.
private struct ResultColumnType {
    let oid: Oid
    let storage: ColumnStorage
}

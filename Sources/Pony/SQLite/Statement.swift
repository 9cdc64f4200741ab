import CSQLite

/// A prepared SQLite statement. Used only by the session that holds its connection.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    unowned let connection: Connection
    /// Set while a caller is binding or stepping, so a nested use of the same SQL prepares a fresh statement.
    var isInUse = false

    init(connection: Connection, sql: String) throws(PonyError) {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw connection.error(code: code, sql: sql)
        }
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    var binding: StatementBinding { StatementBinding(handle) }

    func column(_ index: Int32) -> ResultColumn { ResultColumn(handle, index) }

    var columnCount: Int32 { sqlite3_column_count(handle) }

    func columnName(_ index: Int32) -> String { String(cString: sqlite3_column_name(handle, index)) }

    /// Binds positional arguments, checking their count against the statement's parameters.
    func bind(_ arguments: [DatabaseValue]) throws(PonyError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard arguments.count == expected else {
            throw PonyError.sqlite(
                code: SQLITE_RANGE,
                message: "the statement has \(expected) parameter(s) but \(arguments.count) argument(s) were given",
                sql: sql)
        }
        for (offset, value) in arguments.enumerated() {
            binding.bind(value, at: Int32(offset + 1))
        }
    }

    /// Advances to the next row; returns false when the statement is done.
    func step() throws(PonyError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws(PonyError) {
        while try step() {}
    }

    func reset() {
        sqlite3_reset(handle)
    }

    /// Runs `body` with the statement marked in use (so a nested use of the same SQL prepares its own
    /// statement), then resets it for the next caller.
    func exclusively<T>(_ body: (Statement) throws -> T) throws -> T {
        isInUse = true
        defer {
            reset()
            isInUse = false
        }
        return try body(self)
    }
}

import CSQLite
import Foundation

/// Positional arguments of a statement; `nil` binds NULL. Each binds through its type's `_ponyBind`, so a
/// `Date` binds as a timestamp and a `Bool` as a boolean on databases that have those types.
typealias SQLArguments = [(any DatabaseValueConvertible)?]

/// A prepared statement, used only by the session that holds its connection.
///
/// SQLite statements are called directly (`sqlite`), every other driver's through its ``StatementBackend``
/// (`backend`): exactly one of the two is set. Binding a parameter or reading a column is the innermost loop of
/// every fetch and insert; a direct SQLite call there costs one predictable branch, where an existential call
/// would cost a witness-table dispatch per value.
@usableFromInline
package final class Statement {
    let sqlite: OpaquePointer?
    let backend: (any StatementBackend)?
    let sql: String
    /// The connection's location, for messages.
    private let location: String
    // Unchecked exclusivity for the stored variables: a statement belongs to one connection, used by one thread at
    // a time; the dynamic checks cost more than these flags on every statement run.

    /// Set while a caller is binding or stepping, so a nested use of the same SQL prepares a fresh statement.
    @exclusivity(unchecked) var isInUse = false
    /// The database's SQL log; the connection that prepares the statement sets it.
    @exclusivity(unchecked) var sqlLog = SQLLogSwitch.off
    /// While the log is on: the time spent in the driver and the rows read since the statement started.
    @exclusivity(unchecked) private var logged = LoggedProgress()
    /// Another driver's current row, as it decoded it (``StatementBackend/currentRow``): taken once per row, so
    /// reading its columns calls into the driver only for what the cells do not hold.
    @exclusivity(unchecked) private(set) var cells: UnsafeBufferPointer<BackendCell>?

    init(sqlite: OpaquePointer, sql: String, location: String) {
        self.sqlite = sqlite
        backend = nil
        self.sql = sql
        self.location = location
    }

    /// A statement of a driver other than SQLite.
    package init(backend: any StatementBackend, sql: String, location: String) {
        sqlite = nil
        self.backend = backend
        self.sql = sql
        self.location = location
    }

    deinit {
        if let sqlite { sqlite3_finalize(sqlite) }
    }

    var binding: StatementBinding { StatementBinding(sqlite: sqlite, backend: backend) }

    func column(_ index: Int32) -> ResultColumn {
        if let sqlite { return ResultColumn(sqlite: sqlite, index: index) }
        return ResultColumn(statement: Unmanaged.passUnretained(self), cells: cells, index: index)
    }

    var columnCount: Int32 {
        if let backend { return backend.columnCount }
        return sqlite3_column_count(sqlite)
    }

    func columnName(_ index: Int32) -> String {
        if let backend { return backend.columnName(index) }
        return String(cString: sqlite3_column_name(sqlite, index))
    }

    private var parameterCount: Int {
        if let backend { return backend.parameterCount }
        return Int(sqlite3_bind_parameter_count(sqlite))
    }

    /// Binds positional arguments (`nil` binds NULL), checking their count against the statement's parameters.
    func bind(_ arguments: SQLArguments) throws(PonyError) {
        let expected = parameterCount
        guard arguments.count == expected else {
            let message = "the statement has \(expected) parameter(s) but \(arguments.count) argument(s) were given"
            // SQLite's code for a parameter out of range; SQL's SQLSTATE for a wrong parameter count.
            if backend == nil { throw PonyError.sqlite(code: SQLITE_RANGE, message: message, sql: sql) }
            throw PonyError.server(sqlState: "07001", message: message, sql: sql)
        }
        let binding = binding
        for (offset, argument) in arguments.enumerated() {
            if let argument {
                argument._ponyBind(to: binding, at: Int32(offset + 1))
            } else {
                binding.bindNull(at: Int32(offset + 1))
            }
        }
    }

    /// Advances to the next row (running the statement on the first call); returns false when it is done.
    @inline(__always)
    func step() throws(PonyError) -> Bool {
        if sqlLog.isOn { return try loggedStep() }
        return try driverStep()
    }

    private func driverStep() throws(PonyError) -> Bool {
        guard let sqlite else {
            // `backend!` borrows the stored reference; `backend.unsafelyUnwrapped` returned a copy, which cost a
            // retain and a release of the backend on every row (callgrind: 18.18 M -> 18.00 M instructions
            // fetching 5,000 PostgreSQL rows). Never nil here: a statement has either `sqlite` or `backend`.
            let hasRow = try backend!.step()
            cells = hasRow ? backend!.currentRow : nil
            return hasRow
        }
        let code = sqlite3_step(sqlite)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteConnection.error(code: code, connection: sqlite3_db_handle(sqlite), sql: sql, path: location)
            sqlite3_reset(sqlite)
            throw error
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws(PonyError) {
        while try step() {}
    }

    /// Runs an INSERT made by ``SQLDialect/insertReturningKey(_:quotedKey:)`` and returns the generated key.
    func runReturningGeneratedKey() throws(PonyError) -> Int64 {
        if let backend {
            guard try step() else {
                throw PonyError.decoding("`\(sql)` returned no generated key")
            }
            return backend.integer(at: 0)
        }
        try run()
        return sqlite3_last_insert_rowid(sqlite3_db_handle(sqlite))
    }

    /// How many rows the run returned, once the first step has run, when the driver has them all (PostgreSQL);
    /// nil for SQLite, whose rows arrive one step at a time.
    var bufferedRowCount: Int? { backend?.bufferedRowCount }

    /// Rows the last run inserted, updated or deleted.
    var changedRowCount: Int {
        if let backend { return backend.changedRowCount }
        return Int(sqlite3_changes(sqlite3_db_handle(sqlite)))
    }

    func reset() {
        if logged.isActive { finishLog(error: nil) }
        if let sqlite { sqlite3_reset(sqlite) } else {
            cells = nil
            backend!.reset()
        }
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

    // MARK: SQL log

    struct LoggedProgress {
        var isActive = false
        var elapsed = Duration.zero
        var rows = 0
    }

    private func loggedStep() throws(PonyError) -> Bool {
        logged.isActive = true
        let start = ContinuousClock.now
        do {
            let hasRow = try driverStep()
            logged.elapsed += ContinuousClock.now - start
            if hasRow { logged.rows += 1 } else { finishLog(error: nil) }
            return hasRow
        } catch {
            logged.elapsed += ContinuousClock.now - start
            finishLog(error: error)
            throw error
        }
    }

    /// Logs the statement that just finished (or was abandoned, or failed) and starts counting afresh.
    private func finishLog(error: PonyError?) {
        var run = SQLRun(sql: sql, duration: logged.elapsed, error: error)
        if error == nil {
            if columnCount > 0 { run.rows = logged.rows } else { run.changed = changedRowCount }
        }
        logged = LoggedProgress()
        sqlLog.record(run, values: sqlWithValues)
    }

    /// The statement with its bound values, as its database shows them.
    private func sqlWithValues() -> String? {
        if let backend { return backend.parameterCount == 0 ? sql : "\(sql) -- \(backend.parameterDescription)" }
        guard let expanded = sqlite3_expanded_sql(sqlite) else { return nil }
        defer { sqlite3_free(expanded) }
        return String(cString: expanded)
    }
}

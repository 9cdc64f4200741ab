/// One open connection of a database, whatever its driver, with its prepared statements: a bounded LRU
/// cache (``StatementCache``) for SQL the ORM or the app runs, and each mapped entity's own statements.
///
/// A ``ConnectionPool`` lends it to one session at a time, so nothing here is synchronized (hence
/// `@unchecked Sendable`: only the borrowing session touches it), except ``interrupt()``.
final class Connection: @unchecked Sendable {
    let backend: any ConnectionBackend
    let dialect: any SQLDialect
    private var statements: StatementCache<Statement>
    /// Each mapped entity's insert, update and fetch-by-key statements, by the mapping's index. Read on every
    /// insert, update and fetch by key, by the one session holding the connection: no exclusivity checks.
    @exclusivity(unchecked) private var entityStatements: [EntityStatements?] = []

    /// The database's SQL log, handed to every statement prepared here.
    let sqlLog: SQLLogSwitch

    init(backend: any ConnectionBackend, dialect: any SQLDialect, statementCacheSize: Int, sqlLog: SQLLogSwitch = .off) {
        self.backend = backend
        self.dialect = dialect
        self.sqlLog = sqlLog
        statements = StatementCache(capacity: statementCacheSize)
    }

    /// The SQLite path or server the connection goes to, for messages.
    var location: String { backend.location }

    /// Finalizes the prepared statements and closes the connection.
    func close() {
        entityStatements.removeAll()
        _ = statements.removeAll()
        backend.close()
    }

    /// Runs SQL without arguments or results (BEGIN, COMMIT, CREATE TABLE).
    func execute(_ sql: String) throws(PonyError) {
        guard sqlLog.isOn else { return try backend.execute(sql) }
        let start = ContinuousClock.now
        do {
            try backend.execute(sql)
            sqlLog.record(SQLRun(sql: sql, duration: ContinuousClock.now - start), values: { nil })
        } catch {
            sqlLog.record(SQLRun(sql: sql, duration: ContinuousClock.now - start, error: error), values: { nil })
            throw error
        }
    }

    /// A new prepared statement that logs to this connection's SQL log.
    /// A statement that cannot be prepared (a syntax error, a missing column) is logged with its error.
    private func prepare(_ sql: String) throws(PonyError) -> Statement {
        let start = sqlLog.isOn ? ContinuousClock.now : nil
        do {
            let statement = try backend.prepare(sql)
            statement.sqlLog = sqlLog
            return statement
        } catch {
            if let start { sqlLog.record(SQLRun(sql: sql, duration: ContinuousClock.now - start, error: error), values: { nil }) }
            throw error
        }
    }

    /// A prepared statement for `sql`, reused across calls unless `cached` is false (a one-off statement is
    /// finalized when its caller lets go of it). When the cached one is in use by an enclosing caller (a nested
    /// insert of the same entity type), a fresh one is prepared instead. An evicted statement is finalized once
    /// no caller holds it.
    func statement(_ sql: String, cached: Bool = true) throws(PonyError) -> Statement {
        guard cached else { return try prepare(sql) }
        if let cached = statements[sql] {
            if !cached.isInUse { return cached }
            return try prepare(sql)
        }
        let statement = try prepare(sql)
        statements.insert(statement, for: sql)
        return statement
    }

    /// The entity's statement for `slot`, prepared on first use, or a fresh one while that one is busy.
    @inline(__always)
    func statement(_ slot: EntityStatements.Slot, of mapping: EntityMapping) throws(PonyError) -> Statement {
        let index = mapping.index
        if index < entityStatements.count, let statements = entityStatements[index], let statement = statements[slot],
           !statement.isInUse {
            return statement
        }
        return try prepareStatement(slot, of: mapping)
    }

    /// Runs `body` with the entity's statement for `slot` marked in use (``Statement/exclusively(_:)``). The kept
    /// statement is lent without a retain and release (two atomic operations on every fetch by key): this
    /// connection keeps it until ``close()``, which nothing `body` runs can reach while the session holds the
    /// connection.
    @inline(__always)
    func withStatement<R>(
        _ slot: EntityStatements.Slot, of mapping: EntityMapping, _ body: (Statement) throws -> R
    ) throws -> R {
        if let kept = idleStatement(slot, at: mapping.index) {
            return try kept._withUnsafeGuaranteedRef { try $0.exclusively(body) }
        }
        return try prepareStatement(slot, of: mapping).exclusively(body)
    }

    /// The kept statement for `slot` of the entity at `index` unless it is in use, not retained. A function of
    /// its own so that the reference to the entity's statements ends here: held in the caller's scope, it was
    /// retained across the whole statement run.
    @inline(__always)
    private func idleStatement(_ slot: EntityStatements.Slot, at index: Int) -> Unmanaged<Statement>? {
        guard index < entityStatements.count, let kept = entityStatements[index]?.unretained(slot),
              !kept._withUnsafeGuaranteedRef(\.isInUse)
        else { return nil }
        return kept
    }

    /// The entity's UPDATE or DELETE of `shape`, kept per shape (up to a limit), or a fresh one while the kept
    /// one is busy.
    func statement(_ shape: CheckedWriteShape, of mapping: EntityMapping) throws(PonyError) -> Statement {
        let statements = entityStatements(for: mapping.index)
        if let statement = statements.statement(for: shape), !statement.isInUse { return statement }
        let sql = shape.isDelete
            ? mapping.deleteSQL(checking: shape.checked)
            : mapping.updateSQL(setting: shape.written, checking: shape.checked)
        let statement = try prepare(sql)
        statements.keep(statement, for: shape)
        return statement
    }

    private func prepareStatement(_ slot: EntityStatements.Slot, of mapping: EntityMapping) throws(PonyError) -> Statement {
        let statements = entityStatements(for: mapping.index)
        if statements[slot] != nil {
            // The kept one is in use by an enclosing caller (a nested insert of the same entity type).
            return try prepare(mapping.sql(for: slot))
        }
        let statement = try prepare(mapping.sql(for: slot))
        statements[slot] = statement
        return statement
    }

    @inline(__always)
    private func entityStatements(for index: Int) -> EntityStatements {
        if index < entityStatements.count, let statements = entityStatements[index] { return statements }
        return addEntityStatements(for: index)
    }

    private func addEntityStatements(for index: Int) -> EntityStatements {
        if index >= entityStatements.count {
            entityStatements.append(contentsOf: repeatElement(nil, count: index - entityStatements.count + 1))
        }
        let statements = EntityStatements()
        entityStatements[index] = statements
        return statements
    }

    /// How many statements the cache holds now.
    var cachedStatementCount: Int { statements.count }

    /// How many prepared statements exist on this connection now: cached, in use, and the entities' own.
    var openStatementCount: Int { backend.openStatementCount }

    var isInTransaction: Bool { backend.isInTransaction }

    var isBroken: Bool { backend.isBroken }

    /// Makes the statement running on this connection fail. Safe from any thread.
    func interrupt() {
        backend.interrupt()
    }
}

import PonyLocks

/// A database — SQLite, or PostgreSQL with `PonyPostgreSQL` — and the entities mapped to it. PonyORM's `Database`.
///
/// ```swift
/// let db = Database()
/// try db.bind(.sqlite(path: "app.sqlite", create: true))
/// try db.generateMapping([Person.self], createTables: true)
///
/// try db.session {                                  // Pony: `with db_session:`
///     let ann = Person(name: "Ann", age: 31)        // inserted when the session commits
///     ann.age += 1                                  // changes are flushed at commit
/// }
/// let dto = try await db.session { try Person[1].snapshot() }   // async code: the bridge
/// ```
///
/// A database owns its connections: one for SQLite, a pool for PostgreSQL. A session — on any thread, or on
/// the async bridge — takes a connection on its first statement and holds it, inside one transaction, until
/// it ends. A session that cannot get one within the busy timeout fails with ``PonyError/busy(_:)`` rather
/// than waiting forever. SQLite file databases open in WAL mode.
///
/// `Database` is `Sendable`: share one instance across your program.
public final class Database: Sendable {
    struct Binding {
        let driver: any DatabaseDriver
        let pool: ConnectionPool
        /// The SQLite path or PostgreSQL URL (without password), for messages.
        var location: String { driver.location }
    }

    struct State {
        var binding: Binding?
        var mappedEntities: [ObjectIdentifier: EntityMapping] = [:]
        var executor: DatabaseExecutor?
    }

    let state = LockedValue(State())
    /// The SQL log, shared with every connection (see ``sqlLog``).
    let sqlLogSwitch = SQLLogSwitch(SQLLog.fromEnvironment)

    /// Creates an unbound database; call ``bind(_:)-(DatabaseProvider)`` next.
    public init() {}

    deinit {
        let (executor, binding) = state.withLock { state in (state.executor, state.binding) }
        executor?.shutdown()
        let mappings = state.withLock { Array($0.mappedEntities.values) }
        for mapping in mappings { mapping.detachFromDescriptor() }
        _ = binding?.pool.close()
    }

    /// Opens the database: the first connection is opened now, so a wrong path, URL or password fails here.
    /// A database is bound once; binding again throws.
    ///
    /// ```swift
    /// try db.bind(.sqlite(path: "app.sqlite", create: true))
    /// ```
    public func bind(_ provider: DatabaseProvider) throws {
        try bind(driver: provider.driver)
    }

    func bind(driver: any DatabaseDriver) throws {
        try state.withLock { (state: inout State) throws(PonyError) in
            if let binding = state.binding {
                throw PonyError.configuration("this Database is already bound to '\(binding.location)'; create another Database for another file or server")
            }
            let first = try ConnectionPool.open(driver, sqlLog: sqlLogSwitch)
            state.binding = Binding(driver: driver, pool: ConnectionPool(driver: driver, first: first))
        }
    }

    /// The bound location, for messages: `app.sqlite`, `:memory:`, a URL, or `an unbound Database`.
    var displayPath: String {
        state.withLock { $0.binding?.location } ?? "an unbound Database"
    }

    /// The SQL dialect of the bound database.
    var dialect: (any SQLDialect)? {
        state.withLock { $0.binding?.driver.dialect }
    }

    func requireBinding() throws(PonyError) -> Binding {
        guard let binding = state.withLock({ $0.binding }) else {
            throw PonyError.configuration("the Database is not bound; call db.bind(.sqlite(path: …)) first")
        }
        return binding
    }

    /// Lends a connection to the calling thread's session, waiting at most the busy timeout.
    func acquireConnection() throws -> Connection {
        try requireBinding().pool.acquire()
    }

    func releaseConnection(_ connection: Connection) {
        state.withLock { $0.binding }?.pool.release(connection)
    }

    /// Closes the connections, stops the async bridge's threads and unmaps the entities, so they can be mapped
    /// to another database. Waits for running sessions to end (up to the busy timeout). Pony: `db.disconnect()`.
    public func disconnect() throws {
        let binding = try requireBinding()
        if binding.pool.isHeldByCurrentThread {
            throw PonyError.sessionMisuse("disconnect() was called inside a session that uses this database; end the session first")
        }
        guard binding.pool.close() else {
            throw PonyError.busy("cannot disconnect '\(binding.location)': a session still holds a connection")
        }
        let (executor, mappings) = state.withLock { state in
            let result = (state.executor, Array(state.mappedEntities.values))
            state.executor = nil
            state.binding = nil
            state.mappedEntities.removeAll()
            return result
        }
        executor?.shutdown()
        for mapping in mappings { mapping.detachFromDescriptor() }
    }
}

extension Database {
    /// Runs `body` in a session and commits when it returns; rolls back and rethrows when it throws.
    /// Pony: `with db_session:`.
    ///
    /// ```swift
    /// let count = try db.session {
    ///     _ = Person(name: "Ann", age: 31)
    ///     return try Person.count()          // pending changes are flushed before queries
    /// }
    /// ```
    ///
    /// Sessions nest: inside another session this only counts depth and the outermost one commits. The
    /// session is the calling thread's and joins every database used inside it; at the end it flushes every
    /// database first (so a constraint error anywhere rolls back everything), then commits them one by one —
    /// SQLite cannot commit two files atomically.
    ///
    /// In `async` code call the async overload, `try await db.session { … }`: in an async function this
    /// synchronous form does not even compile without `await` ("expression is 'async' but is not marked with
    /// 'await'"), because the async overload wins. Entering this one from a task through a synchronous
    /// helper blocks a cooperative thread (PONY003).
    ///
    /// `retry: n` runs `body` again, up to `n` more times, when the session fails with a retryable error
    /// (``PonyError/isRetryable``: busy, a serialization failure or deadlock), each time from the start with a
    /// new transaction and an empty identity map — so `body` must not do anything outside the database that
    /// cannot happen twice. Other errors are rethrown at once. Only the outermost session retries: a nested one
    /// runs once and its retryable error reaches the outermost.
    ///
    /// ```swift
    /// try db.session(retry: 3) { try Counter[1].value += 1 }
    /// ```
    ///
    /// Updates and deletes run optimistic checks (PonyORM's): each compares the columns the session read or
    /// assigned with the values it saw, and throws ``PonyError/optimisticCheckFailed(entity:id:changedColumns:rowDeleted:)``
    /// when another transaction changed them meanwhile. `optimistic: false` turns them off for this session
    /// (the last writer wins, but only the assigned columns are written).
    ///
    /// `file` and `line` name the call in runtime-check messages; leave them to their defaults.
    @discardableResult
    public func session<T>(
        retry: Int = 0, optimistic: Bool = true, file: StaticString = #fileID, line: UInt = #line, _ body: () throws -> T
    ) throws -> T {
        let binding = try requireBinding()
        return try _DBSessionScope.run(
            "a synchronous `session { … }` at \(file):\(line) on '\(binding.location)'", site: "\(file):\(line)", retry: retry,
            optimistic: optimistic, body)
    }

    /// Opens a session you end yourself: `commit()` saves and ends it, `rollback()` discards and ends it,
    /// `close()` ends it and discards anything not committed. A manual session never commits on its own.
    ///
    /// ```swift
    /// let session = try db.openSession()
    /// defer { session.close() }            // every exit path ends the session (PONY006)
    /// _ = Tag(name: "swift")
    /// try session.commit()
    /// ```
    ///
    /// `optimistic: false` turns off the session's optimistic checks (see ``session(retry:optimistic:file:line:_:)``).
    /// `file` and `line` name the call in runtime-check messages; leave them to their defaults.
    public func openSession(optimistic: Bool = true, file: StaticString = #fileID, line: UInt = #line) throws -> ManualSession {
        let binding = try requireBinding()
        let context = SessionContext.enter("`openSession()` at \(file):\(line) on '\(binding.location)'", site: "\(file):\(line)")
        if context.depth == 1 { context.isOptimistic = optimistic }
        return ManualSession(context: context, level: context.depth)
    }

    /// Writes the pending changes of the current session to this database now (inserts and updates),
    /// without committing. Useful to surface constraint errors at a chosen point. Pony: `flush()`.
    public func flush() throws {
        guard let context = SessionContext.current else {
            throw PonyError.sessionRequired(operation: "flush()")
        }
        try context.cache(for: self).flush()
    }
}

import Synchronization

/// A SQLite database and the entities mapped to it. PonyORM's `Database`.
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
/// A database owns one SQLite connection. Sessions — on any thread, and the async bridge — take turns with
/// it: a session takes the connection on its first statement and holds it, inside one transaction, until
/// it ends. A session that cannot get the connection within the busy timeout fails with
/// ``PonyError/busy(_:)`` rather than waiting forever. File databases open in WAL mode.
///
/// `Database` is `Sendable`: share one instance across your program.
public final class Database: Sendable {
    struct Binding {
        let connection: Connection
        let path: String
        let busyTimeout: Duration
    }

    struct State {
        var binding: Binding?
        var mappedEntities: [ObjectIdentifier: EntityMapping] = [:]
        var executor: DatabaseExecutor?
    }

    let state = Mutex(State())
    let connectionLock = ConnectionLock()

    /// Creates an unbound database; call ``bind(_:)-(DatabaseProvider)`` next.
    public init() {}

    deinit {
        let (executor, binding, mappings) = state.withLock { state in
            (state.executor, state.binding, Array(state.mappedEntities.values))
        }
        executor?.shutdown()
        for mapping in mappings {
            mapping.statements.reset()
            mapping.detachFromDescriptor()
        }
        binding?.connection.close()
    }

    /// Opens the SQLite database. A database is bound once; binding again throws.
    ///
    /// Connections enforce foreign keys; file databases use WAL journaling and a 5-second busy timeout
    /// (use ``bind(_:)-(DatabaseSettings)`` to change them).
    public func bind(_ provider: DatabaseProvider) throws {
        try bind(
            path: provider.path, create: provider.create, busyTimeout: .seconds(5), walMode: true,
            statementCacheSize: DatabaseSettings.defaultStatementCacheSize)
    }

    func bind(path: String, create: Bool, busyTimeout: Duration, walMode: Bool, statementCacheSize: Int) throws {
        try state.withLock { (state: inout State) throws(PonyError) in
            if let binding = state.binding {
                throw PonyError.configuration("this Database is already bound to '\(binding.path)'; create another Database for another file")
            }
            let connection = try Connection(
                path: path, create: create, busyTimeout: busyTimeout, walMode: walMode, statementCacheSize: statementCacheSize)
            state.binding = Binding(connection: connection, path: path, busyTimeout: busyTimeout)
        }
    }

    /// The bound path, for messages: `app.sqlite`, `:memory:`, or `unbound`.
    var displayPath: String {
        state.withLock { $0.binding?.path } ?? "an unbound Database"
    }

    func requireBinding() throws(PonyError) -> Binding {
        guard let binding = state.withLock({ $0.binding }) else {
            throw PonyError.configuration("the Database is not bound; call db.bind(.sqlite(path: …)) first")
        }
        return binding
    }

    /// Takes the connection for the calling thread's session, waiting at most the busy timeout.
    func acquireConnection() throws -> Connection {
        let binding = try requireBinding()
        guard connectionLock.acquire(timeout: binding.busyTimeout) else {
            throw PonyError.busy(
                "no connection to '\(binding.path)' within the busy timeout (\(binding.busyTimeout)): another session "
                    + "holds it. Keep sessions short; two threads that each hold one database and wait for the other's deadlock")
        }
        return binding.connection
    }

    func releaseConnection() {
        connectionLock.release()
    }

    /// Closes the connection, stops the async bridge's thread and unmaps the entities, so they can be mapped
    /// to another database. Waits for a running session to end (up to the busy timeout). Pony: `db.disconnect()`.
    public func disconnect() throws {
        let binding = try requireBinding()
        if connectionLock.isHeldByCurrentThread {
            throw PonyError.sessionMisuse("disconnect() was called inside a session that uses this database; end the session first")
        }
        guard connectionLock.acquire(timeout: binding.busyTimeout) else {
            throw PonyError.busy("cannot disconnect '\(binding.path)': a session still holds the connection")
        }
        defer { connectionLock.release() }
        let (executor, mappings) = state.withLock { state in
            let result = (state.executor, Array(state.mappedEntities.values))
            state.executor = nil
            state.binding = nil
            state.mappedEntities.removeAll()
            return result
        }
        executor?.shutdown()
        for mapping in mappings {
            mapping.statements.reset()
            mapping.detachFromDescriptor()
        }
        binding.connection.close()
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
    @discardableResult
    public func session<T>(_ body: () throws -> T) throws -> T {
        let binding = try requireBinding()
        return try _DBSessionScope.run("a synchronous `session { … }` on '\(binding.path)'", body)
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
    public func openSession() throws -> ManualSession {
        let binding = try requireBinding()
        let context = SessionContext.enter("`openSession()` on '\(binding.path)'")
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

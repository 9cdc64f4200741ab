/// Runs the whole body of a synchronous, throwing function in a database session. PonyORM's `@db_session`.
///
/// ```swift
/// @DBSession
/// func renameAll(to name: String) throws {
///     for person in try Person.select().fetch() {
///         person.name = name
///     }
/// }
/// ```
///
/// Like PonyORM's, the session is ambient — every database used inside joins it — and nests: called inside
/// another session it only counts depth. On an `async` function it is a compile-time error (PONY001):
/// a session must never stay open across an `await`. Use `try await db.session { … }` there.
@attached(body)
public macro DBSession() = #externalMacro(module: "PonyMacros", type: "DBSessionMacro")

/// The session `@DBSession` and `db.session { … }` open. Not for direct use.
public enum _DBSessionScope {
    /// Runs `body` in the calling thread's session: commits at the outermost level when it returns, rolls
    /// back when it throws.
    ///
    /// - Parameter entry: How the session was opened, for runtime-check messages.
    public static func run<T>(_ entry: String = "a synchronous session", _ body: () throws -> T) throws -> T {
        try run(entry, cancellation: nil, body)
    }

    /// ``run(_:_:)`` for a session the async bridge runs on behalf of a task that may be cancelled.
    static func run<T>(_ entry: String, cancellation: CancellationFlag?, _ body: () throws -> T) throws -> T {
        let context = SessionContext.enter(entry)
        if let cancellation { context.cancellation = cancellation }
        let result: T
        do {
            result = try body()
        } catch {
            try? context.exit(commit: false)
            throw error
        }
        try context.exit(commit: true)
        return result
    }
}

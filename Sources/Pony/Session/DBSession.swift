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
///
/// `retry: n` runs the body again, up to `n` more times, when the session fails with a retryable error
/// (``PonyError/isRetryable``), as PonyORM's `@db_session(retry=n)` does:
///
/// ```swift
/// @DBSession(retry: 3)
/// func addVisit(to pageID: Int64) throws {
///     try Page[pageID].visits += 1
/// }
/// ```
///
/// `optimistic: false` turns off the optimistic checks of the session's updates and deletes.
@attached(body)
public macro DBSession(retry: Int = 0, optimistic: Bool = true) = #externalMacro(module: "PonyMacros", type: "DBSessionMacro")

/// The session `@DBSession` and `db.session { … }` open. Not for direct use.
public enum _DBSessionScope {
    /// Runs `body` in the calling thread's session: commits at the outermost level when it returns, rolls
    /// back when it throws.
    ///
    /// - Parameters:
    ///   - entry: How the session was opened, for runtime-check messages.
    ///   - site: The user's line it names (`App/Jobs.swift:12`), for the `site` metadata of runtime-check reports.
    ///   - retry: How many more times to run `body` when the session fails with a retryable error.
    ///   - optimistic: Whether updates and deletes check that rows still hold what the session saw.
    public static func run<T>(
        _ entry: String = "a synchronous session", site: String? = nil, retry: Int = 0, optimistic: Bool = true,
        _ body: () throws -> T
    ) throws -> T {
        try run(entry, site: site, retry: retry, optimistic: optimistic, cancellation: nil, body)
    }

    /// ``run(_:retry:_:)`` for a session the async bridge runs on behalf of a task that may be cancelled.
    ///
    /// With `retry` above 0, an outermost session that fails with a retryable error (``PonyError/isRetryable``)
    /// is rolled back and `body` runs again from the start, in a new transaction with an empty identity map,
    /// at most `retry` more times; the last error is rethrown. Any other error is rethrown at once, and so is
    /// every error once the task is cancelled. A nested session joins the outermost one and cannot run again
    /// by itself (PonyORM's rule): its `retry` and `optimistic` are ignored, and its retryable error reaches the outermost
    /// session, which retries if it was asked to.
    static func run<T>(
        _ entry: String, site: String?, retry: Int, optimistic: Bool, cancellation: CancellationFlag?, _ body: () throws -> T
    ) throws -> T {
        guard retry >= 0 else {
            throw PonyError.configuration("retry: \(retry) for \(entry): the number of retries must be 0 or more")
        }
        guard retry > 0, ThreadSessionSlot.current == nil else {
            return try runOnce(entry, site: site, optimistic: optimistic, cancellation: cancellation, body)
        }
        var retries = 0
        while true {
            do {
                return try runOnce(entry, site: site, optimistic: optimistic, cancellation: cancellation, body)
            } catch {
                let retryable = (error as? PonyError)?.isRetryable == true && cancellation?.isCancelled != true
                guard retryable && retries < retry else { throw error }
                retries += 1
            }
        }
    }

    private static func runOnce<T>(
        _ entry: String, site: String?, optimistic: Bool, cancellation: CancellationFlag?, _ body: () throws -> T
    ) throws -> T {
        let context = SessionContext.enter(entry, site: site)
        if context.depth == 1 { context.isOptimistic = optimistic }
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

extension Database {
    /// Runs `body` in a session on the database's own thread and returns its result to the awaiting task:
    /// the async bridge. Commits when `body` returns, rolls back and rethrows when it throws.
    ///
    /// ```swift
    /// func rename(id: Int64, to name: String) async throws -> Person.Snapshot {
    ///     try await db.session {
    ///         let person = try Person[id]
    ///         person.name = name
    ///         return try person.snapshot()
    ///     }
    /// }
    /// ```
    ///
    /// - `body` is synchronous, so nothing inside the session can suspend (PONY002); do async work before
    ///   or after.
    /// - It runs on one of the database's bridge threads, off Swift's cooperative pool, so waiting for a
    ///   connection never blocks a cooperative thread (PONY003). On SQLite bridged sessions run one at a time
    ///   (their writes never see SQLITE_BUSY from each other); on PostgreSQL up to the pool size run in
    ///   parallel, each with its own connection. When that many wait already, this throws ``PonyError/busy(_:)``.
    /// - The result must be `Sendable`: return snapshots or values, not entities (PONY004).
    /// - If the task is cancelled before `body` runs, it never runs; if during, the running statement is
    ///   interrupted, the session rolls back, and this throws `CancellationError`.
    ///
    /// - `retry: n` runs `body` again on the bridge thread, up to `n` more times, when the session fails with a
    ///   retryable error (``PonyError/isRetryable``), as the synchronous form does.
    /// - `optimistic: false` turns off the session's optimistic checks, as in the synchronous form.
    ///
    /// `file` and `line` name the call in runtime-check messages; leave them to their defaults.
    @discardableResult
    public func session<T: Sendable>(
        retry: Int = 0, optimistic: Bool = true, file: StaticString = #fileID, line: UInt = #line,
        _ body: @Sendable () throws -> T
    ) async throws -> T {
        _ = try requireBinding()
        let executor = bridgeExecutor()
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withoutActuallyEscaping(body) { body in
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                    let job = BridgedSession(
                        body: body, site: "\(file):\(line)", retry: retry, optimistic: optimistic, cancellation: flag,
                        continuation: continuation)
                    switch executor.enqueue(job) {
                    case .queued: break
                    case .shutDown: job.fail(PonyError.configuration("the Database was disconnected"))
                    case .full:
                        job.fail(PonyError.busy(
                            "\(executor.queueLimit) bridged sessions of '\(displayPath)' are waiting already; "
                                + "the database cannot keep up: shed load, or use a larger pool"))
                    }
                }
            }
        } onCancel: {
            flag.cancel()
        }
    }

    /// The database's bridge threads, started on first use: one per connection the database may open.
    private func bridgeExecutor() -> DatabaseExecutor {
        state.withLock { state in
            if let executor = state.executor { return executor }
            let driver = state.binding?.driver
            let executor = DatabaseExecutor(
                name: DatabaseExecutor.threadName, threads: driver?.maxConnections ?? 1,
                queueLimit: driver?.bridgeQueueLimit ?? DatabaseSettings.defaultBridgeQueueLimit)
            state.executor = executor
            return executor
        }
    }
}

/// One `try await db.session { … }`: runs the body in a session on the bridge thread and resumes the task.
private final class BridgedSession<T: Sendable>: BridgeJob, @unchecked Sendable {
    private var body: (@Sendable () throws -> T)?
    /// Where the session was called, `App/Routes.swift:42`, for runtime-check messages.
    private let site: String
    private let retry: Int
    private let optimistic: Bool
    private let cancellation: CancellationFlag
    private let continuation: CheckedContinuation<T, any Error>

    init(
        body: @escaping @Sendable () throws -> T, site: String, retry: Int, optimistic: Bool, cancellation: CancellationFlag,
        continuation: CheckedContinuation<T, any Error>
    ) {
        self.body = body
        self.site = site
        self.retry = retry
        self.optimistic = optimistic
        self.cancellation = cancellation
        self.continuation = continuation
    }

    func run() {
        // The body is released before the task resumes: the caller passed it without escaping.
        let result = runSession()
        continuation.resume(with: result)
    }

    func fail(_ error: any Error) {
        body = nil
        continuation.resume(throwing: error)
    }

    private func runSession() -> Result<T, any Error> {
        guard let body = body.take() else {
            return .failure(PonyError.sessionMisuse("a bridged session ran twice"))
        }
        if cancellation.isCancelled { return .failure(CancellationError()) }
        do {
            return .success(try _DBSessionScope.run(
                "the async bridge's `session { … }` at \(site)", site: site, retry: retry, optimistic: optimistic,
                cancellation: cancellation, body))
        } catch {
            return .failure(cancellation.isCancelled ? CancellationError() : error)
        }
    }
}

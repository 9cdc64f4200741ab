/// A session opened with ``Database/openSession()`` that you end yourself.
///
/// ```swift
/// let session = try db.openSession()
/// defer { session.close() }       // ends the session on every path; rolls back unless committed
/// let tag = Tag(name: "swift")
/// try session.commit()            // flushes, commits and ends the session
/// ```
///
/// Rules of the handle:
/// - It belongs to the thread that opened it, like every session.
/// - ``commit()`` and ``rollback()`` end the session; ``close()`` after them does nothing, so
///   `defer { session.close() }` is always safe.
/// - Inside another session it is one more nesting level: ``commit()`` and ``close()`` leave the level and
///   the outermost session decides, as in PonyORM; ``rollback()`` rolls back the whole session's transaction
///   at once, as PonyORM's `rollback()` does.
/// - If the last reference goes away while it is still open, it is rolled back and ended: a manual
///   session never commits by itself (PONY006).
public final class ManualSession {
    private let context: SessionContext
    private let level: Int
    /// Whether the session is still open.
    public private(set) var isOpen = true

    init(context: SessionContext, level: Int) {
        self.context = context
        self.level = level
    }

    deinit {
        if isOpen && context.depth >= level {
            CheckFailure.fail(
                .pony006,
                "the manual session of \(context.entry) was deinitialized while still open; it is rolled back",
                site: context.site)
        }
        if isOpen { close() }
    }

    /// Flushes and commits the session's changes to every database it used, then ends the session. Inside an
    /// outer session, flushes and leaves this level; the outer session commits.
    ///
    /// `file` and `line` name the call in runtime-check messages; leave them to their defaults.
    public func commit(file: StaticString = #fileID, line: UInt = #line) throws {
        context.checkOwnership("commit() of a manual session at \(file):\(line)", site: "\(file):\(line)")
        try requireOpen("commit()")
        isOpen = false
        if level == 1 {
            try context.unwind(toLevel: level, commit: true)
        } else {
            for cache in context.caches { try cache.flush() }
            try context.unwind(toLevel: level, commit: false)
        }
    }

    /// Rolls back every change since the session's transaction began, then ends the session (or leaves
    /// this level of an outer session, whose later work starts a fresh transaction).
    public func rollback(file: StaticString = #fileID, line: UInt = #line) {
        context.checkOwnership("rollback() of a manual session at \(file):\(line)", site: "\(file):\(line)")
        guard isOpen else { return }
        isOpen = false
        guard context.depth >= level else { return }
        if level > 1 {
            context.rollbackAll()
            context.resetCaches()
        }
        try? context.unwind(toLevel: level, commit: false)
    }

    /// Ends the session, rolling back anything not committed. Does nothing after ``commit()`` or ``rollback()``.
    public func close(file: StaticString = #fileID, line: UInt = #line) {
        context.checkOwnership("close() of a manual session at \(file):\(line)", site: "\(file):\(line)")
        guard isOpen else { return }
        isOpen = false
        guard context.depth >= level else { return }
        try? context.unwind(toLevel: level, commit: false)
    }

    private func requireOpen(_ operation: String) throws {
        guard isOpen else {
            throw PonyError.sessionMisuse("\(operation) on a manual session that has already ended")
        }
        guard context.depth >= level else {
            throw PonyError.sessionMisuse("\(operation) on a manual session whose outer session has already ended")
        }
    }
}

@available(*, unavailable, message: "a session belongs to the thread that opened it")
extension ManualSession: Sendable {}

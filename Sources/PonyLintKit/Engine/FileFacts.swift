/// What the walk of one file learns for the others: the entities it declares and what its functions do.
struct FileFacts: Codable, Sendable {
    var entities: [String] = []
    var functions: [FunctionFact] = []
}

/// One function declaration, as far as sessions are concerned.
struct FunctionFact: Codable, Sendable {
    let signature: FunctionSignature
    let isAsync: Bool
    /// The actor it is isolated to. A task calling a main-actor function hops there, off the pool; an actor's
    /// method runs in a task, so its own session calls are reported where they stand.
    let isolation: ActorIsolation
    /// `@DBSession` (or a configured equivalent) is attached.
    let hasSessionAttribute: Bool
    /// How the body itself enters a synchronous session, if it does: `db.session`, `db.openSession()`.
    let directSession: String?
    /// Calls the body makes on its own thread (not in spawned work or nested functions).
    let calls: [CallSignature]

    /// Whether the function is synchronous and enters a session itself.
    var opensSessionDirectly: Bool {
        !isAsync && (hasSessionAttribute || directSession != nil)
    }
}

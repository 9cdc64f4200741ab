#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the running task is isolated to the main actor — where PONY003 allows synchronous sessions.
///
/// The main actor is a serial executor of its own, not a thread of Swift's cooperative pool: a synchronous
/// session there blocks main-actor work only, as a main-thread read does in a UI app. Top-level code with an
/// `await`, `@MainActor` functions and an `async` `@main` entry point all run there.
///
/// Where it runs is a question for the Swift runtime, not for the thread: on Linux, once top-level code
/// awaits, the main queue is drained by a dispatch worker thread, so "is this the main thread?" answers no
/// for main-actor code. The runtime's own executor check answers it on every platform:
/// `swift_task_isCurrentExecutorWithFlags` (Swift 6.2 runtimes) with no flags never calls `checkIsolated`
/// and so never crashes; `swift_task_isCurrentExecutor` is the older entry point.
enum MainActorIsolation {
    /// `bool swift_task_isCurrentExecutorWithFlags(SerialExecutorRef, uint64_t)`: the executor reference is
    /// two words (identity, implementation), passed in registers as two integers in both the Swift and the C
    /// calling conventions.
    private typealias IsCurrentWithFlags = @convention(c) (UInt, UInt, UInt64) -> Bool
    private typealias IsCurrent = @convention(c) (UInt, UInt) -> Bool

    private enum Entry {
        case withFlags(IsCurrentWithFlags)
        case plain(IsCurrent)
        case none
    }

    private static let entry: Entry = {
        guard let handle = dlopen(nil, RTLD_NOW) else { return .none }
        if let symbol = dlsym(handle, "swift_task_isCurrentExecutorWithFlags") {
            return .withFlags(unsafeBitCast(symbol, to: IsCurrentWithFlags.self))
        }
        if let symbol = dlsym(handle, "swift_task_isCurrentExecutor") {
            return .plain(unsafeBitCast(symbol, to: IsCurrent.self))
        }
        return .none
    }()

    /// True when the current task runs on the main actor. Call it only inside a task: outside one, the
    /// runtime's answer depends on the thread, and nothing here needs it.
    static var isCurrent: Bool {
        let executor = unsafeBitCast(MainActor.shared.unownedExecutor, to: (UInt, UInt).self)
        switch entry {
        case .withFlags(let isCurrent): return isCurrent(executor.0, executor.1, 0)
        case .plain(let isCurrent): return isCurrent(executor.0, executor.1)
        case .none: return false
        }
    }
}

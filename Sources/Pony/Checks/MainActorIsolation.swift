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
/// Where it runs is a question for the Swift runtime, not for the thread, on Linux: once top-level code awaits,
/// the main queue is drained by a dispatch worker thread, so "is this the main thread?" answers no for
/// main-actor code. There the runtime's executor check answers it: `swift_task_isCurrentExecutorWithFlags`
/// (Swift 6.2 runtimes, the package's minimum) with no flags never calls `checkIsolated`, so it never crashes.
/// The older `swift_task_isCurrentExecutor` is not used: in Swift 6 mode it may call `checkIsolated` and trap.
/// On Apple platforms the main actor always runs on the main thread, which `pthread_main_np` tells exactly.
enum MainActorIsolation {
    #if !canImport(Darwin)
    /// `bool swift_task_isCurrentExecutorWithFlags(SerialExecutorRef, uint64_t)`: the executor reference is
    /// two words (identity, implementation), passed in registers as two integers in both the Swift and the C
    /// calling conventions.
    private typealias IsCurrentWithFlags = @convention(c) (UInt, UInt, UInt64) -> Bool

    private static let isCurrentExecutor: IsCurrentWithFlags? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "swift_task_isCurrentExecutorWithFlags") else {
            return nil
        }
        return unsafeBitCast(symbol, to: IsCurrentWithFlags.self)
    }()
    #endif

    /// True when the current task runs on the main actor; false when it cannot be told (a runtime without
    /// the executor check), so PONY003 is reported rather than missed. Call it only inside a task.
    static var isCurrent: Bool {
        #if canImport(Darwin)
        return pthread_main_np() != 0
        #else
        guard let isCurrentExecutor else { return false }
        let executor = unsafeBitCast(MainActor.shared.unownedExecutor, to: (UInt, UInt).self)
        return isCurrentExecutor(executor.0, executor.1, 0)
        #endif
    }
}

import Foundation
import PonyLocks
import Synchronization

/// PONY002's eyes on the scheduler: which tasks hold an open session, and a hook on Swift's global enqueue
/// that notices when one of them is scheduled again — because it suspended (`await Task.yield()`,
/// `Task.sleep`, a continuation resumed, a hop back from an actor) while its session was open.
///
/// A thread-local check cannot see this (the task has already left the thread), so sessions opened on a
/// task are registered by task pointer, and the hook compares each enqueued job with the registry. It sits in
/// three process-wide slots — the global executor's enqueue, its enqueue with a deadline (where `Task.sleep`
/// puts the sleeping task), and the main executor's, where a task on the main actor is scheduled again — chains to whatever hook each held before, and is removed when checks are turned
/// off. While no task holds a session the hook costs one atomic load per enqueue.
///
/// Not observable: an `await` after which the runtime never enqueues the task — a hop to an idle actor that it
/// switches to inline, or a `Task.yield()` whose wake-up resumes the task before it finished suspending (the
/// wake-up job itself does not pass through this hook). Rules/PONY002.md gives the measured rates.
enum SuspensionHook {
    private typealias Original = @convention(thin) (UnownedJob) -> Void
    private typealias Hook = @convention(thin) (UnownedJob, Original) -> Void
    /// `Task.sleep` enqueues the sleeping task itself with a deadline (`swift_task_enqueueGlobalWithDeadline`),
    /// and the timer runs it directly: the plain enqueue hook never sees that task again.
    private typealias DeadlineOriginal = @convention(thin) (Int64, Int64, Int64, Int64, Int32, UnownedJob) -> Void
    private typealias DeadlineHook = @convention(thin) (Int64, Int64, Int64, Int64, Int32, UnownedJob, DeadlineOriginal) -> Void

    /// A session opened on a task: the task, the thread the session lives on, and how messages name it.
    private struct Holder: Sendable {
        let task: UInt
        let thread: UInt
        let description: String
        /// The user's line that opened the session, for reports' `site` metadata.
        let site: String?
        /// Set once the session's incident has been reported, so it is reported once.
        var isReported = false
    }

    /// Sessions opened on tasks, by task and by thread (a thread has at most one session).
    private struct Registry: Sendable {
        var byTask: [UInt: Holder] = [:]
        var byThread: [UInt: Holder] = [:]
    }

    private static let registry = LockedValue(Registry())
    private static let registeredCount = Atomic(0)
    private static let installation = LockedValue<Bool>(false)
    /// The hooks that were installed before ours. Atomics: our hook reads them on whatever thread enqueues a job,
    /// and the runtime reads the slot that leads there in code that orders nothing with the write made while
    /// installing (ThreadSanitizer reported the plain statics these were); an installation after checks were
    /// turned off and on also writes them while an earlier hook may still be running.
    private static let previousGlobal = PreviousHook<Hook>()
    private static let previousMain = PreviousHook<Hook>()
    private static let previousDeadline = PreviousHook<DeadlineHook>()

    /// The runtime's hook slots, found the way swift-concurrency-extras does. Both hooks have the same
    /// shape: `void (*)(Job *, void (*original)(Job *))`.
    nonisolated(unsafe) private static let globalSlot = slot(named: "swift_task_enqueueGlobal_hook")
    nonisolated(unsafe) private static let mainSlot = slot(named: "swift_task_enqueueMainExecutor_hook")
    nonisolated(unsafe) private static let deadlineSlot = slot(named: "swift_task_enqueueGlobalWithDeadline_hook", as: DeadlineHook?.self)

    private static func slot<Slot>(named name: String, as type: Slot.Type = Hook?.self) -> UnsafeMutablePointer<Slot>? {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { return nil }
        return symbol.assumingMemoryBound(to: Slot.self)
    }

    /// Records that `task` holds an open session on the calling thread; installs the hook on first use.
    static func register(task: UnsafeRawPointer, session description: String, site: String?) {
        install()
        let holder = Holder(task: UInt(bitPattern: task), thread: currentThread, description: description, site: site)
        registry.withLock { registry in
            registry.byTask[holder.task] = holder
            registry.byThread[holder.thread] = holder
        }
        registeredCount.add(1, ordering: .releasing)
    }

    static func unregister(task: UnsafeRawPointer) {
        let removed = registry.withLock { registry in
            guard let holder = registry.byTask.removeValue(forKey: UInt(bitPattern: task)) else { return false }
            if registry.byThread[holder.thread]?.task == holder.task { registry.byThread[holder.thread] = nil }
            return true
        }
        if removed { registeredCount.subtract(1, ordering: .releasing) }
    }

    private static var currentThread: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }

    private static func install() {
        installation.withLock { installed in
            guard !installed else { return }
            if let globalSlot {
                previousGlobal.store(globalSlot.pointee)
                globalSlot.pointee = { job, original in
                    SuspensionHook.enqueued(job)
                    if let previous = SuspensionHook.previousGlobal.load() { previous(job, original) } else { original(job) }
                }
            }
            if let mainSlot {
                previousMain.store(mainSlot.pointee)
                mainSlot.pointee = { job, original in
                    SuspensionHook.enqueued(job)
                    if let previous = SuspensionHook.previousMain.load() { previous(job, original) } else { original(job) }
                }
            }
            if let deadlineSlot {
                previousDeadline.store(deadlineSlot.pointee)
                deadlineSlot.pointee = { seconds, nanoseconds, toleranceSeconds, toleranceNanoseconds, clock, job, original in
                    SuspensionHook.enqueued(job)
                    if let previous = SuspensionHook.previousDeadline.load() {
                        previous(seconds, nanoseconds, toleranceSeconds, toleranceNanoseconds, clock, job, original)
                    } else {
                        original(seconds, nanoseconds, toleranceSeconds, toleranceNanoseconds, clock, job)
                    }
                }
            }
            installed = true
        }
    }

    /// Restores the hooks that were installed before ours.
    static func uninstall() {
        installation.withLock { installed in
            guard installed else { return }
            globalSlot?.pointee = previousGlobal.load()
            mainSlot?.pointee = previousMain.load()
            deadlineSlot?.pointee = previousDeadline.load()
            installed = false
        }
    }

    /// Two ways a task shows it suspended inside its session: the task itself is scheduled again (it is
    /// resuming), or a job is scheduled from the session's thread while another task runs there (the owner is
    /// still suspended — perhaps for good, waiting on something that needs the database). Each way is reported
    /// once per session, so report mode logs an incident, not every job that follows it.
    private static func enqueued(_ job: UnownedJob) {
        guard registeredCount.load(ordering: .acquiring) > 0 else { return }
        let pointer = UInt(bitPattern: unsafeBitCast(job, to: UnsafeRawPointer.self))
        let thread = currentThread
        let (rescheduled, onThread) = registry.withLock { registry in
            (registry.byTask[pointer].flatMap { $0.isReported ? nil : $0 }, registry.byThread[thread])
        }
        if let holder = rescheduled, markReported(holder) {
            CheckFailure.fail(
                .pony002,
                "task 0x\(String(holder.task, radix: 16)) was scheduled again while \(holder.description) was still open: it suspended inside the session",
                site: holder.site)
            return
        }
        guard let holder = onThread else { return }
        let running = ExecutionContext.currentTask.map { UInt(bitPattern: $0) }
        guard running != holder.task, markReported(holder) else { return }
        CheckFailure.fail(
            .pony002,
            "task 0x\(String(holder.task, radix: 16)) left its thread while \(holder.description) was still open there: it suspended inside the session"
                + (running.map { " and task 0x\(String($0, radix: 16)) now runs on that thread" } ?? ""),
            site: holder.site)
    }

    /// Marks the holder's incident reported; false when another enqueue already reported it.
    private static func markReported(_ holder: Holder) -> Bool {
        registry.withLock { registry in
            guard let current = registry.byTask[holder.task], !current.isReported else { return false }
            registry.byTask[holder.task]?.isReported = true
            if registry.byThread[holder.thread]?.task == holder.task { registry.byThread[holder.thread] = nil }
            return true
        }
    }
}

import Foundation
import Synchronization

/// PONY002's eyes on the scheduler: which tasks hold an open session, and a hook on Swift's global enqueue
/// that notices when one of them is scheduled again — because it suspended (`await Task.yield()`,
/// `Task.sleep`, a continuation resumed, a hop back from an actor) while its session was open.
///
/// A thread-local check cannot see this (the task has already left the thread), so sessions opened on a
/// task are registered by task pointer, and the hook compares each enqueued job with the registry. The hook
/// is one process-wide slot: it chains to whatever hook was installed before, and is removed when checks
/// are turned off. While no task holds a session the hook costs one atomic load per enqueue.
///
/// Not observable: a suspension the runtime never enqueues — e.g. a hop to an idle actor that the runtime
/// switches to inline and back without going through the global executor.
enum SuspensionHook {
    private typealias Original = @convention(thin) (UnownedJob) -> Void
    private typealias Hook = @convention(thin) (UnownedJob, Original) -> Void

    /// Tasks holding an open session, with how the session is described in messages.
    private static let registry = Mutex<[UInt: String]>([:])
    private static let registeredCount = Atomic(0)
    private static let installation = Mutex<Bool>(false)
    /// The hook that was installed before ours; written only while installing, before ours is in place.
    nonisolated(unsafe) private static var previous: Hook?

    /// The runtime's hook slot, found the way swift-concurrency-extras does.
    nonisolated(unsafe) private static let slot: UnsafeMutablePointer<Hook?>? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "swift_task_enqueueGlobal_hook") else {
            return nil
        }
        return symbol.assumingMemoryBound(to: Hook?.self)
    }()

    /// Records that `task` holds an open session; installs the hook on first use.
    static func register(task: UnsafeRawPointer, session description: String) {
        install()
        registry.withLock { $0[UInt(bitPattern: task)] = description }
        registeredCount.add(1, ordering: .releasing)
    }

    static func unregister(task: UnsafeRawPointer) {
        let removed = registry.withLock { $0.removeValue(forKey: UInt(bitPattern: task)) != nil }
        if removed { registeredCount.subtract(1, ordering: .releasing) }
    }

    private static func install() {
        installation.withLock { installed in
            guard !installed, let slot else { return }
            previous = slot.pointee
            slot.pointee = { job, original in
                SuspensionHook.enqueued(job)
                if let previous = SuspensionHook.previous {
                    previous(job, original)
                } else {
                    original(job)
                }
            }
            installed = true
        }
    }

    /// Restores the hook that was installed before ours.
    static func uninstall() {
        installation.withLock { installed in
            guard installed, let slot else { return }
            slot.pointee = previous
            installed = false
        }
    }

    private static func enqueued(_ job: UnownedJob) {
        guard registeredCount.load(ordering: .acquiring) > 0 else { return }
        let pointer = unsafeBitCast(job, to: UnsafeRawPointer.self)
        guard let description = registry.withLock({ $0[UInt(bitPattern: pointer)] }) else { return }
        CheckFailure.fail(
            .pony002,
            "\(ExecutionContext.describe(task: pointer)) was scheduled again while \(description) was still open: it suspended inside the session")
    }
}

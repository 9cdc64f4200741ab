import Foundation
import Synchronization

/// Runs `body` while every other thread of Swift's cooperative pool spins, so a `Task.yield()` in `body` really
/// suspends: its wake-up job finds no idle thread to run on until the task has left its own.
///
/// Without this, a yield's wake-up often resumes the task before it has finished suspending — the task then
/// keeps its thread and no check can see the `await` (Rules/PONY002.md, "Not observable").
func withOtherWorkersBusy<T>(_ body: () async throws -> T) async rethrows -> T {
    let workers = max(ProcessInfo.processInfo.activeProcessorCount - 1, 0)
    let spinning = SpinControl()
    let spinners = (0..<workers).map { _ in
        Task.detached {
            spinning.started.add(1, ordering: .relaxed)
            while !spinning.stop.load(ordering: .relaxed) {}
        }
    }
    while spinning.started.load(ordering: .relaxed) < workers {}
    defer {
        spinning.stop.store(true, ordering: .relaxed)
        _ = spinners
    }
    return try await body()
}

private final class SpinControl: Sendable {
    let started = Atomic(0)
    let stop = Atomic(false)
}

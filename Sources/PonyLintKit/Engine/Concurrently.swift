import Dispatch
import Foundation
import PonyLocks

/// Runs two independent pieces of work: `second` on a thread of its own when `parallel` is true (else after
/// `first`), `first` on this thread; returns both results once both are done.
///
/// `second` gets a new thread rather than one of Dispatch's: `first` may spread its own work over Dispatch's
/// threads (``Swift/Array/parallelMap(jobs:_:)``), and a `concurrentPerform` nested in another runs on fewer.
///
/// ```swift
/// let (files, cached) = concurrently(jobs > 1, { collector.collect(targets) }, { cache.load(identity: identity) })
/// ```
func concurrently<First, Second: Sendable>(
    _ parallel: Bool, _ first: () -> First, _ second: @escaping @Sendable () -> Second
) -> (First, Second) {
    guard parallel else { return (first(), second()) }
    let secondResult = LockedValue<Second?>(nil)
    let done = DispatchSemaphore(value: 0)
    Thread {
        let value = second()
        secondResult.withLock { $0 = value }
        done.signal()
    }.start()
    let firstResult = first()
    done.wait()
    return (firstResult, secondResult.withLock { $0! })
}

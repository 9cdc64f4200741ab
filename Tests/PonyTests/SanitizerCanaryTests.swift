import Dispatch
import Foundation
import Testing

/// Bugs planted on purpose, run only by `scripts/sanitize`, which expects the sanitizer to report them: proof that
/// the build it is about to trust is instrumented, so "zero reports" cannot come from a build that checks nothing.
///
/// `PONY_SANITIZER_CANARY=thread` runs the data race, `=address` the out-of-bounds read (which ends the process).
@Suite("Sanitizer canaries (scripts/sanitize only)")
struct SanitizerCanaryTests {
    private static let canary = ProcessInfo.processInfo.environment["PONY_SANITIZER_CANARY"]

    private final class Unguarded: @unchecked Sendable {
        var count = 0
    }

    /// Two threads, both started before either is waited for, write without synchronization: a race whether or not
    /// their writes overlap in time. (`concurrentPerform` ran both iterations on one thread on a loaded machine, and
    /// then there was no race to report.)
    @Test(.enabled(if: canary == "thread")) func aDataRaceIsReported() {
        let shared = Unguarded()
        let finished = DispatchGroup()
        for _ in 0..<2 {
            finished.enter()
            Thread {
                for _ in 0..<10_000 { shared.count += 1 }
                finished.leave()
            }.start()
        }
        finished.wait()
        #expect(shared.count > 0)
    }

    @Test(.enabled(if: canary == "address")) func aReadPastTheEndOfAnAllocationIsReported() {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 8)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: 7, count: 8)
        let pastTheEnd = buffer.advanced(by: 8).pointee
        #expect(pastTheEnd >= 0)
    }
}

import Dispatch
import PonyLocks
import Testing

@Suite("LockedValue: a lock the thread sanitizer sees")
struct LockedValueTests {
    @Test func concurrentIncrementsAreNotLost() {
        let total = LockedValue(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { total.withLock { $0 += 1 } }
        }
        #expect(total.withLock { $0 } == 80_000)
    }

    @Test func anErrorFromTheBodyLeavesTheLockUsable() {
        struct Refused: Error, Equatable {}
        let value = LockedValue([1, 2])
        #expect(throws: Refused()) {
            try value.withLock { (numbers: inout [Int]) throws(Refused) in
                numbers.append(3)
                throw Refused()
            }
        }
        #expect(value.withLock { $0 } == [1, 2, 3])
    }
}

import Dispatch
import PonyLocks
import Synchronization

extension Array where Element: Sendable {
    /// Maps the elements on up to `jobs` threads, keeping their order.
    func parallelMap<Result: Sendable>(jobs: Int, _ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1, jobs > 1 else { return map(transform) }
        let next = Atomic(0)
        let results = LockedValue([Result?](repeating: nil, count: count))
        let elements = self
        DispatchQueue.concurrentPerform(iterations: Swift.min(jobs, count)) { _ in
            var local: [(Int, Result)] = []
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < elements.count else { break }
                local.append((index, transform(elements[index])))
            }
            results.withLock { results in
                for (index, result) in local { results[index] = result }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}

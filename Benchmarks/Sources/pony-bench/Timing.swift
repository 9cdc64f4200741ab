import Foundation

/// The wall times of repeated runs of one piece of work, in seconds.
struct Timing: Codable, Sendable {
    let seconds: [Double]

    var min: Double { seconds.min() ?? .nan }
    var median: Double { Self.median(seconds) }

    /// The middle value (the mean of the two middle ones for an even count); NaN for none.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Runs `body` `rounds` times, after `prepare` each time (not timed).
    static func measure(
        rounds: Int, prepare: () throws -> Void = {}, _ body: () throws -> Void
    ) rethrows -> Timing {
        var seconds: [Double] = []
        for _ in 0..<rounds {
            try prepare()
            let start = ContinuousClock.now
            try body()
            seconds.append((ContinuousClock.now - start).seconds)
        }
        return Timing(seconds: seconds)
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

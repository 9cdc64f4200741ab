import Foundation

/// One measured quantity: a name, a value per contender (seconds, bytes, instructions…), and how to show it.
struct Quantity: Codable, Sendable {
    enum Unit: String, Codable, Sendable {
        case seconds, bytes, instructions, perSecond
    }
    let label: String
    let unit: Unit
    /// The median for times; the single reading otherwise.
    let value: Double
    /// The fastest run for times, when there were several.
    let best: Double?

    static func time(_ label: String, _ timing: Timing) -> Quantity {
        Quantity(label: label, unit: .seconds, value: timing.median, best: timing.seconds.count > 1 ? timing.min : nil)
    }

    static func bytes(_ label: String, _ bytes: Int) -> Quantity {
        Quantity(label: label, unit: .bytes, value: Double(bytes), best: nil)
    }

    static func instructions(_ label: String, _ count: Int) -> Quantity {
        Quantity(label: label, unit: .instructions, value: Double(count), best: nil)
    }

    var text: String {
        switch unit {
        case .seconds:
            let median = Self.seconds(value)
            return best.map { "\(median) (min \(Self.seconds($0)))" } ?? median
        case .bytes: return String(format: "%.1f MB", value / 1_048_576)
        case .instructions: return String(format: "%.3f G instr", value / 1e9)
        case .perSecond: return String(format: "%.0f /s", value)
        }
    }

    static func seconds(_ value: Double) -> String {
        value >= 1 ? String(format: "%.2f s", value) : String(format: "%.1f ms", value * 1000)
    }
}

/// A row of RESULTS.md: our number against a baseline measured in the same run.
struct Comparison: Codable, Sendable {
    let group: String
    let measure: String
    let baseline: Quantity
    let ours: Quantity
    /// A goal on the ratio, such as "≤ 1.5×", shown next to it.
    let goal: String?

    /// ours / baseline; for rates (higher is better) baseline / ours, so above 1 always means "ours costs more".
    var ratio: Double {
        ours.unit == .perSecond ? baseline.value / ours.value : ours.value / baseline.value
    }
}

/// Writes RESULTS.md: how it was produced, then one table per group.
struct ResultsDocument {
    let comparisons: [Comparison]
    let command: String
    /// The full description, for the heading.
    let machine: String
    let date: String
    let notes: [String]
    /// The machine column: short, since the heading has the details.
    var machineColumn: String {
        machine.split(separator: ",").prefix(2).joined(separator: ",")
    }

    func markdown() -> String {
        var lines = [
            "# Benchmark results",
            "",
            "Produced by `\(command)` on \(machine), \(date). Every ratio compares two numbers measured in this",
            "same run on this machine; times are medians of the rounds (min in brackets). Ratio = ours ÷ baseline",
            "(for throughput, baseline ÷ ours), so below 1 means ours is cheaper.",
            "",
        ]
        var groups: [String] = []
        for comparison in comparisons where !groups.contains(comparison.group) { groups.append(comparison.group) }
        for group in groups {
            lines += ["## \(group)", "", "| measure | baseline | ours | ratio | goal | machine | date |", "|---|---|---|---|---|---|---|"]
            for row in comparisons where row.group == group {
                let ratio = String(format: "%.2f×", row.ratio)
                lines.append("| \(row.measure) | \(row.baseline.label): \(row.baseline.text) | \(row.ours.label): \(row.ours.text) | \(ratio) | \(row.goal ?? "") | \(machineColumn) | \(date) |")
            }
            lines.append("")
        }
        if !notes.isEmpty {
            lines += ["## Notes", ""] + notes.map { "- \($0)" } + [""]
        }
        return lines.joined(separator: "\n")
    }

    /// "2 cores, x86_64, Debian GNU/Linux 12 (bookworm), Swift version 6.3.1 (…), SQLite 3.40.1"
    static func describeMachine(toolchain: String, sqliteVersion: String) -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var system = utsname()
        uname(&system)
        let architecture = withUnsafeBytes(of: &system.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "unknown OS"
        return "\(cores) cores, \(architecture), \(release), \(toolchain), SQLite \(sqliteVersion)"
    }
}

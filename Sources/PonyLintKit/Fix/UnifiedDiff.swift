/// A unified diff (`diff -u` style) between two texts, by Myers' O(ND) algorithm over lines.
enum UnifiedDiff {
    static func render(old: String, new: String, path: String, context: Int = 3) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let script = editScript(a, b)
        guard script.contains(where: { $0.kind != .same }) else { return "" }
        var output = "--- a/\(path)\n+++ b/\(path)\n"
        var index = 0
        while index < script.count {
            guard let start = script[index...].firstIndex(where: { $0.kind != .same }) else { break }
            var end = start
            // Extend the hunk while the next change is within 2 * context unchanged lines.
            while let next = script[(end + 1)...].firstIndex(where: { $0.kind != .same }), next - end <= 2 * context {
                end = next
            }
            let from = max(start - context, 0)
            let to = min(end + context, script.count - 1)
            let lines = script[from...to]
            let oldStart = (lines.first { $0.kind != .insert }?.oldIndex ?? 0) + 1
            let newStart = (lines.first { $0.kind != .delete }?.newIndex ?? 0) + 1
            let oldCount = lines.filter { $0.kind != .insert }.count
            let newCount = lines.filter { $0.kind != .delete }.count
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for line in lines {
                switch line.kind {
                case .same: output += " \(line.text)\n"
                case .delete: output += "-\(line.text)\n"
                case .insert: output += "+\(line.text)\n"
                }
            }
            index = to + 1
        }
        return output
    }

    struct Line {
        enum Kind { case same, delete, insert }
        let kind: Kind
        let text: String
        let oldIndex: Int
        let newIndex: Int
    }

    /// The shortest edit script turning `a` into `b`.
    static func editScript(_ a: [String], _ b: [String]) -> [Line] {
        let n = a.count, m = b.count, max = n + m
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        outer: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max])) ? v[k + 1 + max] : v[k - 1 + max] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[k + max] = x
                if x >= n && y >= m { break outer }
            }
        }
        var x = n, y = m
        var lines: [Line] = []
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max])) ? k + 1 : k - 1
            let previousX = v[previousK + max]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1; y -= 1
                lines.append(Line(kind: .same, text: a[x], oldIndex: x, newIndex: y))
            }
            if d > 0 {
                if x == previousX {
                    y -= 1
                    lines.append(Line(kind: .insert, text: b[y], oldIndex: x, newIndex: y))
                } else {
                    x -= 1
                    lines.append(Line(kind: .delete, text: a[x], oldIndex: x, newIndex: y))
                }
            }
        }
        return lines.reversed()
    }
}

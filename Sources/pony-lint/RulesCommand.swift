import ArgumentParser
import PonyLintKit
import PonyRules

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the rules: ID, name, severity and what checks them.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        switch format {
        case .text:
            Terminal.output(Self.table())
        case .json:
            Terminal.output(RuleListing.json())
        }
    }

    /// An aligned table, one rule per line.
    static func table() -> String {
        let header = ["ID", "NAME", "SEVERITY", "CHECKED BY", "SUMMARY"]
        let rows = RuleCatalog.all.map { rule in
            [rule.id.rawValue, rule.name, rule.severity.rawValue, rule.checkedBy.map(\.rawValue).joined(separator: ", "), rule.summary]
        }
        let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            (0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + row[4]
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }
}

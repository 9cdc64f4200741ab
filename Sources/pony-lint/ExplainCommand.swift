import ArgumentParser
import PonyRules

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a rule: what it finds, why it matters, how to fix it.",
        discussion: "Example: pony-lint explain PONY003   (or: pony-lint explain blocking-session-in-async-context)")

    @Argument(help: "A rule ID or name, e.g. PONY003 or blocking-session-in-async-context.")
    var rule: String

    @Flag(inversion: .prefixedNo, help: "Bold headings (default: only on a terminal).")
    var color: Bool?

    func validate() throws {
        guard RuleCatalog.rule(named: rule) != nil else {
            throw ValidationError("'\(rule)' is not a rule; rules are \(RuleCatalog.all.map { "\($0.id) (\($0.name))" }.joined(separator: ", "))")
        }
    }

    func run() throws {
        let rule = RuleCatalog.rule(named: rule)!
        Terminal.output(RuleExplanation(rule: rule, bold: color ?? Terminal.outputIsTerminal).render())
    }
}

/// A rule's documentation from `Rules/`, laid out for a terminal.
struct RuleExplanation {
    let rule: Rule
    let bold: Bool

    func render() -> String {
        var text = "\(emphasis("\(rule.id) \(rule.name)")) (\(rule.severity.rawValue); checked by \(rule.checkedBy.map(\.rawValue).joined(separator: ", ")))\n"
        text += "\(rule.summary)\n"
        for section in rule.sections {
            text += "\n\(emphasis(section.title))\n\n"
            text += layOut(section.markdown) + "\n"
        }
        text += "\nSource: \(rule.path)\n"
        return text
    }

    /// Code blocks indented without their fences and markers; prose as written.
    private func layOut(_ markdown: String) -> String {
        var lines: [String] = []
        var inCode = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inCode.toggle()
                continue
            }
            if inCode {
                var code = String(line)
                for number in 1...9 { code = code.replacing("\(number)\u{FE0F}\u{20E3}", with: "") }
                lines.append("    " + code)
            } else {
                lines.append(String(line))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func emphasis(_ text: String) -> String {
        bold ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}

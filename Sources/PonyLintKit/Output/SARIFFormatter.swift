import Foundation
import PonyRules

/// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), with every rule's description and help
/// taken from `Rules/`. Upload it to GitHub code scanning with `github/codeql-action/upload-sarif`.
enum SARIFFormatter {
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    struct Log: Codable, Equatable {
        var schema = SARIFFormatter.schema
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Codable, Equatable {
        var tool: Tool
        var columnKind = "unicodeCodePoints"
        var results: [Result]
    }

    struct Tool: Codable, Equatable {
        var driver: Driver
    }

    struct Driver: Codable, Equatable {
        var name = "pony-lint"
        var version = PonyLintVersion.current
        var rules: [ReportingDescriptor]
    }

    struct ReportingDescriptor: Codable, Equatable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Help
        var defaultConfiguration: Configuration
    }

    struct Help: Codable, Equatable {
        var text: String
        var markdown: String
    }

    struct Configuration: Codable, Equatable {
        var level: String
    }

    struct Message: Codable, Equatable {
        var text: String
    }

    struct Result: Codable, Equatable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
    }

    struct Location: Codable, Equatable {
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Codable, Equatable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Codable, Equatable {
        var uri: String
    }

    struct Region: Codable, Equatable {
        var startLine: Int
        var startColumn: Int
    }

    static func render(_ findings: [Finding]) -> String {
        JSONFormatter.encode(log(findings))
    }

    static func log(_ findings: [Finding]) -> Log {
        var rules = RuleCatalog.all.map(descriptor)
        for finding in findings where !rules.contains(where: { $0.id == finding.rule.rawValue }) {
            rules.append(ReportingDescriptor(
                id: finding.rule.rawValue, name: finding.name, shortDescription: Message(text: finding.message),
                fullDescription: Message(text: "A problem with a pony-lint suppression comment."),
                help: Help(text: "Fix or remove the pony-lint directive.", markdown: "Fix or remove the `pony-lint:` directive."),
                defaultConfiguration: Configuration(level: "warning")))
        }
        let results = findings.map { finding in
            Result(
                ruleId: finding.rule.rawValue,
                ruleIndex: rules.firstIndex { $0.id == finding.rule.rawValue } ?? 0,
                level: finding.severity == .error ? "error" : "warning",
                message: Message(text: finding.message),
                locations: [Location(physicalLocation: PhysicalLocation(
                    artifactLocation: ArtifactLocation(uri: uri(finding.file)),
                    region: Region(startLine: finding.line, startColumn: finding.characterColumn)))])
        }
        return Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)])
    }

    private static func descriptor(_ rule: Rule) -> ReportingDescriptor {
        ReportingDescriptor(
            id: rule.id.rawValue, name: rule.name, shortDescription: Message(text: rule.summary),
            fullDescription: Message(text: rule.section("What it does") ?? rule.summary),
            help: Help(text: "\(rule.fixTitle). \(rule.explainHint)", markdown: rule.documentation),
            defaultConfiguration: Configuration(level: rule.severity == .error ? "error" : "warning"))
    }

    /// A relative URI: path separators kept, spaces and other reserved characters percent-encoded.
    private static func uri(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
        return trimmed.unicodeScalars.map { scalar in
            allowed.contains(Character(scalar)) ? String(scalar) : String(scalar).utf8.map { String(format: "%%%02X", $0) }.joined()
        }.joined()
    }
}

/// pony-lint's version, printed by `--version` and written into SARIF.
public enum PonyLintVersion {
    public static let current = "0.1.0"
}

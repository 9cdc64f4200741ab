import Foundation

/// Findings accepted as they are, so a project can adopt pony-lint and fail CI only on new ones.
///
/// A finding matches a baseline entry by file, rule and the text of its line (trimmed), so entries survive
/// code moving up or down the file; each entry absorbs as many findings as it was recorded with.
public struct Baseline: Codable, Equatable, Sendable {
    public struct Entry: Codable, Hashable, Sendable {
        public let file: String
        public let rule: String
        public let source: String
    }

    public var version = 1
    public var findings: [Entry]

    public init(_ findings: [Finding]) {
        self.findings = findings.map(Self.entry).sorted { ($0.file, $0.rule, $0.source) < ($1.file, $1.rule, $1.source) }
    }

    /// Reads a baseline written by ``write(to:)``.
    public static func load(_ path: String) throws -> Baseline {
        let data = try FileReading.data(at: path, what: "a baseline file")
        do {
            let baseline = try JSONDecoder().decode(Baseline.self, from: data)
            guard baseline.version == 1 else {
                throw LintError.input(path: path, message: "baseline version \(baseline.version) is not supported (expected 1)")
            }
            return baseline
        } catch let error as LintError {
            throw error
        } catch {
            throw LintError.input(path: path, message: "not a pony-lint baseline (write one with --write-baseline): \(error)")
        }
    }

    public func write(to path: String) throws {
        do {
            try Data(JSONFormatter.encode(self).utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw LintError.input(path: path, message: "cannot write the baseline: \(error.localizedDescription)")
        }
    }

    /// The findings not covered by the baseline.
    public func filter(_ findings: [Finding]) -> [Finding] {
        var remaining = Dictionary(self.findings.map { ($0, 1) }, uniquingKeysWith: +)
        return findings.filter { finding in
            let key = Self.entry(finding)
            guard let count = remaining[key], count > 0 else { return true }
            remaining[key] = count - 1
            return false
        }
    }

    private static func entry(_ finding: Finding) -> Entry {
        Entry(file: finding.file, rule: finding.rule.rawValue, source: finding.sourceLine.trimmingCharacters(in: .whitespaces))
    }
}

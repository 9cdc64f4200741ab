import Foundation
import PonyRules
import Yams

/// Finds and reads `.pony-lint.yml`.
public enum ConfigurationLoader {
    public static let fileName = ".pony-lint.yml"

    /// The configuration file found by walking up from `directory`, if any.
    public static func find(from directory: String) -> String? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// Reads a configuration file. Every problem is a ``LintError`` naming the file, and the key or value.
    public static func load(_ path: String) throws -> LintConfiguration {
        let data: Data
        do {
            data = try FileReading.data(at: path, what: "a configuration file")
        } catch LintError.input(_, let message) {
            throw LintError.configuration(path: path, message: message)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LintError.configuration(path: path, message: "the file is not UTF-8")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, path: path, baseDirectory: base)
    }

    /// Parses configuration text; `path` is only used in messages.
    public static func parse(_ text: String, path: String, baseDirectory: String) throws -> LintConfiguration {
        let file: ConfigurationFile
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return LintConfiguration(baseDirectory: baseDirectory)
            }
            guard let mapping = node.mapping else {
                throw LintError.configuration(path: path, message: "the file must be a mapping of keys to values")
            }
            let known = Set(ConfigurationFile.CodingKeys.allCases.map(\.rawValue))
            for key in mapping.keys {
                guard let name = key.string, !known.contains(name) else { continue }
                throw LintError.configuration(
                    path: path, message: "unknown key '\(name)'\(line(of: key)); known keys: \(known.sorted().joined(separator: ", "))")
            }
            if let api = mapping["session_api"]?.mapping {
                let knownAPI = Set(SessionAPI.CodingKeys.allCases.map(\.rawValue))
                for key in api.keys {
                    guard let name = key.string, !knownAPI.contains(name) else { continue }
                    throw LintError.configuration(
                        path: path, message: "unknown key 'session_api.\(name)'\(line(of: key)); known keys: \(knownAPI.sorted().joined(separator: ", "))")
                }
            }
            file = try YAMLDecoder().decode(ConfigurationFile.self, from: node)
        } catch let error as LintError {
            throw error
        } catch let error as DecodingError {
            throw LintError.configuration(path: path, message: describe(error))
        } catch {
            throw LintError.configuration(path: path, message: "not valid YAML: \(error)")
        }
        return try configuration(from: file, path: path, baseDirectory: baseDirectory)
    }

    private static func configuration(from file: ConfigurationFile, path: String, baseDirectory: String) throws -> LintConfiguration {
        func rule(_ name: String, key: String) throws -> Rule {
            guard let rule = RuleCatalog.rule(named: name) else {
                throw LintError.configuration(
                    path: path,
                    message: "\(key): '\(name)' is not a rule; rules are \(RuleCatalog.all.map(\.id.rawValue).joined(separator: ", ")) or their names")
            }
            return rule
        }
        var configuration = LintConfiguration(baseDirectory: baseDirectory)
        for name in file.disabledRules ?? [] {
            configuration.disabledRules.insert(try rule(name, key: "disabled_rules").id)
        }
        for (name, level) in file.severity ?? [:] {
            guard let severity = Severity(rawValue: level) else {
                throw LintError.configuration(path: path, message: "severity.\(name): '\(level)' must be error or warning")
            }
            configuration.severityOverrides[try rule(name, key: "severity").id] = severity
        }
        if let defines = file.defines {
            if let bad = defines.first(where: { !isIdentifier($0) }) {
                throw LintError.configuration(path: path, message: "defines: '\(bad)' is not a condition name like DEBUG")
            }
            configuration.definedConditions = Set(defines)
        }
        configuration.included = file.included ?? []
        configuration.excluded = file.excluded ?? []
        if let api = file.sessionAPI {
            for (key, names) in [("session_methods", api.sessionMethods), ("open_session_methods", api.openSessionMethods),
                                 ("close_methods", api.closeMethods), ("session_attributes", api.sessionAttributes),
                                 ("entity_attributes", api.entityAttributes)] {
                if let bad = names.first(where: { !isIdentifier($0) }) {
                    throw LintError.configuration(path: path, message: "session_api.\(key): '\(bad)' is not a Swift identifier")
                }
            }
            configuration.sessionAPI = api
        }
        return configuration
    }

    /// Whether `name` can be a Swift identifier or `#if` condition name: letters, digits and `_`, not empty.
    public static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    private static func line(of node: Node) -> String {
        node.mark.map { " on line \($0.line)" } ?? ""
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(key.isEmpty ? "the file" : key) must be \(expectation(for: type))"
        case .valueNotFound(let type, let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(key) must be \(expectation(for: type)), not empty"
        case .dataCorrupted(let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return key.isEmpty ? context.debugDescription : "\(key): \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "missing key '\(key.stringValue)'"
        @unknown default:
            return "\(error)"
        }
    }

    /// "a list of strings, like [a, b]" for the types configuration values decode into.
    private static func expectation(for type: Any.Type) -> String {
        let name = "\(type)"
        if name.hasPrefix("Array") || name.hasSuffix("Sequence") { return "a list, like [PONY003, task-in-session]" }
        if name.hasPrefix("Dictionary") || name.hasSuffix("Mapping") { return "a mapping of names to values" }
        if name.hasPrefix("String") || name.hasSuffix("Scalar") { return "a single value" }
        return "a \(name)"
    }
}

/// The file as written.
struct ConfigurationFile: Decodable {
    var disabledRules: [String]?
    var severity: [String: String]?
    var included: [String]?
    var excluded: [String]?
    var sessionAPI: SessionAPI?
    var defines: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case disabledRules = "disabled_rules"
        case severity
        case included
        case excluded
        case sessionAPI = "session_api"
        case defines
    }
}

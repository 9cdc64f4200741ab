import Yams

/// Reads one `Rules/PONYnnn.md` file into a ``RuleDocument`` and checks it against the catalog's format.
///
/// Every problem is a ``RuleDocumentError`` naming the file and, where it has one, the line.
///
/// ```swift
/// let document = try RuleDocumentParser.parse(text, fileName: "PONY003.md")
/// print(document.frontMatter.name)   // blocking-session-in-async-context
/// ```
public enum RuleDocumentParser {
    public static func parse(_ text: String, fileName: String) throws -> RuleDocument {
        let (yaml, body, bodyLine) = try splitFrontMatter(text, fileName: fileName)
        let frontMatter = try decodeFrontMatter(yaml, fileName: fileName)
        try validate(frontMatter, fileName: fileName)
        let (preamble, sections) = MarkdownSectionSplitter(body: body, firstLine: bodyLine).sections()
        if !preamble.isEmpty {
            throw RuleDocumentError(
                fileName: fileName, line: bodyLine,
                message: "text before the first '## ' heading; every paragraph belongs to a section")
        }
        let document = RuleDocument(fileName: fileName, frontMatter: frontMatter, sections: sections, body: body)
        try validateSections(of: document)
        return document
    }

    /// Returns the YAML between the `---` lines, the body after them, and the body's first line number.
    private static func splitFrontMatter(_ text: String, fileName: String) throws -> (String, String, Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingCharacters() == "---" else {
            throw RuleDocumentError(fileName: fileName, line: 1, message: "expected '---' opening the YAML front matter")
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters() == "---" }) else {
            throw RuleDocumentError(fileName: fileName, line: 1, message: "the front matter opened on line 1 is never closed by '---'")
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return (yaml, body, end + 2)
    }

    private static func decodeFrontMatter(_ yaml: String, fileName: String) throws -> RuleFrontMatter {
        let known = Set(RuleFrontMatter.CodingKeys.allCases.map(\.rawValue))
        do {
            if let mapping = try Yams.compose(yaml: yaml)?.mapping {
                for key in mapping.keys {
                    guard let name = key.string, !known.contains(name) else { continue }
                    throw RuleDocumentError(
                        fileName: fileName, line: key.mark.map { $0.line + 1 },
                        message: "unknown front matter key '\(name)'; known keys: \(known.sorted().joined(separator: ", "))")
                }
            }
            return try YAMLDecoder().decode(RuleFrontMatter.self, from: yaml)
        } catch let error as RuleDocumentError {
            throw error
        } catch let error as DecodingError {
            throw RuleDocumentError(fileName: fileName, line: nil, message: "front matter: \(describe(error))")
        } catch {
            throw RuleDocumentError(fileName: fileName, line: nil, message: "front matter is not valid YAML: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "'\(path)': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func validate(_ frontMatter: RuleFrontMatter, fileName: String) throws {
        func fail(_ message: String) -> RuleDocumentError {
            RuleDocumentError(fileName: fileName, line: nil, message: message)
        }
        let id = frontMatter.id
        guard id.count == 7, id.hasPrefix("PONY"), id.dropFirst(4).allSatisfy(\.isASCIIDigit) else {
            throw fail("id '\(id)' must look like PONY001")
        }
        guard fileName == "\(id).md" else {
            throw fail("id '\(id)' does not match the file name; rename the file to \(id).md")
        }
        let name = frontMatter.name
        guard !name.isEmpty, name.allSatisfy({ $0.isASCIILowercaseLetter || $0 == "-" }),
              !name.hasPrefix("-"), !name.hasSuffix("-") else {
            throw fail("name '\(name)' must be lowercase words joined by '-'")
        }
        try requireOne(of: RuleFrontMatter.severities, frontMatter.severity, key: "severity", fail)
        try requireOne(of: RuleFrontMatter.fixAvailabilities, frontMatter.fix, key: "fix", fail)
        for layer in frontMatter.checkedBy {
            try requireOne(of: RuleFrontMatter.layers, layer, key: "checked-by", fail)
        }
        if Set(frontMatter.checkedBy).count != frontMatter.checkedBy.count {
            throw fail("checked-by lists a layer twice: \(frontMatter.checkedBy)")
        }
        for (key, value) in [("summary", frontMatter.summary), ("message", frontMatter.message), ("runtime", frontMatter.runtime),
                             ("runtime-message", frontMatter.runtimeMessage), ("fix-title", frontMatter.fixTitle)]
        where value.trimmingCharacters().isEmpty {
            throw fail("'\(key)' must not be empty")
        }
    }

    private static func requireOne(
        of allowed: [String], _ value: String, key: String, _ fail: (String) -> RuleDocumentError
    ) throws {
        guard allowed.contains(value) else {
            throw fail("\(key) '\(value)' is not one of: \(allowed.joined(separator: ", "))")
        }
    }

    private static func validateSections(of document: RuleDocument) throws {
        let fileName = document.fileName
        let titles = document.sections.map(\.title)
        guard titles == RuleDocumentSection.required else {
            let missing = RuleDocumentSection.required.filter { !titles.contains($0) }
            let unknown = document.sections.first { !RuleDocumentSection.required.contains($0.title) }
            if let unknown {
                throw RuleDocumentError(
                    fileName: fileName, line: unknown.line,
                    message: "unknown section '## \(unknown.title)'; sections are: \(RuleDocumentSection.required.joined(separator: ", "))")
            }
            if !missing.isEmpty {
                throw RuleDocumentError(fileName: fileName, message: "missing section '## \(missing[0])'")
            }
            throw RuleDocumentError(
                fileName: fileName,
                message: "sections must appear in this order: \(RuleDocumentSection.required.joined(separator: ", "))")
        }
        let example = document.section(RuleDocumentSection.example)!
        if document.triggeringExamples.isEmpty {
            throw RuleDocumentError(fileName: fileName, line: example.line, message: "'## Example' needs at least one ```swift block")
        }
        if let unmarked = document.triggeringExamples.first(where: { $0.markers.isEmpty }) {
            throw RuleDocumentError(
                fileName: fileName, line: example.line,
                message: "every '## Example' block must mark the reported position with 1️⃣; this one has none:\n\(unmarked.source)")
        }
        let useInstead = document.section(RuleDocumentSection.useInstead)!
        if document.nonTriggeringExamples.isEmpty {
            throw RuleDocumentError(fileName: fileName, line: useInstead.line, message: "'## Use instead' needs at least one ```swift block")
        }
        if document.nonTriggeringExamples.contains(where: { !$0.markers.isEmpty }) {
            throw RuleDocumentError(
                fileName: fileName, line: useInstead.line,
                message: "'## Use instead' shows code that must not trigger the rule, so it cannot contain 1️⃣ markers")
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILowercaseLetter: Bool { isASCII && isLowercase }
}

import SwiftParser
import SwiftSyntax

/// One Swift file to lint: its text and, once needed, its syntax tree.
final class SourceFile: @unchecked Sendable {
    let path: String
    let text: String
    private var cachedTree: SourceFileSyntax?
    private var cachedConverter: SourceLocationConverter?
    private lazy var lines: [Substring] = text.split(separator: "\n", omittingEmptySubsequences: false)

    init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The parsed file. Parsing never fails: invalid code becomes "unexpected" nodes.
    var tree: SourceFileSyntax {
        if let cachedTree { return cachedTree }
        let tree = Parser.parse(source: text)
        cachedTree = tree
        return tree
    }

    var isParsed: Bool { cachedTree != nil }

    private var converter: SourceLocationConverter {
        if let cachedConverter { return cachedConverter }
        let converter = SourceLocationConverter(fileName: path, tree: tree)
        cachedConverter = converter
        return converter
    }

    /// 1-based line and UTF-8 column.
    func location(of position: AbsolutePosition) -> (line: Int, column: Int) {
        let location = converter.location(for: position)
        return (location.line, location.column)
    }

    /// The text of a 1-based line, without its newline.
    func line(_ number: Int) -> String {
        guard number >= 1, number <= lines.count else { return "" }
        var line = lines[number - 1]
        if line.hasSuffix("\r") { line = line.dropLast() }
        return String(line)
    }

    /// Whether the text contains any of the words (a cheap test before parsing).
    func mentions(_ words: some Collection<String>) -> Bool {
        words.contains { text.contains($0) }
    }
}

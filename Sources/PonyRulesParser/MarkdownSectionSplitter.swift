/// Splits a rule body into its `## ` sections and collects the ```swift blocks of each.
///
/// Rule files use a deliberately small Markdown subset: level-2 headings and fenced code blocks.
/// Headings inside code fences are code, not headings.
struct MarkdownSectionSplitter {
    /// The body text and the 1-based file line its first line sits on.
    let body: String
    let firstLine: Int

    func sections() -> (preamble: String, sections: [RuleDocumentSection]) {
        var preamble: [Substring] = []
        var sections: [RuleDocumentSection] = []
        var current: (title: String, line: Int, lines: [Substring])?
        var fence: FenceState = .outside

        func closeSection() {
            guard let open = current else { return }
            let markdown = open.lines.joined(separator: "\n").trimmingWhitespaceLines()
            sections.append(RuleDocumentSection(
                title: open.title, line: open.line, markdown: markdown,
                swiftCodeBlocks: Self.swiftCodeBlocks(in: open.lines)))
        }

        for (offset, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            fence = fence.advanced(by: line)
            if case .outside = fence, line.hasPrefix("## ") {
                closeSection()
                current = (String(line.dropFirst(3)).trimmingCharacters(), firstLine + offset, [])
                continue
            }
            if current != nil {
                current!.lines.append(line)
            } else {
                preamble.append(line)
            }
        }
        closeSection()
        return (preamble.joined(separator: "\n").trimmingWhitespaceLines(), sections)
    }

    /// The contents of every fenced block opened with ```swift.
    static func swiftCodeBlocks(in lines: [Substring]) -> [String] {
        var blocks: [String] = []
        var collecting: [Substring]?
        var fence: FenceState = .outside
        for line in lines {
            let before = fence
            fence = fence.advanced(by: line)
            switch (before, fence) {
            case (.outside, .inside(let language)):
                collecting = language == "swift" ? [] : nil
            case (.inside, .outside):
                if let block = collecting { blocks.append(block.joined(separator: "\n") + "\n") }
                collecting = nil
            default:
                collecting?.append(line)
            }
        }
        return blocks
    }
}

/// Whether a line-by-line scan is inside a ``` fence, and of which language.
enum FenceState: Equatable {
    case outside
    case inside(language: String)

    func advanced(by line: Substring) -> FenceState {
        let trimmed = line.trimmingCharacters()
        guard trimmed.hasPrefix("```") else { return self }
        switch self {
        case .outside: return .inside(language: String(trimmed.dropFirst(3)).trimmingCharacters())
        case .inside: return trimmed == "```" ? .outside : self
        }
    }
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    /// Drops blank lines at both ends, keeping indentation of the remaining lines.
    func trimmingWhitespaceLines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

import Foundation
import SwiftParser
import SwiftSyntax

/// What any Swift linter must pay at least, measured in this process on one thread: reading every file,
/// and reading plus parsing every file with SwiftParser (the parser pony-lint uses).
struct LintFloors {
    let corpus: SourceCorpus

    /// Reads every file; returns the bytes read so the work cannot be skipped.
    func read() throws -> Int {
        var total = 0
        for path in corpus.files { total += try Self.contents(path).count }
        return total
    }

    /// Reads and parses every file; returns the summed tree lengths so the work cannot be skipped.
    func parse() throws -> Int {
        var total = 0
        for path in corpus.files {
            let data = try Self.contents(path)
            total += data.withUnsafeBytes { bytes in
                Parser.parse(source: bytes.bindMemory(to: UInt8.self)).totalLength.utf8Length
            }
        }
        return total
    }

    /// Reads and parses every file and walks each tree once with a `SyntaxVisitor` that does nothing but count
    /// tokens: the least a linter built on swift-syntax's visitor pays. Returns the token count.
    func parseAndWalk() throws -> Int {
        var total = 0
        for path in corpus.files {
            let data = try Self.contents(path)
            let counter = TokenCounter(viewMode: .sourceAccurate)
            data.withUnsafeBytes { bytes in counter.walk(Parser.parse(source: bytes.bindMemory(to: UInt8.self))) }
            total += counter.tokens
        }
        return total
    }

    private final class TokenCounter: SyntaxVisitor {
        var tokens = 0
        override func visit(_ token: TokenSyntax) -> SyntaxVisitorContinueKind {
            tokens += 1
            return .visitChildren
        }
    }

    private static func contents(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }
}

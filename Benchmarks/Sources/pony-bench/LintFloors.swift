import ArgumentParser
import Foundation
import SwiftParser
import SwiftSyntax

/// What any Swift linter must pay at least, on one thread: reading every file, and reading plus parsing every
/// file with SwiftParser (the parser pony-lint uses).
///
/// `LintBenchmark` runs each floor in a fresh process of its own (`pony-bench floor-once`), as pony-lint runs, and
/// that process runs with glibc told to keep freed memory (``keepingFreedMemory``). Measured inside pony-bench,
/// the parse floor depended on what the process had done before: 4.94 s on the 2,600 dense files alone, 4.16 s right
/// after parsing the real corpus (same files, same build). The difference was the allocator, not the parser: each
/// parse frees its syntax arena, glibc hands the memory back to the kernel, and the next parse faults it in again
/// (350,000 page faults, 0.4 s of system time, in a fresh process); once the process had freed large blocks, glibc
/// raised its thresholds and kept the memory. pony-lint keeps its memory without help (about 50,000 faults on the
/// same files), so without the setting the floor would be slower than it needs to be, and pony-lint would look
/// closer to it than it is.
struct LintFloors {
    let files: [String]

    /// The floors, as `floor-once --floor` names them.
    enum Kind: String, CaseIterable, ExpressibleByArgument {
        case read, parse
        case parseAndWalk = "parse-walk"
    }

    /// The environment a floor process runs with: glibc keeps the memory each parse frees instead of returning it
    /// to the kernel, so the next parse reuses it without page faults. The floor is then the least a parse costs.
    static let keepingFreedMemory = ["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=67108864"]

    /// Runs one floor; returns what it counted (bytes read or parsed, or tokens walked).
    func measure(_ kind: Kind) throws -> Int {
        switch kind {
        case .read: try read()
        case .parse: try parse()
        case .parseAndWalk: try parseAndWalk()
        }
    }

    /// Reads every file; returns the bytes read so the work cannot be skipped.
    func read() throws -> Int {
        var total = 0
        for path in files { total += try Self.contents(path).count }
        return total
    }

    /// Reads and parses every file; returns the summed tree lengths so the work cannot be skipped.
    func parse() throws -> Int {
        var total = 0
        for path in files {
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
        for path in files {
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

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

    private static func contents(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }
}

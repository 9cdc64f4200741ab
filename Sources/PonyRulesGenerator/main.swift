import Foundation
import PonyRulesParser

// Run by scripts/generate-rules:
//   PonyRulesGenerator <Rules directory> <output .swift file>
// Reads and validates every rule file, then writes the Swift source that embeds them in PonyRules
// (Sources/PonyRules/RuleCatalog+Generated.swift, checked in). A malformed rule file stops it with
// `Rules/PONY00N.md:LINE: error: …` and leaves the output as it was.

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: PonyRulesGenerator <rules-directory> <output-file>\n".utf8))
    exit(2)
}
let rulesDirectory = URL(fileURLWithPath: arguments[1])
let output = URL(fileURLWithPath: arguments[2])

do {
    let documents = try RuleDirectoryLoader.load(rulesDirectory)
    let source = RuleCatalogSourceWriter.source(for: documents)
    // Rewrite only on change so an unchanged catalog does not recompile PonyRules.
    if FileManager.default.contents(atPath: output.path) != Data(source.utf8) {
        try Data(source.utf8).write(to: output, options: .atomic)
    }
} catch let error as RuleDocumentError {
    var located = error
    if !located.fileName.hasPrefix("/") {
        located.fileName = rulesDirectory.appendingPathComponent(error.fileName).path
    }
    FileHandle.standardError.write(Data("\(located)\n".utf8))
    exit(1)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

import Foundation
import Testing

// README quick start begin
import Pony

@Entity final class Person {
    var name: String
    var age: Int
    var email: String?                 // optional attribute → nullable column
    init(name: String, age: Int) { self.name = name; self.age = age }
}
// README quick start end

/// The README's top-level quick-start statements, verbatim between the markers.
func readmeQuickStart() throws -> (adults: [Person.Snapshot], count: @Sendable () async throws -> Int, db: Database) {
    // README quick start begin
    let db = Database()
    try db.bind(.sqlite(path: ":memory:"))  // or .sqlite(path: "app.sqlite", create: true)
    try db.generateMapping([Person.self], createTables: true)

    try db.session {                        // PonyORM: `with db_session:`
        let ann = Person(name: "Ann", age: 31)   // inserted when the session commits
        ann.age += 1                             // changes are tracked and flushed
        _ = Person(name: "Bob", age: 17)
    }                                       // commits here; a throw rolls everything back

    let adults = try db.session {
        try Person.select(#Predicate { $0.age >= 18 }).order(by: \.name).snapshots()
    }
    print(adults.map(\.name))               // ["Ann"]

    func adultCount() async throws -> Int { // async code uses the bridge: no blocking, no await inside
        try await db.session { try Person.select(#Predicate { $0.age >= 18 }).count() }
    }
    // README quick start end
    nonisolated(unsafe) let count = adultCount  // only captures `db`, which is Sendable
    return (adults, { try await count() }, db)
}

@Suite("README quick start", .serialized)
struct ReadmeQuickStartTests {
    @Test func runsAndDoesWhatTheCommentsSay() async throws {
        let (adults, count, db) = try await onThread { try readmeQuickStart() }
        defer { try? db.disconnect() }
        #expect(adults.map(\.name) == ["Ann"])
        #expect(adults.first?.age == 32)
        #expect(try await count() == 1)
    }

    @Test func isExactlyWhatTheReadmeShows() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Quick start").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)

        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let regions = source.components(separatedBy: "// README quick start begin\n").dropFirst().map {
            dedent($0.components(separatedBy: "// README quick start end").first ?? "")
        }
        #expect(block == regions.joined(separator: "\n"))
    }

    /// Removes the indentation common to every non-empty line.
    private func dedent(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { $0.count >= indent ? String($0.dropFirst(indent)) : "" }.joined(separator: "\n")
            .replacingOccurrences(of: "\n    ", with: "\n    ")
            .trimmingCharacters(in: .init(charactersIn: " "))
    }
}

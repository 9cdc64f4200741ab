import Foundation
import Testing

/// What the Swift compiler itself rejects, checked by type-checking snippets against the built Pony module
/// with the real `swiftc` and Pony's macro plugin.
@Suite("Compile-time guards")
struct CompilerGuardTests {
    /// The build products next to the running test binary, if this is a SwiftPM build.
    static let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: buildDirectory.appendingPathComponent("Modules/Pony.swiftmodule").path)
            && FileManager.default.fileExists(atPath: buildDirectory.appendingPathComponent("PonyMacros-tool").path)
    }

    /// Type-checks `source` importing Pony; returns the compiler's diagnostics output.
    static func typecheck(_ source: String) throws -> String {
        // The compiler leaves temporary folders behind; give it one of ours, removed afterwards.
        let folder = URL(fileURLWithPath: try temporaryDatabasePath("snippet.swift")).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("snippet.swift")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": folder.path]) { $1 }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "swiftc", "-typecheck", "-swift-version", "6",
            "-I", buildDirectory.appendingPathComponent("Modules").path,
            "-I", repository.appendingPathComponent("Sources/CSQLite").path,
            "-load-plugin-executable", buildDirectory.appendingPathComponent("PonyMacros-tool").path + "#PonyMacros",
            file.path,
        ]
        let output = Pipe()
        process.standardError = output
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: isAvailable, "needs the SwiftPM build products next to the test binary"))
    func aBareSyncSessionInAnAsyncFunctionDoesNotCompile() throws {
        let output = try Self.typecheck("""
            import Pony
            func handler(db: Database) async throws {
                try db.session { }
            }
            """)
        #expect(output.contains("error: expression is 'async' but is not marked with 'await'"), "\(output)")
    }

    @Test(.enabled(if: isAvailable, "needs the SwiftPM build products next to the test binary"))
    func theBridgeAndSyncHelpersCompileInAsyncCode() throws {
        let output = try Self.typecheck("""
            import Pony
            func save(db: Database) throws { try db.session { } }
            func handler(db: Database) async throws {
                try await db.session { }
                try save(db: db)
            }
            """)
        #expect(!output.contains("error"), "\(output)")
    }

    @Test(.enabled(if: isAvailable, "needs the SwiftPM build products next to the test binary"))
    func returningAnEntityFromTheBridgeDoesNotCompile() throws {
        let output = try Self.typecheck("""
            import Pony
            @Entity final class Item {
                var name: String
                init(name: String) { self.name = name }
            }
            func handler(db: Database) async throws {
                let item = try await db.session { try Item[1] }
                _ = item
            }
            """)
        #expect(output.contains("error:") && output.contains("Sendable"), "\(output)")
    }

    /// The `error:` lines of the compiler's output.
    static func errors(in output: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.contains("error:") && !$0.hasPrefix(" ") && !$0.hasPrefix("|") }
    }

    @Test(.enabled(if: isAvailable, "needs the SwiftPM build products next to the test binary"))
    func anEnumWithoutAttributeValueIsOneErrorAtItsAttribute() throws {
        let output = try Self.typecheck("""
            import Pony
            enum Genre: String, Codable, Sendable, DatabaseValueConvertible { case fiction, poetry }
            @Entity final class Book {
                var title: String
                var genre: Genre = .fiction
                init(title: String) { self.title = title }
            }
            """)
        #expect(Self.errors(in: output).map { $0.split(separator: ": error: ").last ?? "" } == [
            "type 'Genre' does not conform to protocol 'PersistentAttribute'",
        ], "\(output)")
        #expect(output.contains("snippet.swift:5:"), "the error is shown at the attribute's line:\n\(output)")
    }

    @Test(.enabled(if: isAvailable, "needs the SwiftPM build products next to the test binary"))
    func everyAttributeShapeWithAnUnstorableTypeIsOneError() throws {
        let output = try Self.typecheck("""
            import Pony
            struct Money { var cents: Int }
            enum Genre: String { case fiction }
            @Entity public final class Book {
                var genre: Genre?
                var price: Money
                var tags: [Genre]
                init(price: Money) { self.price = price }
            }
            """)
        #expect(Self.errors(in: output).map { $0.split(separator: ": error: ").last ?? "" } == [
            "type 'Genre' does not conform to protocol 'PersistentAttribute'",
            "type 'Money' does not conform to protocol 'PersistentAttribute'",
            "type 'Genre' does not conform to protocol 'Entity'",
        ], "\(output)")
    }

    @Test(.enabled(if: isAvailable, "needs the SwiftPM build products next to the test binary"))
    func anEnumThatIsAnAttributeValueCompiles() throws {
        let output = try Self.typecheck("""
            import Pony
            public enum Genre: String, AttributeValue { case fiction, poetry }
            @Entity public final class Book {
                public var genre: Genre = .fiction
                public var previous: Genre?
                public init() {}
            }
            """)
        #expect(Self.errors(in: output).isEmpty, "\(output)")
    }

    @Test(.enabled(if: isAvailable, "needs the SwiftPM build products next to the test binary"))
    func dbSessionOnAnAsyncFunctionIsPONY001() throws {
        let output = try Self.typecheck("""
            import Pony
            @DBSession
            func load() async throws -> Int { 1 }
            """)
        #expect(output.contains("error: PONY001 (session-on-async-function): @DBSession cannot be applied to async function 'load'"), "\(output)")
        #expect(output.contains("Run 'pony-lint explain PONY001' for details."))
    }
}

import PonyLintKit
import Testing

/// PONY003 follows actor isolation: the main actor may run synchronous sessions, an `actor` may not — not
/// even in its synchronous methods, which run in a task on the cooperative pool (Rules/PONY003.md).
@Suite("Actor isolation (PONY003)")
struct ActorIsolationTests {
    static let helper = "func saveVisit() throws { try db.session { } }\n"

    @Test func aMainActorAsyncFunctionMayCallASessionHelper() {
        #expect(lint(Self.helper + "@MainActor func show() async throws { try saveVisit() }").isEmpty)
    }

    @Test func aMethodOfAMainActorTypeMayOpenASession() {
        #expect(lint("""
            @MainActor final class Screen {
                func refresh() async throws {
                    let session = try db.openSession()
                    defer { session.close() }
                }
            }
            """).isEmpty)
    }

    @Test func aNonisolatedMethodOfAMainActorTypeIsReported() {
        let findings = lint(Self.helper + """
            @MainActor final class Screen {
                nonisolated func refresh() async throws { try saveVisit() }
            }
            """)
        #expect(positions(findings) == ["PONY003@3:51"])
    }

    @Test func aNestedTypeDoesNotInheritTheMainActor() {
        let findings = lint(Self.helper + """
            @MainActor final class Screen {
                struct Loader {
                    func load() async throws { try saveVisit() }
                }
            }
            """)
        #expect(positions(findings) == ["PONY003@4:40"])
    }

    @Test func theAsyncMainOfAMainTypeRunsOnTheMainActor() {
        #expect(lint(Self.helper + """
            @main struct App {
                static func main() async throws { try saveVisit() }
            }
            """).isEmpty)
    }

    @Test func aMainActorClosureAndMainActorRunMayOpenASession() {
        #expect(lint(Self.helper + """
            func work() async throws {
                try await Task.detached { @MainActor in try saveVisit() }.value
                try await MainActor.run { try saveVisit() }
            }
            """).isEmpty)
    }

    @Test func aTaskStartedOnTheMainActorInheritsIt() {
        #expect(lint(Self.helper + "@MainActor func start() { Task { try saveVisit() } }").isEmpty)
    }

    @Test func aDetachedTaskOrChildTaskStartedOnTheMainActorIsReported() {
        let findings = lint(Self.helper + """
            @MainActor func start() async {
                Task.detached { try saveVisit() }
                await withTaskGroup(of: Void.self) { group in group.addTask { try? saveVisit() } }
            }
            """)
        #expect(positions(findings) == ["PONY003@3:25", "PONY003@4:72"])
    }

    @Test func aTaskStartedInNonisolatedSynchronousCodeIsReported() {
        let findings = lint(Self.helper + "func start() { Task { try saveVisit() } }")
        #expect(positions(findings) == ["PONY003@2:27"])
    }

    @Test func topLevelCodeOfMainSwiftRunsOnTheMainActor() {
        let source = Self.helper + "try saveVisit()\nTask { try saveVisit() }\nawait refresh()\n"
        #expect(lint([("App/main.swift", source)]).findings.isEmpty)
        #expect(positions(lint([("App/Setup.swift", source)]).findings) == ["PONY003@3:12"])
    }

    @Test func aSynchronousActorMethodRunsOnTheCooperativePool() {
        let findings = lint(Self.helper + """
            actor Archive {
                func store() throws { try saveVisit() }
                static func make() throws { try saveVisit() }
                nonisolated func describe() throws { try saveVisit() }
            }
            """)
        #expect(positions(findings) == ["PONY003@3:31"])
    }

    @Test func aSynchronousDBSessionMethodOfAnActorIsReportedAtItsAttribute() {
        let findings = lint("""
            actor Archive {
                @DBSession func store() throws { }
                @DBSession static func make() throws { }
            }
            """)
        #expect(positions(findings) == ["PONY003@2:5"])
        #expect(findings.first?.message == "synchronous session entered in async code: `@DBSession` on 'store()', a method of an actor")
    }

    @Test func aSynchronousActorInitializerRunsOnItsCaller() {
        #expect(lint(Self.helper + """
            actor Archive {
                init() throws { try saveVisit() }
                deinit { try? saveVisit() }
            }
            """).isEmpty)
    }

    @Test func aTaskCallingAMainActorSessionHelperHopsOffThePool() {
        let files = [
            ("Helpers.swift", "@MainActor func saveVisit() throws { try db.session { } }\n"),
            ("Handler.swift", "func handle() async throws { try await saveVisit() }\n"),
        ]
        #expect(lint(files).findings.isEmpty)
    }

    @Test func aTaskCallingAnActorsSessionMethodIsReportedInsideTheActorOnly() {
        let files = [
            ("Archive.swift", "actor Archive {\n    func store() throws { try db.session { } }\n}\n"),
            ("Handler.swift", "func handle(_ archive: Archive) async throws { try await archive.store() }\n"),
        ]
        #expect(positions(lint(files).findings) == ["PONY003@2:31"])
    }
}

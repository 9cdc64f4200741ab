import PonyLintKit
import Testing

/// Code that is never compiled, and the edges of function bodies, are the same for every pass: the facts walk
/// (which functions open sessions), the async-closure index and the rules walk.
@Suite("Inactive code and function boundaries")
struct InactiveCodeTests {
    @Test func aHelperThatOpensASessionOnlyUnderIfFalseDoesNotMakeItsCallersReport() {
        let findings = lint([("Helpers.swift", """
            #if false
            func saveVisit() throws { try db.session { } }
            #else
            func saveVisit() throws { try cache.store() }
            #endif
            """), ("Handler.swift", "func handle() async throws { try saveVisit() }\n")]).findings
        #expect(findings.isEmpty, "\(findings.map(\.message))")
    }

    @Test func theElseOfIfTrueDoesNotContributeFactsEither() {
        let findings = lint([("Helpers.swift", """
            #if true
            func saveVisit() throws { try cache.store() }
            #else
            func saveVisit() throws { try db.session { } }
            #endif
            """), ("Handler.swift", "func handle() async throws { try saveVisit() }\n")]).findings
        #expect(findings.isEmpty, "\(findings.map(\.message))")
    }

    @Test func aHelperUnderAnUndecidedConditionStillCounts() {
        let findings = lint([("Helpers.swift", """
            #if DEBUG
            func saveVisit() throws { try db.session { } }
            #endif
            """), ("Handler.swift", "func handle() async throws { try saveVisit() }\n")]).findings
        #expect(positions(findings) == ["PONY003@1:34"])
    }

    @Test func anAwaitInsideANestedInitializerOrAccessorDoesNotMakeTheClosureAsync() {
        let findings = lint("""
            func warmUp() throws {
                let work = {
                    final class Loader {
                        init() async { await prepare() }
                        var ready: Bool { get async { await check() } }
                    }
                    try db.session { }
                }
                try work()
            }
            """)
        #expect(findings.isEmpty, "\(findings.map(\.message))")
    }
}

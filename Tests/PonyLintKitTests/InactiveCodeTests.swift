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

    @Test func aReturnUnderIfFalseInASessionClosureIsNotReported() {
        let findings = lint([("Models.swift", "@Entity final class User {}\n"), ("Queries.swift", """
            func newest(id: Int) throws -> String {
                try db.session {
                    #if false
                    return User[id]
                    #else
                    return User[id].name
                    #endif
                }
            }
            """)]).findings
        #expect(findings.isEmpty, "\(findings.map(\.message))")
    }

    @Test func aReturnUnderIfTrueInASessionClosureIsReported() {
        let findings = lint([("Models.swift", "@Entity final class User {}\n"), ("Queries.swift", """
            func newest(id: Int) throws -> User {
                try db.session {
                    #if true
                    return User[id]
                    #endif
                }
            }
            """)]).findings
        #expect(positions(findings) == ["PONY004@4:16"], "\(findings.map(\.message))")
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

    static let debugOnlyHelper = [("Helpers.swift", """
        #if DEBUG
        func saveVisit() throws { try db.session { } }
        #else
        func saveVisit() throws { try cache.store() }
        #endif
        """), ("Handler.swift", """
        func handle() async throws {
            try saveVisit()
        #if DEBUG
            try db.session { }
        #endif
        }
        """)]

    @Test func withoutDefinesBothBranchesOfACustomConditionAreLinted() {
        #expect(positions(lint(Self.debugOnlyHelper).findings) == ["PONY003@2:9", "PONY003@4:9"])
    }

    @Test func aDefinedConditionIsTrueLikeSwiftcD() {
        let configuration = LintConfiguration(definedConditions: ["DEBUG"])
        #expect(positions(lint(Self.debugOnlyHelper, configuration: configuration).findings) == ["PONY003@2:9", "PONY003@4:9"])
    }

    @Test func withDefinesAnUndefinedConditionIsFalse() {
        let configuration = LintConfiguration(definedConditions: ["RELEASE"])
        #expect(lint(Self.debugOnlyHelper, configuration: configuration).findings.isEmpty)
    }

    @Test func platformConditionsStayUndecidedAndAreLinted() {
        let source = """
            func handle() async throws {
            #if os(Linux) && !canImport(Darwin)
                try db.session { }
            #elseif arch(arm64)
                try db.session { }
            #endif
            }
            """
        let configuration = LintConfiguration(definedConditions: ["DEBUG"])
        #expect(positions(lint(source, configuration: configuration)) == ["PONY003@3:9", "PONY003@5:9"])
    }

    static let compoundCondition = """
        func handle() async throws {
        #if DEBUG || !TESTING
            try db.session { }
        #endif
        }
        """

    @Test func aCompoundConditionOfDefinedNamesIsDecided() {
        #expect(lint(Self.compoundCondition, configuration: LintConfiguration(definedConditions: ["TESTING"])).isEmpty)
        #expect(positions(lint(Self.compoundCondition, configuration: LintConfiguration(definedConditions: ["DEBUG"]))) == ["PONY003@3:9"])
    }

    @Test func aConditionThatNeedsAnUnknownIsLintedEvenWhenItCouldBeDecided() {
        // `DEBUG && false` is false whatever DEBUG is, but its evaluation asked about DEBUG: linted, as before.
        #expect(positions(lint(Self.compoundCondition.replacingOccurrences(of: "DEBUG || !TESTING", with: "DEBUG && false")))
            == ["PONY003@3:9"])
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

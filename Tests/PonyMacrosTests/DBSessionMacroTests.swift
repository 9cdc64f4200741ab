import PonyRules
import SwiftSyntaxMacrosGenericTestSupport
import Testing

@Suite("@DBSession expansion")
struct DBSessionMacroTests {
    @Test func wrapsASynchronousFunctionBodyInASession() {
        assertExpansion(
            """
            @DBSession
            func total() throws -> Int {
                let n = try Person.count()
                return n
            }
            """,
            expandedSource: """
            func total() throws -> Int {
                return try Pony._DBSessionScope.run("`@DBSession` function 'total()' declared at TestModule/test.swift:1", site: "TestModule/test.swift:1") { () throws -> Int in
                    let n = try Person.count()
                    return n
                }
            }
            """)
    }

    @Test func wrapsAVoidFunction() {
        assertExpansion(
            """
            @DBSession
            func touch() throws {
                _ = Person(name: "x")
            }
            """,
            expandedSource: """
            func touch() throws {
                return try Pony._DBSessionScope.run("`@DBSession` function 'touch()' declared at TestModule/test.swift:1", site: "TestModule/test.swift:1") { () throws -> Void in
                    _ = Person(name: "x")
                }
            }
            """)
    }

    @Test func passesRetryToTheSession() {
        assertExpansion(
            """
            @DBSession(retry: 3)
            func bump() throws {
                try Counter[1].value += 1
            }
            """,
            expandedSource: """
            func bump() throws {
                return try Pony._DBSessionScope.run("`@DBSession` function 'bump()' declared at TestModule/test.swift:1", site: "TestModule/test.swift:1", retry: 3) { () throws -> Void in
                    try Counter[1].value += 1
                }
            }
            """)
    }

    @Test func passesOptimisticToTheSession() {
        assertExpansion(
            """
            @DBSession(retry: 2, optimistic: false)
            func bump() throws {
                try Counter[1].value += 1
            }
            """,
            expandedSource: """
            func bump() throws {
                return try Pony._DBSessionScope.run("`@DBSession` function 'bump()' declared at TestModule/test.swift:1", site: "TestModule/test.swift:1", retry: 2, optimistic: false) { () throws -> Void in
                    try Counter[1].value += 1
                }
            }
            """)
    }

    @Test func rejectsAnAsyncFunctionWithPONY001FromTheRuleCatalog() {
        let rule = RuleCatalog[id: "PONY001"]
        let message = "PONY001 (session-on-async-function): @DBSession cannot be applied to async function 'load'; "
            + "a session must not stay open across an await. \(rule.fixTitle). Run 'pony-lint explain PONY001' for details."
        assertExpansion(
            """
            @DBSession
            func load() async throws -> Int { 1 }
            """,
            expandedSource: """
            func load() async throws -> Int {
                1
            }
            """,
            diagnostics: [DiagnosticSpec(id: .init(domain: "Pony", id: "PONY001"), message: message, line: 1, column: 1)])
        #expect(message.hasPrefix("PONY001 (session-on-async-function):"))
    }

    @Test func rejectsAFunctionThatDoesNotThrow() {
        assertExpansion(
            """
            @DBSession
            func quiet() { }
            """,
            expandedSource: """
            func quiet() { }
            """,
            diagnostics: [DiagnosticSpec(
                message: "@DBSession requires a function marked 'throws' (untyped): committing the session can fail",
                line: 2, column: 11)])
    }
}

import PonyLintKit
import Testing

/// PONY003 and the definition of an async context.
@Suite("Async contexts (PONY003)")
struct AsyncContextTests {
    @Test func aSyncSessionInASyncClosureInAnAsyncFunctionIsReported() {
        let findings = lint("""
            func importAll(_ rows: [Row]) async throws {
                try rows.forEach { row in
                    try db.session { _ = row }
                }
            }
            """)
        #expect(positions(findings) == ["PONY003@3:13"])
        #expect(findings.first?.message == "synchronous session entered in async code: `db.session { … }` without `await`")
    }

    @Test func theAsyncBridgeIsNotReported() {
        #expect(lint("""
            func load() async throws -> Int {
                try await db.session { 1 }
            }
            """).isEmpty)
    }

    @Test func theAsyncBridgeWithAMemberChainIsNotReported() {
        // Found by fuzzing: the fix inserted `await` here again and again, since the session call is the base of
        // `.map` and `await` covers the whole chain.
        #expect(lint("""
            func names() async throws -> [String] {
                try await db.session { try Person.select().fetch() }.map(\\.name)
            }
            """).isEmpty)
    }

    @Test func theAsyncBridgeAsAnArgumentOfAnAwaitedCallIsNotReported() {
        #expect(lint("""
            func load() async throws -> Set<Int> {
                Set(try await db.session { [1] })
            }
            """).isEmpty)
    }

    @Test func anAwaitOutsideTheClosureThatHoldsTheSessionDoesNotCoverIt() {
        let findings = lint("""
            func load(_ rows: [Int]) async throws {
                await record(rows.map { row in try! db.session { row } })
            }
            """)
        #expect(positions(findings) == ["PONY003@2:41"])
    }

    @Test func aSyncSessionInsideTheBridgeRunsOnTheDatabaseThreadAndIsNotReported() {
        #expect(lint("""
            func load() async throws {
                try await db.session {
                    try other.session { }
                }
            }
            """).isEmpty)
    }

    @Test func closuresSentToADispatchQueueOrThreadAreNotAsync() {
        #expect(lint("""
            func handle() async {
                DispatchQueue.global().async { try? db.session { } }
                queue.async { try? db.session { } }
                Thread { try? db.session { } }.start()
                Thread.detachNewThread { try? db.session { } }
            }
            """).isEmpty)
    }

    @Test func taskBodiesAreAsyncEvenInSyncFunctions() {
        let findings = lint("""
            func start() {
                Task { try db.session { } }
                Task.detached { try db.session { } }
                Task(priority: .high) { try db.session { } }
            }
            func fanOut() async {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { try? db.session { } }
                }
            }
            """)
        #expect(positions(findings) == ["PONY003@2:16", "PONY003@3:25", "PONY003@4:33", "PONY003@8:30"])
    }

    @Test func aNestedSyncFunctionStartsANonAsyncContext() {
        #expect(lint("""
            func outer() async {
                func inner() throws { try db.session { } }
                try? inner()
            }
            """).map(\.message) == ["synchronous session entered in async code: call to 'inner()', which opens a session: inner() → db.session { … }"])
    }

    @Test func closuresAreAsyncBySignatureOrByAwaitingInside() {
        let findings = lint("""
            func make() {
                let a = { () async throws in try db.session { } }
                let b = { await ping(); try? db.session { } }
                let c = { try? db.session { } }
            }
            """)
        #expect(positions(findings) == ["PONY003@2:38", "PONY003@3:34"])
    }

    @Test func forAwaitAndAsyncLetMakeAClosureAsync() {
        let findings = lint("""
            func make() {
                let a = { for await _ in stream { }; try? db.session { } }
                let b = { async let x = ping(); try? db.session { } }
            }
            """)
        #expect(positions(findings) == ["PONY003@2:47", "PONY003@3:42"])
    }

    @Test func anAwaitInANestedClosureOrFunctionDoesNotMakeTheOuterClosureAsync() {
        #expect(lint("""
            func make() {
                let a = { let inner = { await ping() }; try? db.session { } }
                let b = { func inner() async { await ping() }; try? db.session { } }
            }
            """).isEmpty)
    }

    @Test func theWordAwaitInAStringOrCommentDoesNotMakeAClosureAsync() {
        #expect(lint("""
            func make() {
                let a = { print("await"); try? db.session { } } // await
            }
            """).isEmpty)
    }

    @Test func anAwaitInInactiveCodeDoesNotMakeAClosureAsync() {
        #expect(lint("""
            func make() {
                let a = {
                    #if false
                    await ping()
                    #endif
                    try? db.session { }
                }
            }
            """).isEmpty)
    }

    @Test func asyncAccessorsAndInitializersAreAsyncContexts() {
        let findings = lint("""
            struct Repo {
                var count: Int {
                    get async throws { try db.session { 1 } }
                }
                init() async throws {
                    let s = try db.openSession()
                    defer { s.close() }
                }
            }
            """)
        #expect(positions(findings) == ["PONY003@3:32", "PONY003@6:21"])
    }

    @Test func openSessionInAsyncCodeIsReported() {
        let findings = lint("""
            func handle() async throws {
                let session = try db.openSession()
                defer { session.close() }
            }
            """)
        #expect(findings.map(\.message) == ["synchronous session entered in async code: `db.openSession()`"])
    }

    @Test func callingADBSessionFunctionFromAsyncCodeIsReported() {
        let findings = lint("""
            @DBSession
            func touch() throws { }
            func handle() async throws {
                try touch()
            }
            """)
        #expect(positions(findings) == ["PONY003@4:9"])
        #expect(findings.first?.message == "synchronous session entered in async code: call to `@DBSession` function 'touch()'")
    }

    @Test func helpersAreFollowedAcrossFilesWithTheirChain() {
        let report = lint([
            ("Handler.swift", """
                func handle(_ request: Request) async throws {
                    try record(request.path)
                }
                """),
            ("Visits.swift", """
                func record(_ path: String) throws {
                    try storeVisit(path: path)
                }
                """),
            ("Store.swift", """
                func storeVisit(path: String) throws {
                    try db.session { _ = Visit(path: path) }
                }
                """),
        ])
        #expect(positions(report.findings) == ["PONY003@2:9"])
        #expect(report.findings.first?.file == "Handler.swift")
        #expect(report.findings.first?.message == "synchronous session entered in async code: call to 'record(_:)', which opens a session: record(_:) → storeVisit(path:) → db.session { … }")
    }

    @Test func callsResolveByNameAndArgumentLabels() {
        let findings = lint("""
            func save(id: Int) throws { try db.session { } }
            func save(name: String) { }
            func run(_ body: () -> Void, verbose: Bool = false) throws { try db.session { body() } }
            func handle(store: Store) async throws {
                save(name: "x")
                try save(id: 1)
                try store.save(id: 2)
                try run { }
                try run({ }, verbose: true)
            }
            """)
        #expect(positions(findings) == ["PONY003@6:9", "PONY003@7:9", "PONY003@8:9", "PONY003@9:9"])
    }

    @Test func asyncFunctionsAreNotSessionOpeningHelpers() {
        #expect(lint("""
            func refresh() async throws { try await db.session { } }
            func handle() async throws {
                try await refresh()
            }
            """).isEmpty)
    }

    @Test func workSpawnedInsideAHelperDoesNotMakeItSessionOpening() {
        #expect(lint("""
            func later() {
                DispatchQueue.global().async { try? db.session { } }
            }
            func handle() async {
                later()
            }
            """).isEmpty)
    }

    @Test func topLevelCodeIsNotAnAsyncContext() {
        #expect(lint("try db.session { }\n").isEmpty)
    }
}

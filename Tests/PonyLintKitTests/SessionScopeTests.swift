import PonyLintKit
import Testing

/// PONY002 and PONY005, and the definition of a session scope.
@Suite("Session scopes (PONY002, PONY005)")
struct SessionScopeTests {
    @Test func everySuspensionFormInsideASessionIsReported() {
        let findings = lint("""
            func work() async throws {
                try await db.session {
                    await ping()
                    for await value in stream { _ = value }
                    async let later = compute()
                }
            }
            """)
        #expect(positions(findings) == ["PONY002@3:9", "PONY002@4:13", "PONY002@5:9"])
        #expect(findings.map(\.message).first == "`await` inside a `try await db.session { … }` closure: the session stays open while the task is suspended")
    }

    @Test func anAwaitInAnAsyncDBSessionFunctionIsOnlyPONY001() {
        #expect(positions(lint("""
            @DBSession
            func refresh() async throws {
                await ping()
            }
            """)) == ["PONY001@1:1"])
    }

    @Test func aSynchronousDBSessionFunctionBodyIsASessionScope() {
        #expect(positions(lint("""
            @DBSession
            func refresh() throws {
                Task { await ping() }
            }
            """)) == ["PONY005@3:5"])
    }

    @Test func aManualSessionIsOpenUntilItIsCommitted() {
        let findings = lint("""
            func work() throws {
                let session = try db.openSession()
                DispatchQueue.main.async { }
                try session.commit()
                DispatchQueue.main.async { }
            }
            """)
        #expect(positions(findings) == ["PONY006@2:23", "PONY005@3:5"])
    }

    @Test func aManualSessionClosedByDeferIsOpenToTheEndOfItsBlock() {
        let findings = lint("""
            func work() async throws {
                let session = try db.openSession()
                defer { session.close() }
                try session.commit()
                await ping()
            }
            """)
        #expect(positions(findings) == ["PONY003@2:23", "PONY002@5:5"])
        #expect(findings.last?.message == "`await` inside the manual session 'session': the session stays open while the task is suspended")
    }

    @Test func theRuntimeIssuesScenarioIsFoundStatically() {
        let findings = lint("""
            func step() async throws {
                let s = try db.openSession()
                await Task.yield()
                try s.commit()
            }
            """)
        #expect(positions(findings) == ["PONY003@2:17", "PONY006@2:17", "PONY002@3:5"])
    }

    @Test func spawnsInsideASessionAreReportedOnceEach() {
        let findings = lint("""
            func work() throws {
                try db.session {
                    Task { await ping() }
                    Task.detached { }
                    DispatchQueue.global().async { }
                    workQueue.asyncAfter(deadline: .now()) { }
                    Thread { }.start()
                    Thread.detachNewThread { }
                }
            }
            func fan() async throws {
                try await db.session {
                    _ = withTaskGroup(of: Void.self) { group in group.addTask { } }
                }
            }
            """)
        #expect(positions(findings) == [
            "PONY005@3:9", "PONY005@4:9", "PONY005@5:9", "PONY005@6:9", "PONY005@7:9", "PONY005@8:9", "PONY005@13:53",
        ])
        #expect(findings.first?.message == "`Task { … }` started inside a `db.session { … }` closure: it can outlive the session or use it from another thread")
    }

    /// Every member name that can start work, including those the test above does not spell: the names are screened
    /// by their first byte before a set is asked, and none may be lost to that screen.
    @Test func everySpawningMemberNameIsReportedInsideASession() {
        let findings = lint("""
            func fan() async throws {
                try await db.session {
                    _ = withTaskGroup(of: Void.self) { group in
                        group.addTaskUnlessCancelled { }
                        group.addDiscardingTask { }
                    }
                    queue.asyncAndWait { }
                    DispatchQueue.main.async { }
                }
            }
            """)
        #expect(positions(findings) == ["PONY005@4:13", "PONY005@5:13", "PONY005@7:9", "PONY005@8:9"])
    }

    @Test func aTaskInsideASpawnedTaskIsNotReportedAgain() {
        #expect(positions(lint("""
            func work() throws {
                try db.session {
                    Task { Task { } }
                }
            }
            """)) == ["PONY005@3:9"])
    }

    @Test func aNestedFunctionEndsTheSessionScope() {
        #expect(lint("""
            func work() throws {
                try db.session {
                    func helper() async { await ping() }
                }
            }
            """).isEmpty)
    }

    @Test func workOutsideTheSessionIsNotReported() {
        #expect(lint("""
            func work() async throws {
                await ping()
                let value = try await db.session { 1 }
                Task { await send(value) }
            }
            """).isEmpty)
    }
}

@Suite("Returned entities (PONY004)")
struct ReturnedEntityTests {
    static let entities = """
        @Entity final class User {
            var name: String
            init(name: String) { self.name = name }
        }

        """

    func findings(_ body: String) -> [String] {
        positions(lint(Self.entities + body)).map { $0.replacingOccurrences(of: "PONY004@", with: "") }
    }

    @Test func everyWayOfProducingAnEntityIsReported() {
        let found = findings("""
            func a() throws -> User { try db.session { User(name: "x") } }
            func b() throws -> User? { try db.session { try User.get(id: 1) } }
            func c() throws -> User { try db.session { try User[1] } }
            func d() throws -> [User] { try db.session { try User.select().order(by: \\.name).fetch() } }
            func e() throws -> User? { try db.session { try User.select(#Predicate { $0.name == "x" }).first() } }
            func f() throws -> User {
                try db.session {
                    let user = try User[1]
                    return user
                }
            }
            func g() throws -> [User] {
                try db.session {
                    let one = try User[1]
                    return [one, User(name: "y")]
                }
            }
            func h() throws -> User? {
                try db.session {
                    let users = try User.select().fetch()
                    return users.first
                }
            }
            """)
        #expect(found == ["5:44", "6:45", "7:44", "8:46", "9:45", "13:16", "19:16", "25:16"])
    }

    @Test func mappedResultsAreNotReported() {
        #expect(findings("""
            func a() throws -> String { try db.session { try User[1].name } }
            func b() throws -> User.Snapshot { try db.session { try User[1].snapshot() } }
            func c() throws -> [User.Snapshot] { try db.session { try User.select().snapshots() } }
            func d() throws -> Int { try db.session { try User.select().count() } }
            func e() throws -> String {
                try db.session {
                    let user = try User[1]
                    return user.name
                }
            }
            func g() throws -> Int {
                try db.session {
                    let users = try User.select().fetch()
                    return users.count
                }
            }
            func f() async throws -> User.Snapshot { try await db.session { try User[1].snapshot() } }
            """) == [])
    }

    @Test func theBridgeFormIsCheckedToo() {
        let report = lint(Self.entities + """
            func a() async throws -> User { try await db.session { try User[1] } }
            """)
        #expect(positions(report) == ["PONY004@5:56"])
        #expect(report.first?.message == "`User[1]` (User) is returned from a `try await db.session { … }` closure and escapes the session")
    }

    @Test func theMessageQuotesTheExpressionAsWrittenWithoutTheTriviaAroundIt() {
        let report = lint(Self.entities + """
            func a() throws -> [User] {
                try db.session {
                    let name = "Zoë"
                    return /* all */ try User.select() // Zoë's users
                        .fetch() /* done */
                }
            }
            """)
        #expect(report.first?.message == "`User.select() // Zoë's users\n            .fetch()` (User) is returned from a `db.session { … }` closure and escapes the session")
    }

    @Test func typesThatAreNotEntitiesAreNotReported() {
        #expect(positions(lint("""
            func a() throws -> URL { try db.session { URL(string: "x")! } }
            """)) == [])
    }

    @Test func returnsOfNestedClosuresDoNotCount() {
        #expect(findings("""
            func a() throws -> Int {
                try db.session {
                    let make = { () -> User in return User(name: "x") }
                    _ = make
                    return 1
                }
            }
            """) == [])
    }
}

@Suite("Manual sessions (PONY006)")
struct ManualSessionRuleTests {
    @Test func aDeferThatCommitsRollsBackOrClosesIsEnough() {
        #expect(lint("""
            func a() throws {
                let s = try db.openSession()
                defer { s.close() }
            }
            func b() throws {
                let s = try db.openSession()
                defer { try? s.commit() }
            }
            func c() throws {
                let s = try db.openSession()
                defer { if failed { s.rollback() } else { s.close() } }
            }
            """).isEmpty)
    }

    @Test func aDiscardedSessionIsReported() {
        let findings = lint("""
            func a() throws {
                try db.openSession()
                _ = try db.openSession()
            }
            """)
        #expect(positions(findings) == ["PONY006@2:9", "PONY006@3:13"])
        #expect(findings.first?.message == "`db.openSession()` has its result discarded, so the session can never be closed")
    }

    @Test func aSessionHandedElsewhereIsReported() {
        #expect(positions(lint("""
            func a() throws -> ManualSession {
                return try db.openSession()
            }
            final class Holder {
                var session: ManualSession?
                func start() throws { session = try db.openSession() }
            }
            """)) == ["PONY006@2:16", "PONY006@6:41"])
    }

    @Test func aDeferInAnotherBlockDoesNotCount() {
        #expect(positions(lint("""
            func a() throws {
                let s = try db.openSession()
                if ready {
                    defer { s.close() }
                }
            }
            """)) == ["PONY006@2:17"])
    }
}

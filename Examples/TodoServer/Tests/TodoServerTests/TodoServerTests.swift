import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Pony
import Testing
import TodoServerKit

/// The API end to end through Hummingbird's test client, on a fresh database each test: in-memory SQLite, or
/// with `PONY_TEST_DATABASE=postgresql` a new schema on the server of `PONY_TEST_POSTGRES_URL`.
@Suite("Todo server", .serialized)
struct TodoServerTests {
    func withApp(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withApp { client, _ in try await test(client) }
    }

    /// Runs `test` with the app and the URL of its database.
    func withApp<Value>(_ test: @Sendable (any TestClientProtocol, String) async throws -> Value) async throws -> Value {
        let url = try await TestDatabase.freshURL()
        let config = ConfigReader(provider: InMemoryProvider(values: ["pony.database.url": .init(stringLiteral: url)]))
        let app = try TodoServer.makeApplication(config: config)
        return try await app.test(.router) { client in try await test(client, url) }
    }

    func json(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(data: try JSONEncoder().encode(value))
    }

    /// Decodes a response as the server encodes it (Hummingbird writes dates in ISO 8601).
    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: response.body)
    }

    @Test func createsReadsUpdatesAndDeletesATodo() async throws {
        try await withApp { (client) async throws in
            let created = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: "  write docs ")))
            #expect(created.status == .created)
            let todo = try decode(Todo.Snapshot.self, created)
            #expect(todo.title == "write docs")
            #expect(todo.done == false)

            let fetched = try await client.execute(uri: "/todos/\(todo.id)", method: .get)
            #expect(try decode(Todo.Snapshot.self, fetched) == todo)

            let patched = try await client.execute(uri: "/todos/\(todo.id)", method: .patch, body: try json(TodoChanges(done: true)))
            #expect(patched.status == .ok)
            #expect(try decode(Todo.Snapshot.self, patched).done)

            let deleted = try await client.execute(uri: "/todos/\(todo.id)", method: .delete)
            #expect(deleted.status == .noContent)
            #expect(try await client.execute(uri: "/todos/\(todo.id)", method: .get).status == .notFound)
        }
    }

    @Test func filtersByDone() async throws {
        try await withApp { (client) async throws in
            for title in ["a", "b", "c"] {
                _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: title)))
            }
            _ = try await client.execute(uri: "/todos/2", method: .patch, body: try json(TodoChanges(done: true)))
            let done = try decode([Todo.Snapshot].self, try await client.execute(uri: "/todos?done=true", method: .get))
            let open = try decode([Todo.Snapshot].self, try await client.execute(uri: "/todos?done=false", method: .get))
            let all = try decode([Todo.Snapshot].self, try await client.execute(uri: "/todos", method: .get))
            #expect(done.map(\.title) == ["b"])
            #expect(open.map(\.title) == ["a", "c"])
            #expect(all.count == 3)
        }
    }

    @Test func listsTodosInPagesWithTheTotalInAHeader() async throws {
        try await withApp { (client) async throws in
            for number in 1...7 {
                _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: "todo \(number)")))
            }
            let second = try await client.execute(uri: "/todos?page=2&per_page=3", method: .get)
            #expect(try decode([TodoListItem].self, second).map(\.title) == ["todo 4", "todo 5", "todo 6"])
            #expect(second.headers[HTTPField.Name("X-Total-Count")!] == "7")
            let last = try await client.execute(uri: "/todos?page=3&per_page=3", method: .get)
            #expect(try decode([TodoListItem].self, last).map(\.title) == ["todo 7"])
            let beyond = try await client.execute(uri: "/todos?page=4&per_page=3", method: .get)
            #expect(try decode([TodoListItem].self, beyond).isEmpty)
            let done = try await client.execute(uri: "/todos?done=true", method: .get)
            #expect(done.headers[HTTPField.Name("X-Total-Count")!] == "0")
        }
    }

    @Test(arguments: ["page=0", "page=x", "per_page=0", "per_page=501", "page=1.5"])
    func rejectsABadPageWith400(query: String) async throws {
        try await withApp { (client) async throws in
            let response = try await client.execute(uri: "/todos?\(query)", method: .get)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("must be a whole number"), "\(String(buffer: response.body))")
        }
    }

    @Test func listItemsNameTheirOwner() async throws {
        try await withApp { (client) async throws in
            let ann = try decode(User.Snapshot.self, try await client.execute(uri: "/users", method: .post, body: try json(NewUser(name: "ann"))))
            _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: "hers", userID: ann.id)))
            _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: "nobody's")))
            let items = try decode([TodoListItem].self, try await client.execute(uri: "/todos", method: .get))
            #expect(items.map(\.ownerName) == ["ann", nil])
            #expect(items.map(\.owner) == [ann.id, nil])
        }
    }

    @Test func statsCountTodosPerUser() async throws {
        try await withApp { (client) async throws in
            var users: [String: Int64] = [:]
            for name in ["bob", "ann", "cid"] {
                users[name] = try decode(User.Snapshot.self, try await client.execute(uri: "/users", method: .post, body: try json(NewUser(name: name)))).id
            }
            for (title, owner) in [("a", "ann"), ("b", "ann"), ("c", "bob"), ("d", nil)] as [(String, String?)] {
                _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: title, userID: owner.flatMap { users[$0] })))
            }
            _ = try await client.execute(uri: "/todos/1", method: .patch, body: try json(TodoChanges(done: true)))
            let stats = try decode(TodoStats.self, try await client.execute(uri: "/stats", method: .get))
            #expect(stats.todos == 4)
            #expect(stats.done == 1)
            #expect(stats.unassigned == 1)
            #expect(stats.perUser.map { "\($0.name): \($0.todos)" } == ["ann: 2", "bob: 1", "cid: 0"])
            #expect(stats.perUser.first?.userID == users["ann"])
        }
    }

    @Test func listsAUsersTodosThroughTheRelationship() async throws {
        try await withApp { (client) async throws in
            let user = try decode(User.Snapshot.self, try await client.execute(uri: "/users", method: .post, body: try json(NewUser(name: "ann"))))
            _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: "hers", userID: user.id)))
            _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: "nobody's")))
            let todos = try decode([Todo.Snapshot].self, try await client.execute(uri: "/users/\(user.id)/todos", method: .get))
            #expect(todos.map(\.title) == ["hers"])
            #expect(todos.first?.owner == user.id)
            #expect(try await client.execute(uri: "/users/99/todos", method: .get).status == .notFound)
        }
    }

    @Test func tagsLinkTodosBothWays() async throws {
        try await withApp { (client) async throws in
            for title in ["buy milk", "fix bike", "call mum"] {
                _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: title)))
            }
            for (todo, tag) in [(1, "home"), (1, "errand"), (2, "home"), (1, "home")] {
                let response = try await client.execute(uri: "/todos/\(todo)/tags", method: .post, body: try json(NewTag(name: tag)))
                #expect(response.status == .created)
            }
            let tagged = try await client.execute(uri: "/todos/1/tags", method: .post, body: try json(NewTag(name: "home")))
            #expect(try decode(TodoTags.self, tagged) == TodoTags(todoID: 1, tags: ["errand", "home"]), "tagging twice links once")
            let home = try decode([Todo.Snapshot].self, try await client.execute(uri: "/tags/home/todos", method: .get))
            #expect(home.map(\.title) == ["buy milk", "fix bike"])

            let untagged = try await client.execute(uri: "/todos/1/tags/home", method: .delete)
            #expect(try decode(TodoTags.self, untagged) == TodoTags(todoID: 1, tags: ["errand"]))
            #expect(try await client.execute(uri: "/todos/1/tags/home", method: .delete).status == .notFound)
            #expect(try await client.execute(uri: "/todos/2", method: .delete).status == .noContent)
            let left = try decode([Todo.Snapshot].self, try await client.execute(uri: "/tags/home/todos", method: .get))
            #expect(left.isEmpty, "deleting a to-do removes its links, the tag stays")
        }
    }

    @Test func tagRoutesAnswer404And400() async throws {
        try await withApp { (client) async throws in
            #expect(try await client.execute(uri: "/tags/none/todos", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/todos/9/tags", method: .post, body: try json(NewTag(name: "x"))).status == .notFound)
            _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: "a")))
            let bad = try await client.execute(uri: "/todos/1/tags", method: .post, body: try json(NewTag(name: "two words")))
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("tag name may hold letters, digits, '-' and '_' only, got 'two words'"))
        }
    }

    @Test(arguments: [
        ("/todos", #"{"title": "   "}"#, "title must not be empty"),
        ("/todos", #"{"title": "x", "userID": 42}"#, "userID 42 does not exist"),
        ("/todos", #"{"name": "x"}"#, "invalid JSON body for NewTodo"),
        ("/todos", #"not json"#, "invalid JSON body for NewTodo"),
        ("/users", #"{"name": ""}"#, "name must not be empty"),
    ])
    func rejectsInvalidInputWith400(uri: String, body: String, message: String) async throws {
        try await withApp { (client) async throws in
            let response = try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains(message), "\(String(buffer: response.body))")
        }
    }

    @Test func rejectsABadQueryOrPatch() async throws {
        try await withApp { (client) async throws in
            #expect(try await client.execute(uri: "/todos?done=maybe", method: .get).status == .badRequest)
            _ = try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: "a")))
            let empty = try await client.execute(uri: "/todos/1", method: .patch, body: ByteBuffer(string: "{}"))
            #expect(empty.status == .badRequest)
            #expect(try await client.execute(uri: "/todos/abc", method: .get).status == .badRequest)
        }
    }

    @Test func answers404ForMissingRows() async throws {
        try await withApp { (client) async throws in
            #expect(try await client.execute(uri: "/todos/7", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/todos/7", method: .patch, body: try json(TodoChanges(done: true))).status == .notFound)
            #expect(try await client.execute(uri: "/todos/7", method: .delete).status == .notFound)
        }
    }

    @Test func rejectsADuplicateUserWith409() async throws {
        try await withApp { (client) async throws in
            #expect(try await client.execute(uri: "/users", method: .post, body: try json(NewUser(name: "ann"))).status == .created)
            #expect(try await client.execute(uri: "/users", method: .post, body: try json(NewUser(name: "ann"))).status == .conflict)
        }
    }

    @Test func twoHundredConcurrentRequestsLoseNoWrite() async throws {
        try await withApp { (client) async throws in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await client.execute(uri: "/todos", method: .post, body: try json(NewTodo(title: "todo \(index)"))).status
                    }
                }
                for try await status in group {
                    #expect(status == .created)
                }
            }
            let listed = try await client.execute(uri: "/todos?per_page=500", method: .get)
            let all = try decode([Todo.Snapshot].self, listed)
            #expect(all.count == 200)
            #expect(Set(all.map(\.title)).count == 200)
            #expect(listed.headers[HTTPField.Name("X-Total-Count")!] == "200")
        }
    }

    /// A database file version 1 created (before the priority column), with one to-do in it.
    func v1DatabaseFile() async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("todos-v1-\(UUID().uuidString).sqlite").path
        let db = Database()
        try db.bind(.sqlite(path: path, create: true))
        try await db.session {
            _ = try db.execute(sql: "CREATE TABLE \"User\" (\"id\" INTEGER PRIMARY KEY, \"name\" TEXT NOT NULL UNIQUE)")
            _ = try db.execute(sql: "CREATE TABLE \"Todo\" (\"id\" INTEGER PRIMARY KEY, \"title\" TEXT NOT NULL, \"done\" INTEGER NOT NULL, \"createdAt\" REAL NOT NULL, \"owner\" INTEGER REFERENCES \"User\" (\"id\"))")
            _ = try db.execute(sql: "CREATE INDEX \"Todo_done_index\" ON \"Todo\" (\"done\")")
            _ = try db.execute(sql: "CREATE INDEX \"Todo_owner_index\" ON \"Todo\" (\"owner\")")
            _ = try db.execute(sql: "INSERT INTO \"Todo\" (\"title\", \"done\", \"createdAt\") VALUES ('from version 1', 0, 0)")
        }
        try db.disconnect()
        return path
    }

    @Test func startsOnAVersion1DatabaseByMigratingIt() async throws {
        let path = try await v1DatabaseFile()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let config = ConfigReader(provider: InMemoryProvider(values: ["pony.database.url": .init(stringLiteral: "sqlite:///\(path)")]))
        let app = try TodoServer.makeApplication(config: config)
        try await app.test(.router) { client in
            let todos = try decode([Todo.Snapshot].self, try await client.execute(uri: "/todos", method: .get))
            #expect(todos.map(\.title) == ["from version 1"])
            #expect(todos.map(\.priority) == [0], "the migration gave the existing row the default")
            let changed = try decode(Todo.Snapshot.self, try await client.execute(
                uri: "/todos/\(todos[0].id)", method: .patch, body: try json(TodoChanges(priority: 3))))
            #expect(changed.priority == 3)
        }
        let db = Database()
        try db.bind(.sqlite(path: path))
        defer { try? db.disconnect() }
        #expect(try TodoServer.migrator.appliedMigrations(in: db) == ["v2: todo priority"])
    }

    /// Two interleaved writers on PostgreSQL: another instance's transaction changes the to-do's title and holds
    /// the row while a PATCH reads the old values and tries to write. When the other commits, the PATCH's
    /// optimistic check compares the columns it changed.
    func patchWhileAnotherInstanceRenames(_ changes: TodoChanges) async throws -> (HTTPResponse.Status, stored: Todo.Snapshot) {
        try await withApp { (client, url) async throws -> (HTTPResponse.Status, stored: Todo.Snapshot) in
            let created = try decode(Todo.Snapshot.self, try await client.execute(
                uri: "/todos", method: .post, body: try json(NewTodo(title: "write tests"))))
            let other = OtherInstance(url: url)
            try await other.changeTitleAndHold(todo: created.id, to: "write more tests")
            async let patch = client.execute(uri: "/todos/\(created.id)", method: .patch, body: try json(changes))
            try await other.commitOnceAnotherTransactionWaits()
            let status = try await patch.status
            let stored = try decode(Todo.Snapshot.self, try await client.execute(uri: "/todos/\(created.id)", method: .get))
            return (status, stored)
        }
    }

    @Test(.enabled(if: TestDatabase.isPostgreSQL, "needs a server: two writers of one row only interleave on PostgreSQL"))
    func aPatchOfAnAttributeChangedUnderneathIsA409() async throws {
        let (status, stored) = try await patchWhileAnotherInstanceRenames(TodoChanges(title: "write no tests"))
        #expect(status == .conflict)
        #expect(stored.title == "write more tests", "the other instance's change stands, the PATCH wrote nothing")
    }

    @Test(.enabled(if: TestDatabase.isPostgreSQL, "needs a server: two writers of one row only interleave on PostgreSQL"))
    func aPatchOfAnotherAttributeMergesWithTheChangeUnderneath() async throws {
        let (status, stored) = try await patchWhileAnotherInstanceRenames(TodoChanges(done: true))
        #expect(status == .ok)
        #expect(stored.title == "write more tests" && stored.done == true)
    }
}

/// Another app instance on the same PostgreSQL database, writing with raw SQL in a transaction it holds open
/// on a thread of its own (a manual session belongs to its thread).
final class OtherInstance: @unchecked Sendable {
    let url: String
    private let commands = DispatchSemaphore(value: 0)
    private let replies = DispatchSemaphore(value: 0)
    private var error: (any Error)?

    init(url: String) {
        self.url = url
    }

    /// Opens a transaction that changes the title and keeps the row locked.
    func changeTitleAndHold(todo id: Int64, to title: String) async throws {
        let thread = Thread { [self] in
            var holding = false
            do {
                let db = Database()
                try db.bind(.postgres(url: url, maxConnections: 1))
                defer { try? db.disconnect() }
                let session = try db.openSession()
                defer { session.close() }
                _ = try db.execute(sql: "UPDATE \"Todo\" SET \"title\" = ? WHERE \"id\" = ?", arguments: [title, id])
                holding = true
                replies.signal()
                commands.wait()
                try waitForAnotherTransactionToWait()
                try session.commit()
            } catch {
                self.error = error
            }
            if !holding { replies.signal() }
            replies.signal()
        }
        thread.start()
        try await waitForReply()
    }

    /// Commits once another transaction waits for the row, so the waiting writer sees the change.
    func commitOnceAnotherTransactionWaits() async throws {
        commands.signal()
        try await waitForReply()
    }

    private func waitForAnotherTransactionToWait() throws {
        let watcher = Database()
        try watcher.bind(.postgres(url: url, maxConnections: 1))
        defer { try? watcher.disconnect() }
        for _ in 0..<500 {
            let waiting = try watcher.session {
                try watcher.select(sql: "SELECT COUNT(*) AS n FROM pg_locks WHERE NOT granted")[0].decode("n", as: Int.self)
            }
            if waiting > 0 { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw PonyError.configuration("no transaction waited for the row within 5 s")
    }

    private func waitForReply() async throws {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [replies] in
                replies.wait()
                continuation.resume()
            }
        }
        if let error { throw error }
    }
}

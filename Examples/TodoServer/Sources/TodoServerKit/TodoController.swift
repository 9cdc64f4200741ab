import Foundation
import Hummingbird
import Pony

/// The routes. Every handler does its async work (decoding, validation) first, then one short
/// `try await db.session { … }` that returns snapshots — never an entity, never an `await` inside.
struct TodoController: Sendable {
    let db: Database

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("users", use: createUser)
        router.get("users/:id/todos", use: todosOfUser)
        router.get("todos", use: listTodos)
        router.get("stats", use: stats)
        router.post("todos", use: createTodo)
        router.get("todos/:id", use: getTodo)
        router.patch("todos/:id", use: updateTodo)
        router.delete("todos/:id", use: deleteTodo)
    }

    @Sendable func createUser(_ request: Request, context: some RequestContext) async throws -> EditedResponse<User.Snapshot> {
        let input = try await request.decodeJSON(NewUser.self, context: context).validated()
        do {
            let user = try await db.session { try User(name: input.name).snapshot() }
            return EditedResponse(status: .created, response: user)
        } catch PonyError.constraintViolation {
            throw HTTPError(.conflict, message: "a user named '\(input.name)' already exists")
        }
    }

    @Sendable func todosOfUser(_ request: Request, context: some RequestContext) async throws -> [Todo.Snapshot] {
        let id = try context.parameters.require("id", as: Int64.self)
        return try await db.session {
            guard let user = try User.get(id: id) else { throw HTTPError(.notFound, message: "no user \(id)") }
            return try user.todos.snapshots()
        }
    }

    /// `GET /todos?done=&page=&per_page=`: one page of to-dos (50 unless asked, by id), each with its owner's
    /// name, and the number of matching to-dos over all pages in `X-Total-Count`. Three queries: the count, the
    /// page, and its owners (one prefetch, however many to-dos).
    @Sendable func listTodos(_ request: Request, context: some RequestContext) async throws -> EditedResponse<[TodoListItem]> {
        var query = Todo.select()
        if let raw = request.uri.queryParameters["done"] {
            guard let done = Bool(String(raw)) else {
                throw HTTPError(.badRequest, message: "done must be true or false, got '\(raw)'")
            }
            query = try query.filter(#Predicate { $0.done == done })
        }
        let page = try ListPage(of: request)
        let matching = query
        let listing = try query.page(page.number, size: page.size).prefetch(\.owner)
        let (total, items) = try await db.session {
            (try matching.count(), try listing.fetch().map(TodoListItem.init))
        }
        return EditedResponse(headers: [.totalCount: "\(total)"], response: items)
    }

    /// `GET /stats`: how many to-dos there are, how many are done, and how many each user has.
    @Sendable func stats(_ request: Request, context: some RequestContext) async throws -> TodoStats {
        try await db.session { try TodoStats.current() }
    }

    @Sendable func createTodo(_ request: Request, context: some RequestContext) async throws -> EditedResponse<Todo.Snapshot> {
        let input = try await request.decodeJSON(NewTodo.self, context: context).validated()
        // Retried on busy or conflict errors: creating twice cannot happen, a failed try is rolled back.
        let todo = try await db.session(retry: 3) {
            var owner: User?
            if let userID = input.userID {
                guard let user = try User.get(id: userID) else {
                    throw HTTPError(.badRequest, message: "userID \(userID) does not exist")
                }
                owner = user
            }
            return try Todo(title: input.title, owner: owner).snapshot()
        }
        return EditedResponse(status: .created, response: todo)
    }

    @Sendable func getTodo(_ request: Request, context: some RequestContext) async throws -> Todo.Snapshot {
        let id = try context.parameters.require("id", as: Int64.self)
        return try await db.session { try Self.todo(id).snapshot() }
    }

    /// A PATCH is not retried: when another request changed the to-do between this one's read and its write
    /// (the optimistic check failed), the client gets 409 and decides, since it asked for a change to what it
    /// saw. Changes to attributes the other request did not touch merge without a conflict.
    @Sendable func updateTodo(_ request: Request, context: some RequestContext) async throws -> Todo.Snapshot {
        let id = try context.parameters.require("id", as: Int64.self)
        let changes = try await request.decodeJSON(TodoChanges.self, context: context).validated()
        do {
            return try await db.session {
                let todo = try Self.todo(id)
                if let title = changes.title { todo.title = title }
                if let done = changes.done { todo.done = done }
                if let priority = changes.priority { todo.priority = priority }
                return try todo.snapshot()
            }
        } catch PonyError.optimisticCheckFailed {
            throw HTTPError(.conflict, message: "todo \(id) was changed by another request while this one ran; read it again")
        }
    }

    /// A DELETE runs again (up to 3 times) when another request changed the to-do meanwhile: deleting the
    /// newer version is what the client asked for.
    @Sendable func deleteTodo(_ request: Request, context: some RequestContext) async throws -> HTTPResponse.Status {
        let id = try context.parameters.require("id", as: Int64.self)
        try await db.session(retry: 3) { try Self.todo(id).delete() }
        return .noContent
    }

    /// The to-do with this ID, or a 404. Called inside a session.
    static func todo(_ id: Int64) throws -> Todo {
        guard let todo = try Todo.get(id: id) else { throw HTTPError(.notFound, message: "no todo \(id)") }
        return todo
    }
}

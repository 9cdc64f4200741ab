import Hummingbird
import Pony

/// The tag routes: tags are linked to to-dos through a many-to-many relationship (`Todo.tags` / `Tag.todos`).
struct TagController: Sendable {
    let db: Database

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("todos/:id/tags", use: tagTodo)
        router.delete("todos/:id/tags/:name", use: untagTodo)
        router.get("tags/:name/todos", use: todosWithTag)
    }

    /// `POST /todos/{id}/tags` `{"name": "home"}`: links the tag (created on first use) to the to-do; tagging twice
    /// changes nothing. Answers the to-do's tags. When two requests create the same new tag at once, the loser's
    /// insert breaks the unique name and its session runs again, finding the winner's tag.
    @Sendable func tagTodo(_ request: Request, context: some RequestContext) async throws -> EditedResponse<TodoTags> {
        let id = try context.parameters.require("id", as: Int64.self)
        let name = try await request.decodeJSON(NewTag.self, context: context).validated().name
        let tag = { [db] in
            try await db.session(retry: 3) {
                let todo = try TodoController.todo(id)
                let tag = try Tag.select(#Predicate { $0.name == name }).first() ?? Tag(name: name)
                if !todo.tags.contains(where: { $0 === tag }) { todo.tags.append(tag) }
                return TodoTags(todo)
            }
        }
        do {
            return EditedResponse(status: .created, response: try await tag())
        } catch PonyError.constraintViolation {
            return EditedResponse(status: .created, response: try await tag())
        }
    }

    /// `DELETE /todos/{id}/tags/{name}`: unlinks the tag; the tag itself stays. Answers the to-do's tags.
    @Sendable func untagTodo(_ request: Request, context: some RequestContext) async throws -> TodoTags {
        let id = try context.parameters.require("id", as: Int64.self)
        let name = try context.parameters.require("name")
        return try await db.session(retry: 3) {
            let todo = try TodoController.todo(id)
            let before = todo.tags.count
            todo.tags.removeAll { $0.name == name }
            guard todo.tags.count < before else { throw HTTPError(.notFound, message: "todo \(id) has no tag '\(name)'") }
            return TodoTags(todo)
        }
    }

    /// `GET /tags/{name}/todos`: the to-dos with the tag, by id.
    @Sendable func todosWithTag(_ request: Request, context: some RequestContext) async throws -> [Todo.Snapshot] {
        let name = try context.parameters.require("name")
        return try await db.session {
            guard let tag = try Tag.select(#Predicate { $0.name == name }).first() else {
                throw HTTPError(.notFound, message: "no tag '\(name)'")
            }
            return try tag.todos.snapshots()
        }
    }
}

extension TodoTags {
    /// The to-do's tag names, sorted. Called inside a session.
    init(_ todo: Todo) {
        self.init(todoID: todo.id, tags: todo.tags.map(\.name).sorted())
    }
}

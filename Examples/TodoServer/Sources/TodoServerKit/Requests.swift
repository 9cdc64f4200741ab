import Foundation
import Hummingbird

/// `POST /users` body.
public struct NewUser: Codable, Sendable {
    public var name: String

    public init(name: String) { self.name = name }

    func validated() throws -> NewUser {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw HTTPError(.badRequest, message: "name must not be empty") }
        guard name.count <= 100 else { throw HTTPError(.badRequest, message: "name must be at most 100 characters, got \(name.count)") }
        return NewUser(name: name)
    }
}

/// `POST /todos` body.
public struct NewTodo: Codable, Sendable {
    public var title: String
    public var userID: Int64?

    public init(title: String, userID: Int64? = nil) {
        self.title = title
        self.userID = userID
    }

    func validated() throws -> NewTodo {
        NewTodo(title: try TodoTitle.validate(title), userID: userID)
    }
}

/// `PATCH /todos/{id}` body: only the fields present change.
public struct TodoChanges: Codable, Sendable {
    public var title: String?
    public var done: Bool?
    public var priority: Int?

    public init(title: String? = nil, done: Bool? = nil, priority: Int? = nil) {
        self.title = title
        self.done = done
        self.priority = priority
    }

    func validated() throws -> TodoChanges {
        guard title != nil || done != nil || priority != nil else {
            throw HTTPError(.badRequest, message: "nothing to change: send title, done and/or priority")
        }
        if let priority, !(0...9).contains(priority) {
            throw HTTPError(.badRequest, message: "priority must be 0 to 9, got \(priority)")
        }
        return TodoChanges(title: try title.map(TodoTitle.validate), done: done, priority: priority)
    }
}

enum TodoTitle {
    static func validate(_ title: String) throws -> String {
        let title = title.trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty else { throw HTTPError(.badRequest, message: "title must not be empty") }
        guard title.count <= 200 else { throw HTTPError(.badRequest, message: "title must be at most 200 characters, got \(title.count)") }
        return title
    }
}

extension Request {
    /// The JSON body as `T`, or a 400 naming what is wrong with it.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        do {
            return try await decode(as: T.self, context: context)
        } catch let error as HTTPError where error.status == .badRequest {
            throw HTTPError(.badRequest, message: "invalid JSON body for \(T.self): \(error.body ?? "unreadable")")
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError(.badRequest, message: "invalid JSON body for \(T.self): \(error)")
        }
    }
}

/// `POST /todos/{id}/tags` body.
public struct NewTag: Codable, Sendable {
    public var name: String

    public init(name: String) { self.name = name }

    /// Tags are single words of letters, digits, `-` and `_`, at most 50 characters, compared as given.
    func validated() throws -> NewTag {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw HTTPError(.badRequest, message: "tag name must not be empty") }
        guard name.count <= 50 else { throw HTTPError(.badRequest, message: "tag name must be at most 50 characters, got \(name.count)") }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw HTTPError(.badRequest, message: "tag name may hold letters, digits, '-' and '_' only, got '\(name)'")
        }
        return NewTag(name: name)
    }
}

/// A to-do's tags, the response of `POST /todos/{id}/tags` and `DELETE /todos/{id}/tags/{name}`.
public struct TodoTags: Codable, Sendable, Equatable, ResponseEncodable {
    public var todoID: Int64
    public var tags: [String]

    public init(todoID: Int64, tags: [String]) {
        self.todoID = todoID
        self.tags = tags
    }
}

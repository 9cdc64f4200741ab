import Foundation
import Hummingbird
import Pony

/// A person who owns to-dos. The response schema is the generated `User.Snapshot`.
@Entity public final class User {
    @Attribute(.unique) public var name: String
    public var todos: [Todo]

    public init(name: String) {
        self.name = name
    }
}

/// One to-do, optionally assigned to a user.
@Entity public final class Todo {
    public var title: String
    @Attribute(.indexed) public var done: Bool = false
    public var createdAt: Date
    public var owner: User?
    /// 0 (none) to 9; added in version 2 by the migration "v2: todo priority".
    public var priority: Int = 0

    public init(title: String, owner: User?) {
        self.title = title
        self.owner = owner
        createdAt = Date()
    }
}

// Snapshots are the API's response schemas, as Pydantic models are in the FastAPI guide.
extension User.Snapshot: ResponseEncodable {}
extension Todo.Snapshot: ResponseEncodable {}

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
    /// Many-to-many: the links live in the table `Tag_Todo`.
    public var tags: [Tag]

    public init(title: String, owner: User?) {
        self.title = title
        self.owner = owner
        createdAt = Date()
    }
}

/// A label on to-dos; a to-do has any number of tags and a tag any number of to-dos.
@Entity public final class Tag {
    @Attribute(.unique) public var name: String
    public var todos: [Todo]

    public init(name: String) {
        self.name = name
    }
}

// Snapshots are the API's response schemas, as Pydantic models are in the FastAPI guide.
extension User.Snapshot: ResponseEncodable {}
extension Todo.Snapshot: ResponseEncodable {}

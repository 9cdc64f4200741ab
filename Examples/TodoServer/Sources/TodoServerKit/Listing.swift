import Foundation
import HTTPTypes
import Hummingbird
import Pony

/// One to-do in `GET /todos`: its snapshot's fields and its owner's name, loaded for the whole page with one
/// prefetch query.
public struct TodoListItem: Codable, Sendable, Equatable, ResponseEncodable {
    public var id: Int64
    public var title: String
    public var done: Bool
    public var createdAt: Date
    public var owner: Int64?
    public var ownerName: String?
    public var priority: Int

    /// Reads `todo` and its owner; call inside the session that loaded it.
    init(_ todo: Todo) throws {
        let snapshot = try todo.snapshot()
        id = snapshot.id
        title = snapshot.title
        done = snapshot.done
        createdAt = snapshot.createdAt
        owner = snapshot.owner
        ownerName = todo.owner?.name
        priority = snapshot.priority
    }
}

/// `?page=` and `?per_page=` of a list request: 1-based, 50 to-dos a page unless asked, at most 500.
struct ListPage {
    static let defaultSize = 50
    static let largestSize = 500

    let number: Int
    let size: Int

    /// The page `request` asks for, or a 400 naming the parameter and the value.
    init(of request: Request) throws {
        let parameters = request.uri.queryParameters
        number = try Self.parse("page", parameters["page"], default: 1, in: 1...Int.max)
        size = try Self.parse("per_page", parameters["per_page"], default: Self.defaultSize, in: 1...Self.largestSize)
    }

    private static func parse(_ name: String, _ raw: Substring?, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw else { return value }
        guard let number = Int(raw), range.contains(number) else {
            let bounds = range.upperBound == Int.max ? "1 or more" : "\(range.lowerBound) to \(range.upperBound)"
            throw HTTPError(.badRequest, message: "\(name) must be a whole number, \(bounds), got '\(raw)'")
        }
        return number
    }
}

/// `GET /stats`: to-do counts in all, done, and per user, from aggregate queries.
public struct TodoStats: Codable, Sendable, Equatable, ResponseEncodable {
    public struct PerUser: Codable, Sendable, Equatable {
        public var userID: Int64
        public var name: String
        public var todos: Int
    }

    public var todos: Int
    public var done: Int
    public var unassigned: Int
    /// Every user, those without to-dos too, by name.
    public var perUser: [PerUser]

    /// Counts with one query per figure (two `COUNT`s, one `GROUP BY`, one list of users); call inside a session.
    static func current() throws -> TodoStats {
        let perOwner = try Todo.select().count(groupedBy: \.owner)
        let users = try User.select().order(by: \.name).fetch()
        return TodoStats(
            todos: try Todo.select().count(),
            done: try Todo.select(#Predicate { $0.done }).count(),
            unassigned: perOwner[nil] ?? 0,
            perUser: users.map { PerUser(userID: $0.id, name: $0.name, todos: perOwner[$0.id] ?? 0) })
    }
}

extension HTTPField.Name {
    /// The number of to-dos a list request matches, over all its pages.
    static let totalCount = HTTPField.Name("X-Total-Count")!
}

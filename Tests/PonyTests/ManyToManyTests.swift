import Foundation
import Logging
import Pony
import Testing

@Entity final class Post {
    var title: String
    var topics: [Topic]
    init(title: String) { self.title = title }
    init(title: String, topics: [Topic]) {
        self.title = title
        self.topics = topics
    }
}

@Entity final class Topic {
    var name: String
    var posts: [Post]
    init(name: String) { self.name = name }
}

/// A symmetric relation of an entity with itself: nothing else points back, so `friends` is its own inverse.
@Entity final class Pal {
    var name: String
    var friends: [Pal]
    init(name: String) { self.name = name }
}

/// Two to-many attributes of one entity that are each other's inverse.
@Entity final class Fan {
    var name: String
    @Relationship(inverse: \Fan.following) var followers: [Fan]
    var following: [Fan]
    init(name: String) { self.name = name }
}

/// Many-to-many relationships (PonyORM's `Set` on both sides): an intermediate table named after both entities,
/// links changed through either collection and written at flush.
@Suite("Many-to-many relationships", .serialized, .syncSessionsInTests)
final class ManyToManyTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Post.self, Topic.self, Pal.self, Fan.self])
    }

    deinit {
        try? db.disconnect()
    }

    /// The rows of the link table, as sorted pairs of keys, read with raw SQL in a session of its own.
    func links(_ table: String, _ first: String, _ second: String) throws -> [[Int64]] {
        try db.session {
            try db.select(sql: "SELECT \"\(first)\" AS a, \"\(second)\" AS b FROM \"\(table)\" ORDER BY 1, 2").map {
                [try $0.decode("a", as: Int64.self), try $0.decode("b", as: Int64.self)]
            }
        }
    }

    /// The SELECT statements `body` runs in one session, through the SQL log.
    func selects(_ body: () throws -> Void) throws -> [String] {
        try selectStatements(in: db, body)
    }

    /// Posts 1–3 and topics 1–3; post 1 has topics 1 and 2, post 2 has topic 2.
    func makePostsAndTopics() throws {
        try db.session {
            let posts = [Post(title: "one"), Post(title: "two"), Post(title: "three")]
            let topics = [Topic(name: "swift"), Topic(name: "sql"), Topic(name: "empty")]
            posts[0].topics = [topics[0], topics[1]]
            posts[1].topics.append(topics[1])
        }
    }

    @Test func theLinkTableIsNamedAfterBothEntitiesInAlphabeticalOrder() throws {
        try makePostsAndTopics()
        #expect(try links("Post_Topic", "post", "topic") == [[1, 1], [1, 2], [2, 2]])
    }

    @Test func bothSidesSeeALinkAddedInTheSameSession() throws {
        try makePostsAndTopics()
        try db.session {
            let three = try Post[3]
            let empty = try Topic[3]
            #expect(empty.posts.isEmpty)
            three.topics.append(empty)
            #expect(empty.posts.map(\.title) == ["three"])
            #expect(three.topics.map(\.name) == ["empty"])
        }
        #expect(try links("Post_Topic", "post", "topic").contains([3, 3]))
    }

    @Test func collectionsLoadLazilyInKeyOrder() throws {
        try makePostsAndTopics()
        let statements = try selects {
            let post = try Post[1]
            #expect(post.topics.map(\.name) == ["swift", "sql"])
            #expect(try Topic[2].posts.map(\.title) == ["one", "two"])
        }
        #expect(statements.count == 3, "Post[1], its topics (Topic[2] is among them, in the session), Topic[2].posts: \(statements)")
    }

    @Test func removingAnElementRemovesTheLink() throws {
        try makePostsAndTopics()
        try db.session {
            let sql = try Topic[2]
            sql.posts.removeAll { $0.title == "one" }
            #expect(try Post[1].topics.map(\.name) == ["swift"])
        }
        #expect(try links("Post_Topic", "post", "topic") == [[1, 1], [2, 2]])
    }

    @Test func assigningANewArrayReplacesTheLinks() throws {
        try makePostsAndTopics()
        try db.session {
            let one = try Post[1]
            one.topics = [try Topic[3]]
        }
        #expect(try links("Post_Topic", "post", "topic") == [[1, 3], [2, 2]])
    }

    @Test func addingALinkTwiceStoresItOnce() throws {
        try makePostsAndTopics()
        try db.session {
            let two = try Post[2]
            let swift = try Topic[1]
            two.topics.append(swift)
            swift.posts.append(two)
        }
        #expect(try links("Post_Topic", "post", "topic") == [[1, 1], [1, 2], [2, 1], [2, 2]])
    }

    @Test func newObjectsAreInsertedBeforeTheirLinks() throws {
        let ids = try db.session {
            let post = Post(title: "new")
            let topic = Topic(name: "fresh")
            topic.posts = [post]
            return (try post.snapshot().id, try topic.snapshot().id)
        }
        #expect(try links("Post_Topic", "post", "topic") == [[ids.0, ids.1]])
    }

    @Test func aNewObjectsCollectionIsKnownEmptyWithoutAQuery() throws {
        try makePostsAndTopics()
        let statements = try selects {
            let topics = try Topic.select().fetch()
            for index in 0..<10 { Post(title: "new \(index)").topics = [topics[0], topics[2]] }
        }
        #expect(statements.count == 1, "only the topics' SELECT: \(statements)")
        #expect(try links("Post_Topic", "post", "topic").count == 3 + 20)
    }

    @Test func anInitializerMayAssignTheCollection() throws {
        try makePostsAndTopics()
        try db.session {
            let post = Post(title: "four", topics: [try Topic[1], try Topic[3]])
            #expect(post.topics.map(\.name) == ["swift", "empty"])
            #expect(try Topic[3].posts.map(\.title) == ["four"])
        }
        #expect(try links("Post_Topic", "post", "topic").filter { $0[0] == 4 } == [[4, 1], [4, 3]])
    }

    @Test func deletingEitherSideRemovesItsLinksOnly() throws {
        try makePostsAndTopics()
        try db.session { try Topic[2].delete() }
        #expect(try links("Post_Topic", "post", "topic") == [[1, 1]])
        try db.session { try Post[1].delete() }
        #expect(try links("Post_Topic", "post", "topic").isEmpty)
        #expect(try rowCount("Topic", in: db) == 2)
        #expect(try rowCount("Post", in: db) == 2)
    }

    @Test func aRolledBackSessionWritesNoLink() throws {
        try makePostsAndTopics()
        struct Abandon: Error {}
        #expect(throws: Abandon.self) {
            try self.db.session {
                try Post[3].topics.append(Topic[1])
                _ = try Topic[1].posts
                throw Abandon()
            }
        }
        #expect(try links("Post_Topic", "post", "topic") == [[1, 1], [1, 2], [2, 2]])
    }

    @Test func aSymmetricSelfRelationIsSeenFromBothObjects() throws {
        try db.session {
            let ann = Pal(name: "Ann")
            let bob = Pal(name: "Bob")
            _ = Pal(name: "Cy")
            ann.friends.append(bob)
            #expect(bob.friends.map(\.name) == ["Ann"])
        }
        #expect(try links("Pal_friends", "pal", "pal_2") == [[1, 2], [2, 1]])
        try db.session {
            #expect(try Pal[2].friends.map(\.name) == ["Ann"])
            try Pal[2].friends.removeAll()
            #expect(try Pal[1].friends.isEmpty)
        }
        #expect(try links("Pal_friends", "pal", "pal_2").isEmpty)
    }

    @Test func anAsymmetricSelfRelationKeepsItsDirection() throws {
        try db.session {
            let ann = Fan(name: "Ann")
            let bob = Fan(name: "Bob")
            ann.following.append(bob)
            #expect(bob.followers.map(\.name) == ["Ann"])
            #expect(bob.following.isEmpty)
            #expect(ann.followers.isEmpty)
        }
        try db.session { try Fan[2].delete() }
        #expect(try links("Fan_followers", "fan", "fan_2").isEmpty)
    }

    @Test func prefetchLoadsEveryCollectionInOneQuery() throws {
        try makePostsAndTopics()
        var names: [String: [String]] = [:]
        let statements = try selects {
            for post in try Post.select().prefetch(\.topics).fetch() { names[post.title] = post.topics.map(\.name) }
        }
        #expect(names == ["one": ["swift", "sql"], "two": ["sql"], "three": []])
        #expect(statements.count == 2, "\(statements)")
    }

    @Test func aPredicateSearchesTheOtherSide() throws {
        try makePostsAndTopics()
        try db.session {
            let aboutSQL = try Post.select(#Predicate { $0.topics.contains { $0.name == "sql" } }).fetch()
            #expect(aboutSQL.map(\.title) == ["one", "two"])
            let onlySwift = try Post.select(#Predicate { $0.topics.allSatisfy { $0.name == "swift" } }).fetch()
            #expect(onlySwift.map(\.title) == ["three"], "a post without topics satisfies allSatisfy, as in Swift")
            let unused = try Topic.select(#Predicate { !$0.posts.contains { $0.title != "" } }).fetch()
            #expect(unused.map(\.name) == ["empty"])
        }
    }

    @Test func anObjectOfAnotherSessionCannotBeAdded() async {
        await #expect(processExitsWith: .failure) {
            try blockingOnThread { try addObjectOfAnotherSession() }
        }
    }

    @Test func readingACollectionAfterTheSessionIsPONY004() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread { try readTopicsAfterTheSession() }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.hasPrefix("Pony runtime check failed: PONY004 (entity-escapes-session): an entity was used after its database session ended (Cannot load Post[1].topics)."), "\(message)")
    }
}

/// Reads a many-to-many collection of a post after its session ended (run in a child process: it stops the program).
private func readTopicsAfterTheSession() throws {
    let db = try makeDatabase([Post.self, Topic.self, Pal.self, Fan.self])
    let post = try db.session { Post(title: "p") }
    _ = post.topics
}

/// Adds a topic fetched in one session to a post of another (run in a child process: it stops the program).
private func addObjectOfAnotherSession() throws {
    let db = try makeDatabase([Post.self, Topic.self, Pal.self, Fan.self])
    try db.session { _ = Post(title: "p"); _ = Topic(name: "t") }
    let topic = try db.session { try Topic[1] }
    try db.session { try Post[1].topics.append(topic) }
}

/// How `generateMapping` explains many-to-many declarations it cannot map.
@Suite("Many-to-many mapping errors", .serialized)
struct ManyToManyMappingTests {
    @Test func aDeleteRuleOnAManyToManyIsRefused() throws {
        #expect(throws: PonyError.mapping(
            "Cabinet.folders is many-to-many, where delete rule .cascade does not apply: deleting either object removes only its links")
        ) {
            _ = try makeDatabase([Cabinet.self, Folder.self])
        }
    }

    @Test func anExistingDatabaseWithoutTheLinkTableGetsTheSQLThatCreatesIt() throws {
        let path = try temporaryDatabasePath()
        let first = Database()
        try first.bind(.sqlite(path: path, create: true))
        try first.generateMapping([Recipe.self, Spice.self], createTables: true)
        try first.session { _ = try first.execute(sql: "DROP TABLE \"Recipe_Spice\"") }
        try first.disconnect()
        let second = Database()
        try second.bind(.sqlite(path: path))
        defer { try? second.disconnect() }
        #expect(throws: PonyError.mapping(
            "table \"Recipe_Spice\" for the many-to-many Recipe.spices does not exist in '\(path)'; pass createTables: true to "
                + "generateMapping, or create it in a migration: change.execute(sql: \"CREATE TABLE IF NOT EXISTS \\\"Recipe_Spice\\\" "
                + "(\\\"recipe\\\" INTEGER NOT NULL REFERENCES \\\"Recipe\\\" (\\\"id\\\"), \\\"spice\\\" INTEGER NOT NULL REFERENCES "
                + "\\\"Spice\\\" (\\\"id\\\"), PRIMARY KEY (\\\"recipe\\\", \\\"spice\\\"))\")")
        ) {
            try second.generateMapping([Recipe.self, Spice.self])
        }
    }
}

@Entity final class Cabinet {
    var name: String
    @Relationship(deleteRule: .cascade) var folders: [Folder]
    init(name: String) { self.name = name }
}

@Entity final class Folder {
    var name: String
    var cabinets: [Cabinet]
    init(name: String) { self.name = name }
}

@Entity final class Recipe {
    var name: String
    var spices: [Spice]
    init(name: String) { self.name = name }
}

@Entity final class Spice {
    var name: String
    var recipes: [Recipe]
    init(name: String) { self.name = name }
}

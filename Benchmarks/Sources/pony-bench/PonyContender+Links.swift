import Pony

@Entity(table: "posts") final class Post {
    var title: String
    var tags: [Tag]
    init(title: String) { self.title = title }
}

@Entity(table: "tags") final class Tag {
    var name: String
    var posts: [Post]
    init(name: String) { self.name = name }
}

/// The many-to-many and aggregate measures, as the README writes them.
extension PonyWork: ModelMeasures {
    /// The tags (and, for the prefetch measure, the posts with their links): set-up, untimed.
    func insertTags(linkingPosts: Bool) throws {
        let workload = workload
        try db.session {
            for index in 0..<workload.tags { _ = Tag(name: workload.tagName(index)) }
        }
        if linkingPosts { try insertLinkedPosts() }
    }

    /// New posts, each given its five tags by assigning the collection; the links are written at commit.
    func insertLinkedPosts() throws {
        let workload = workload
        try db.session {
            let tags = try Tag.select().fetch()
            for index in 0..<workload.posts {
                let post = Post(title: workload.title(index))
                post.tags = workload.tagIDs(ofPost: index).map { tags[Int($0) - 1] }
            }
        }
    }

    /// Every post with its tags: one query for the posts, one for all their tags.
    func loadPostsWithTags() throws -> Int {
        try db.session {
            try Post.select().prefetch(\.tags).fetch().reduce(0) { sum, post in
                sum + post.tags.reduce(0) { $0 + Int($1.id) }
            }
        }
    }

    func aggregates() throws -> Int {
        try db.session {
            let people = Person.select()
            return Workload.aggregateChecksum(
                sum: try people.sum(\.age), average: try people.avg(\.score) ?? 0, perAge: try people.count(groupedBy: \.age))
        }
    }
}

/// The many-to-many and aggregate measures' data: posts, tags and the links between them, as PonyORM maps
/// `Post.tags` ↔ `Tag.posts` (the link table `Post_Tag`, columns `post` and `tag`).
extension Workload {
    var posts: Int { max(rows / 10, 1) }
    var tags: Int { max(rows / 2000, 5) }
    func title(_ index: Int) -> String { "post \(index)" }
    func tagName(_ index: Int) -> String { "tag \(index)" }

    /// The five distinct tag IDs of post `index` (IDs start at 1).
    func tagIDs(ofPost index: Int) -> [Int64] {
        let step = tags / 5
        return (0..<5).map { Int64((index + $0 * step) % tags + 1) }
    }

    /// The checksum of the link measures: the sum of every post's tag IDs.
    var linkChecksum: Int {
        (0..<posts).reduce(0) { sum, post in sum + tagIDs(ofPost: post).reduce(0) { $0 + Int($1) } }
    }

    /// The checksum of the aggregate measure from its three results.
    static func aggregateChecksum(sum: Int, average: Double, perAge: [Int: Int]) -> Int {
        sum + Int((average * 1000).rounded()) + perAge.count * 1_000_000 + (perAge[0] ?? 0)
    }

    /// The tables raw SQLite and GRDB create, as Pony's mapping creates them.
    static let linkSchemaSQL = """
        CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL);
        CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
        CREATE TABLE "Post_Tag" (post INTEGER NOT NULL REFERENCES posts (id), tag INTEGER NOT NULL REFERENCES tags (id),
            PRIMARY KEY (post, tag));
        CREATE INDEX "Post_Tag_tag_index" ON "Post_Tag" (tag)
        """

    /// Every post's tags, with the post they belong to, in post then tag order.
    static let postTagsSQL = """
        SELECT tags.id, tags.name, link.post FROM tags JOIN "Post_Tag" AS link ON link.tag = tags.id \
        WHERE link.post IN (SELECT id FROM posts) ORDER BY link.post, tags.id
        """
}

/// The many-to-many and aggregate measures, which each contender writes its own way.
protocol ModelMeasures {
    var workload: Workload { get }
    /// Creates the posts and links each to its five tags; the caller holds the transaction where there is one.
    func insertLinkedPosts() throws
    /// Every post with its tags, into objects; returns the sum of every post's tag IDs.
    func loadPostsWithTags() throws -> Int
    /// Sum of ages, average score, count per age; returns ``Workload/aggregateChecksum(sum:average:perAge:)``.
    func aggregates() throws -> Int
}

extension ModelMeasures {
    func runModelMeasure(_ measure: ORMMeasure) throws -> Int {
        switch measure {
        case .link:
            try insertLinkedPosts()
            return workload.linkChecksum
        case .prefetchLinks:
            return try loadPostsWithTags()
        case .aggregate:
            return try aggregates()
        case .insert, .fetchByID, .fetchAll, .update, .join:
            throw ORMBenchmark.Failure(description: "\(measure.title) is not a many-to-many or aggregate measure")
        }
    }
}

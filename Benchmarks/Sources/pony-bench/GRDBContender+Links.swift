import GRDB

/// The many-to-many and aggregate measures with GRDB's records and associations (`hasMany(through:)`).
extension GRDBContender: ModelMeasures {
    struct PostRecord: FetchableRecord, MutablePersistableRecord, Decodable {
        static let databaseTableName = "posts"
        static let postTags = hasMany(PostTagRecord.self, using: ForeignKey(["post"]))
        static let tags = hasMany(TagRecord.self, through: postTags, using: PostTagRecord.tag)
        var id: Int64?
        var title: String

        init(title: String) { self.title = title }

        init(row: Row) {
            id = row[0]
            title = row[1]
        }

        func encode(to container: inout PersistenceContainer) {
            container["id"] = id
            container["title"] = title
        }

        mutating func didInsert(_ inserted: InsertionSuccess) {
            id = inserted.rowID
        }
    }

    struct TagRecord: FetchableRecord, TableRecord, Decodable {
        static let databaseTableName = "tags"
        var id: Int64
        var name: String

        init(row: Row) {
            id = row[0]
            name = row[1]
        }
    }

    struct PostTagRecord: PersistableRecord {
        static let databaseTableName = "Post_Tag"
        static let tag = belongsTo(TagRecord.self, using: ForeignKey(["tag"]))
        var post: Int64
        var tag: Int64

        func encode(to container: inout PersistenceContainer) {
            container["post"] = post
            container["tag"] = tag
        }
    }

    /// A post with its tags, as GRDB's `including(all:)` decodes it.
    struct PostWithTags: FetchableRecord, Decodable {
        var post: PostRecord
        var tags: [TagRecord]
    }

    /// The tables and tags (and, for the prefetch measure, the posts with their links): set-up, untimed.
    func insertTags(linkingPosts: Bool) throws {
        let workload = workload
        try queue.write { db in
            try db.execute(sql: Workload.linkSchemaSQL)
            for index in 0..<workload.tags {
                try db.execute(sql: "INSERT INTO tags (name) VALUES (?)", arguments: [workload.tagName(index)])
            }
        }
        if linkingPosts { try insertLinkedPosts() }
    }

    func insertLinkedPosts() throws {
        let workload = workload
        try queue.write { db in
            for index in 0..<workload.posts {
                var post = PostRecord(title: workload.title(index))
                try post.insert(db)
                for tag in workload.tagIDs(ofPost: index) { try PostTagRecord(post: post.id!, tag: tag).insert(db) }
            }
        }
    }

    func loadPostsWithTags() throws -> Int {
        try queue.read { db in
            let posts = try PostRecord.including(all: PostRecord.tags.order(Column("id"))).order(Column("id"))
                .asRequest(of: PostWithTags.self).fetchAll(db)
            return posts.reduce(0) { sum, post in sum + post.tags.reduce(0) { $0 + Int($1.id) } }
        }
    }

    func aggregates() throws -> Int {
        try queue.read { db in
            let people = PersonRecord.all()
            let sum = try people.select(sum(Column("age")), as: Int.self).fetchOne(db) ?? 0
            let average = try people.select(average(Column("score")), as: Double.self).fetchOne(db) ?? 0
            let rows = try Row.fetchAll(db, people.select(Column("age"), count(Column("id"))).group(Column("age")))
            var perAge: [Int: Int] = [:]
            for row in rows { perAge[row[0]] = row[1] }
            return Workload.aggregateChecksum(sum: sum, average: average, perAge: perAge)
        }
    }
}

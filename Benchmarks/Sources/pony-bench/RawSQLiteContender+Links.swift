import GRDBSQLite

/// The many-to-many and aggregate measures with SQLite's C API.
extension RawSQLiteContender: ModelMeasures {
    final class Post {
        let id: Int64
        var title: String
        var tags: [Tag] = []
        init(id: Int64, title: String) {
            self.id = id
            self.title = title
        }
    }

    final class Tag {
        let id: Int64
        var name: String
        init(id: Int64, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// The tables and tags (and, for the prefetch measure, the posts with their links): set-up, untimed.
    func insertTags(linkingPosts: Bool) throws {
        try connection.execute(Workload.linkSchemaSQL)
        try connection.execute("BEGIN")
        let statement = try connection.prepare("INSERT INTO tags (name) VALUES (?)")
        defer { sqlite3_finalize(statement) }
        for index in 0..<workload.tags {
            RawConnection.bind(statement, 1, workload.tagName(index))
            guard sqlite3_step(statement) == SQLITE_DONE else { throw connection.failure("INSERT") }
            sqlite3_reset(statement)
        }
        if linkingPosts { try insertLinkedPosts() }
        try connection.execute("COMMIT")
    }

    /// Each post, then its five links; the caller holds the transaction.
    func insertLinkedPosts() throws {
        let post = try connection.prepare("INSERT INTO posts (title) VALUES (?)")
        let link = try connection.prepare("INSERT INTO \"Post_Tag\" (post, tag) VALUES (?, ?)")
        defer {
            sqlite3_finalize(post)
            sqlite3_finalize(link)
        }
        for index in 0..<workload.posts {
            RawConnection.bind(post, 1, workload.title(index))
            guard sqlite3_step(post) == SQLITE_DONE else { throw connection.failure("INSERT") }
            sqlite3_reset(post)
            let id = sqlite3_last_insert_rowid(connection.handle)
            for tag in workload.tagIDs(ofPost: index) {
                sqlite3_bind_int64(link, 1, id)
                sqlite3_bind_int64(link, 2, tag)
                guard sqlite3_step(link) == SQLITE_DONE else { throw connection.failure("INSERT") }
                sqlite3_reset(link)
            }
        }
    }

    /// The posts into objects, then every post's tags (one object per tag row) into the posts' arrays.
    func loadPostsWithTags() throws -> Int {
        let postsStatement = try connection.prepare("SELECT id, title FROM posts ORDER BY id")
        let tagsStatement = try connection.prepare(Workload.postTagsSQL)
        defer {
            sqlite3_finalize(postsStatement)
            sqlite3_finalize(tagsStatement)
        }
        var posts: [Post] = []
        var byID: [Int64: Post] = [:]
        while sqlite3_step(postsStatement) == SQLITE_ROW {
            let post = Post(id: sqlite3_column_int64(postsStatement, 0), title: RawConnection.text(postsStatement, 1))
            posts.append(post)
            byID[post.id] = post
        }
        var tags: [Int64: Tag] = [:]
        while sqlite3_step(tagsStatement) == SQLITE_ROW {
            let id = sqlite3_column_int64(tagsStatement, 0)
            let tag = tags[id] ?? Tag(id: id, name: RawConnection.text(tagsStatement, 1))
            tags[id] = tag
            byID[sqlite3_column_int64(tagsStatement, 2)]?.tags.append(tag)
        }
        return posts.reduce(0) { sum, post in sum + post.tags.reduce(0) { $0 + Int($1.id) } }
    }

    func aggregates() throws -> Int {
        let sum = try connection.prepare("SELECT SUM(age) FROM person")
        let average = try connection.prepare("SELECT AVG(score) FROM person")
        let grouped = try connection.prepare("SELECT age, COUNT(*) FROM person GROUP BY age")
        defer {
            sqlite3_finalize(sum)
            sqlite3_finalize(average)
            sqlite3_finalize(grouped)
        }
        guard sqlite3_step(sum) == SQLITE_ROW, sqlite3_step(average) == SQLITE_ROW else { throw connection.failure("SELECT") }
        var perAge: [Int: Int] = [:]
        while sqlite3_step(grouped) == SQLITE_ROW {
            perAge[Int(sqlite3_column_int64(grouped, 0))] = Int(sqlite3_column_int64(grouped, 1))
        }
        return Workload.aggregateChecksum(
            sum: Int(sqlite3_column_int64(sum, 0)), average: sqlite3_column_double(average, 0), perAge: perAge)
    }
}

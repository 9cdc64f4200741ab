import Pony

/// The README's many-to-many snippet: tags two articles, untags one, and prints what each side sees.
func runManyToManyExample() throws {
    let blog = Database()
    try blog.bind(.sqlite(path: ":memory:"))
    try blog.generateMapping([Story.self, Label.self], createTables: true)
    print(try tagStories(blog))
    try blog.disconnect()
}

// README begin: many to many
@Entity final class Story {
    var title: String
    var labels: [Label]                          // the inverse of Label.stories: a many-to-many,
    init(title: String) { self.title = title }   // stored in the table "Label_Story"
}

@Entity final class Label {
    var name: String
    var stories: [Story]
    init(name: String) { self.name = name }
}

func tagStories(_ blog: Database) throws -> String {
    try blog.session {
        let swift = Label(name: "swift"), sql = Label(name: "sql")
        let orm = Story(title: "An ORM"), lint = Story(title: "A linter")
        orm.labels = [swift, sql]                // links are written when the session flushes
        lint.labels.append(swift)
        swift.stories.removeAll { $0 === orm }   // either side changes the same links
        let aboutSwift = try Story.select(#Predicate { $0.labels.contains { $0.name == "swift" } }).fetch()
        let all = try Story.select().order(by: \.title).prefetch(\.labels).fetch()  // one query for every story's labels
        return "about swift: \(aboutSwift.map(\.title)); "
            + all.map { "\($0.title): \($0.labels.map(\.name))" }.joined(separator: ", ")
    }
}
// README end

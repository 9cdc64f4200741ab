import Pony

/// The README's migrations snippet on a v1 database: prints the migrations applied.
func runMigrationsExample() throws {
    let library = Database()
    try library.bind(.sqlite(path: ":memory:"))
    try library.session { _ = try library.execute(sql: "CREATE TABLE \"Album\" (\"id\" INTEGER PRIMARY KEY, \"title\" TEXT NOT NULL)") }
    try migrate(library)
    print("migrations: \(try migrator.appliedMigrations(in: library))")
    try library.disconnect()
}

// README begin: migrations
let migrator: Migrator = {
    var migrator = Migrator()
    migrator.registerMigration("v2: album year") { change in
        try change.addColumn("year", to: "Album", type: .integer, nullable: false, default: 2000)
    }
    migrator.registerMigration("v3: index titles") { change in
        try change.createIndex("album_title", on: "Album", columns: ["title"])
    }
    return migrator
}()

func migrate(_ library: Database) throws {
    try migrator.migrate(library)                    // each pending migration once, in its own transaction
    try library.generateMapping([Album.self])         // then map: the table now has every column
}
// README end

@Entity final class Album {
    var title: String
    var year: Int
    init(title: String, year: Int) { self.title = title; self.year = year }
}

import Pony

// README begin: attribute types
enum Genre: String, AttributeValue {
    case fiction, poetry
}

@Entity final class Book {
    var title: String
    var genre: Genre = .fiction
    var published: Date?
    init(title: String) { self.title = title }
}

func titles(of genre: Genre) throws -> [String] {
    try db.session { try Book.select(#Predicate { $0.genre == genre }).fetch().map(\.title) }
}
// README end

/// Stores a book of each genre in the quick start's database and prints what `titles(of:)` finds.
func runAttributeTypesExample() throws {
    try db.generateMapping([Book.self], createTables: true)
    try db.session {
        _ = Book(title: "Ulysses")
        Book(title: "Odes").genre = .poetry
    }
    print("poetry: \(try titles(of: .poetry)), fiction: \(try titles(of: .fiction))")
    try db.generateMapping([Reader.self], createTables: true)
    let id = try db.session {
        let reader = Reader(name: "Ann")
        reader.preferences.fontSize = 18
        return reader.id
    }
    let stored = try db.session { try db.select(sql: "SELECT preferences FROM \"Reader\" WHERE id = ?", arguments: [id]) }
    print("preferences: \(try stored[0].decode("preferences", as: String.self))")
}

// README begin: json attribute
struct ReadingPreferences: JSONAttributeValue {  // Codable and Equatable are synthesized
    var fontSize = 14
    var theme = "sepia"
}

@Entity final class Reader {
    var name: String
    var preferences: ReadingPreferences = ReadingPreferences()   // one TEXT column, JSON
    init(name: String) { self.name = name }
}
// README end

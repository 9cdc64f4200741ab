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
}

import Pony

// Fixes PONY006: defer ends the session on every path; a throw before commit() rolls back.
func importTags(_ names: [String]) throws {
    let session = try db.openSession()
    defer { session.close() }
    for name in names where !name.isEmpty {
        _ = Tag(name: name)
    }
    try session.commit()
}

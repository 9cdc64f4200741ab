import Pony

// PONY006: a throw in the loop skips commit() and leaves the session open.
func importTags(_ names: [String]) throws {
    let session = try db.openSession()
    for name in names where !name.isEmpty {
        _ = Tag(name: name)
    }
    try session.commit()
}

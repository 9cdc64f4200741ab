import Foundation
import Pony

enum WikiError: Error { case protected }

/// The README's hooks snippet: prints the slug `beforeInsert` made and whether the protected page survived.
func runHooksExample() throws {
    let wiki = Database()
    try wiki.bind(.sqlite(path: ":memory:"))
    try wiki.generateMapping([WikiPage.self], createTables: true)
    let id = try wiki.session { WikiPage(title: "Home Page").id }
    let deleted = (try? wiki.session { try WikiPage[id].delete() }) != nil
    let page = try wiki.session { try WikiPage[id].snapshot() }
    print("slug: \(page.slug), edits: \(page.edits), deleted: \(deleted)")
    try wiki.disconnect()
}

// README begin: hooks
@Entity final class WikiPage {
    var title: String
    var slug: String = ""
    var edits: Int = 0
    init(title: String) { self.title = title }

    func beforeInsert() throws {                   // runs at flush, just before the INSERT
        slug = title.lowercased().replacingOccurrences(of: " ", with: "-")
    }
    func beforeUpdate() throws { edits += 1 }       // written by the same UPDATE
    func beforeDelete() throws {
        if slug == "home-page" { throw WikiError.protected }   // the session rolls back
    }
}
// README end

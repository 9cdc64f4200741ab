// Directive shapes the fuzzer mutates: ranges, next-line, several rules, unknown rules, nesting.
import Pony

// pony-lint:disable PONY003 PONY002
func first(_ db: Database) async throws {
    try db.session { }
}
// pony-lint:enable PONY002

func second(_ db: Database) async throws {
    // pony-lint:disable-next-line PONY003
    try db.session { }
    try db.session {
        await Task.yield()
    }
}

#if false
func hidden(_ db: Database) throws { try db.session { } }
#else
func shown(_ db: Database) throws { try db.session { } }
#endif

@DBSession func annotated() async throws {}

func manual(_ db: Database) async throws {
    let session = try db.openSession()
    _ = session
    Task { try db.session { } }
}

import Pony

/// The suppression example, in the async function it is about. A suppressed PONY003 is a decision the
/// runtime check is told about too, so it is disabled for the example's length.
func runSuppressionExample() async throws {
    let db = Database()
    try db.bind(.sqlite(path: ":memory:"))
    func legacyImport() throws { try db.session { } }
    PonyChecks.disabled = ["PONY003"]
    defer { PonyChecks.disabled = [] }

    // README begin: suppression
    // pony-lint:disable:next PONY003
    try legacyImport()
    let session = try db.openSession() // pony-lint:disable:this unclosed-manual-session
    // README end
    session.close()
    print("suppression example ran")
}

/// The small sources the cache, changed-files and language-server tests share: a synchronous helper that opens a
/// session, the same helper without one, an async caller of it (PONY003 at 2:9 while the helper opens one), and
/// a direct misuse (PONY003 at 2:9).
enum SessionSamples {
    static let helper = "func saveVisit(_ path: String) throws {\n    try db.session { _ = path }\n}\n"
    static let quietHelper = "func saveVisit(_ path: String) throws {\n    print(path)\n}\n"
    static let handler = "func handle(_ path: String) async throws {\n    try saveVisit(path)\n}\n"
    static let misuse = "func load() async throws {\n    try db.session { }\n}\n"
}

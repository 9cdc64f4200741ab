import Foundation
import Pony

/// A synchronous helper: fine on its own.
func recordVisit(_ path: String) throws {
    try db.session {
        _ = Visit(path: path, at: Date())
    }
}

struct Request: Sendable {
    let path: String
}

// PONY003: the helper blocks a cooperative thread while it waits for the database.
func handle(_ request: Request) async throws -> Int {
    try recordVisit(request.path)
    return 200
}

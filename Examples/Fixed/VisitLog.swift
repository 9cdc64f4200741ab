import Foundation
import Pony

struct Request: Sendable {
    let path: String
}

// Fixes PONY003: async code records the visit through the async bridge; nothing blocks a cooperative thread.
func handle(_ request: Request) async throws -> Int {
    let path = request.path
    try await db.session {
        _ = Visit(path: path, at: Date())
    }
    return 200
}

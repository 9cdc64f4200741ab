import Foundation
import Pony

struct ProfileHandlers {
    let names: NameService

    // PONY001: the session would stay open across every await in the body.
    @DBSession
    func touchProfile(id: Int64) async throws -> Customer.Snapshot {
        let customer = try Customer[id]
        customer.lastSeen = Date()
        return try customer.snapshot()
    }

    // PONY002: the await suspends the task while the session holds the connection.
    func rename(id: Int64, to newName: String) async throws {
        try await db.session {
            let customer = try Customer[id]
            customer.name = await names.normalize(newName)
        }
    }
}

protocol NameService: Sendable {
    func normalize(_ name: String) async -> String
}

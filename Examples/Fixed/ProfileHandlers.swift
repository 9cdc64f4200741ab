import Foundation
import Pony

struct ProfileHandlers {
    let names: any NameService

    // Fixes PONY001: the session covers only the database work, through the async bridge.
    func touchProfile(id: Int64) async throws -> Customer.Snapshot {
        try await db.session {
            let customer = try Customer[id]
            customer.lastSeen = Date()
            return try customer.snapshot()
        }
    }

    // Fixes PONY002: await first, then a short session that cannot suspend.
    func rename(id: Int64, to newName: String) async throws {
        let normalized = await names.normalize(newName)
        try await db.session {
            let customer = try Customer[id]
            customer.name = normalized
        }
    }
}

protocol NameService: Sendable {
    func normalize(_ name: String) async -> String
}

struct TrimmingNames: NameService {
    func normalize(_ name: String) async -> String {
        name.trimmingCharacters(in: .whitespaces).capitalized
    }
}

import Foundation
import Pony

struct OrderService {
    let mailer: any Mailer

    // Fixes PONY004: the session hands out snapshots, not entities.
    func largestOrder() throws -> Order.Snapshot? {
        try db.session {
            try Order.select().order(by: \.total, .descending).limit(1).snapshots().first
        }
    }

    func latestOrder(of customerID: Int64) throws -> Order.Snapshot? {
        try db.session {
            try Order.select(#Predicate { $0.customer.id == customerID }).first()?.snapshot()
        }
    }

    // Fixes PONY005: the session commits first; the receipt goes out afterwards, with an ID.
    func archive(orderID: Int64) async throws {
        try await db.session {
            let order = try Order[orderID]
            order.isArchived = true
        }
        await mailer.sendReceipt(for: orderID)
    }
}

protocol Mailer: Sendable {
    func sendReceipt(for orderID: Int64) async
}

actor RecordingMailer: Mailer {
    private(set) var receipts: [Int64] = []

    func sendReceipt(for orderID: Int64) async {
        receipts.append(orderID)
    }
}

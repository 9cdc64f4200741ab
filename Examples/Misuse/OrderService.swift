import Foundation
import Pony

struct OrderService {
    let mailer: Mailer

    // PONY004: the Order leaves its session; callers that change it will fail.
    func largestOrder() throws -> Order? {
        try db.session {
            let orders = try Order.select().order(by: \.total, .descending).limit(1).fetch()
            return orders.first
        }
    }

    func latestOrder(of customerID: Int64) throws -> Order {
        try db.session {
            let order = try Order.select(#Predicate { $0.customer.id == customerID }).first()!
            return order
        }
    }

    // PONY005: the task outlives the session and uses it from another thread.
    func archive(orderID: Int64) throws {
        try db.session {
            let order = try Order[orderID]
            order.isArchived = true
            Task {
                await mailer.sendReceipt(for: orderID)
            }
        }
    }
}

protocol Mailer: Sendable {
    func sendReceipt(for orderID: Int64) async
}

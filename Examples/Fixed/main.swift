import Dispatch
import Foundation
import Pony

// Runs every fixed pattern with the runtime checks trapping: any session misuse stops the program with a
// "Pony runtime check failed: PONY00n" message. Synchronous code runs here, on the main thread (not a task);
// async code runs in a task, as a server handler would.

PonyChecks.mode = .trap
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-fixed-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
try db.bind(.sqlite(path: directory.appendingPathComponent("fixed.sqlite").path, create: true))
try db.generateMapping([Customer.self, Order.self, Visit.self, Tag.self], createTables: true)

let (customerID, orderID) = try db.session {
    let ann = Customer(name: "ann", email: "ann@example.org")
    _ = Order(total: 40, customer: ann)
    let big = Order(total: 90, customer: ann)
    return (ann.id, big.id)
}
try importTags(["swift", "", "pony"])

let service = OrderService(mailer: RecordingMailer())
guard try service.largestOrder()?.total == 90, try service.latestOrder(of: customerID) != nil else {
    fatalError("unexpected query results")
}

/// Runs async work to completion from this synchronous main.
func runTask(_ work: @escaping @Sendable () async throws -> Void) throws {
    nonisolated(unsafe) var failure: (any Error)?
    let done = DispatchSemaphore(value: 0)
    Task {
        do { try await work() } catch { failure = error }
        done.signal()
    }
    done.wait()
    if let failure { throw failure }
}

try runTask {
    let handlers = ProfileHandlers(names: TrimmingNames())
    _ = try await handlers.touchProfile(id: customerID)
    try await handlers.rename(id: customerID, to: "  ann lee ")
    _ = try await handle(Request(path: "/orders"))
    try await service.archive(orderID: orderID)
}

let summary = try db.session {
    (try Customer[customerID].name, try Tag.count(), try Visit.count(), try Order[orderID].isArchived)
}
guard summary == ("Ann Lee", 2, 1, true) else { fatalError("unexpected state: \(summary)") }
print("Examples/Fixed ran clean with runtime checks trapping: \(summary)")

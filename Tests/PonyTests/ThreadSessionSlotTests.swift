import Foundation
@testable import Pony
import Testing

/// The thread-local slot that holds each thread's session (PonyORM's `local.db_session`).
@Suite("Thread session slot")
struct ThreadSessionSlotTests {
    /// A manual session whose task resumed on another thread is closed there; its own thread must not keep the
    /// dead session, or the next session on that thread would join it (with its stale owner task).
    @Test func aSessionEndedFromAnotherThreadIsDroppedFromItsOwnThreadsSlot() async {
        await #expect(processExitsWith: .success) {
            PonyChecks.mode = .off
            let db = try ticketDatabase()
            nonisolated(unsafe) var session: ManualSession?
            let opened = DispatchSemaphore(value: 0)
            let closed = DispatchSemaphore(value: 0)
            let checked = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var slotWasEmpty = false
            Thread {
                session = try? db.openSession()
                opened.signal()
                closed.wait()
                slotWasEmpty = ThreadSessionSlot.current == nil
                checked.signal()
            }.start()
            opened.wait()
            guard let session else { exit(2) }
            _ = try blockingOnThread { session.close() }
            closed.signal()
            checked.wait()
            guard slotWasEmpty else { exit(3) }
        }
    }

    @Test func anOpenSessionStaysInItsThreadsSlot() throws {
        let found = try blockingOnThread {
            let db = try makeDatabase([Ticket.self])
            return try db.session { ThreadSessionSlot.current != nil }
        }
        #expect(found)
    }
}

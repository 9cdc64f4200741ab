import Foundation

/// Runs synchronous database work on a plain thread and awaits its result. Async tests use it for the sync
/// session API, which must not block Swift's cooperative threads (PONY003).
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

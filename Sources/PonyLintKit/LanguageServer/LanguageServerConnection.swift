import Foundation
import PonyLocks

/// Runs a ``LanguageServer`` over a byte stream pair — standard input and output for `pony-lint lsp`.
///
/// A reader thread frames incoming messages into a queue; the server takes everything queued, handles it, and
/// lints once for the batch, so a burst of keystrokes costs one lint, not one per change.
///
/// ```swift
/// let status = LanguageServerConnection(server: server).run(input: .standardInput, output: .standardOutput)
/// exit(status)
/// ```
public struct LanguageServerConnection {
    let server: LanguageServer

    public init(server: LanguageServer) {
        self.server = server
    }

    /// Serves until `exit` (0 after `shutdown`, else 1) or the end of the input (1), or an unreadable header (2,
    /// with a message on `errors`).
    public func run(input: FileHandle, output: FileHandle, errors: FileHandle = .standardError) -> Int32 {
        let queue = MessageQueue()
        let reader = Thread {
            var framing = MessageFraming()
            while true {
                let data = input.availableData
                if data.isEmpty {
                    queue.finish(nil)
                    return
                }
                framing.append(data)
                do {
                    while let message = try framing.next() { queue.push(message) }
                } catch {
                    queue.finish("pony-lint lsp: error: cannot read the message stream: \(error)")
                    return
                }
            }
        }
        reader.start()
        while true {
            let (batch, end) = queue.takeAll()
            for message in batch {
                send(server.handle(message), to: output)
                if let status = server.exitStatus { return status }
            }
            send(server.lintIfNeeded(), to: output)
            switch end {
            case .none: continue
            case .some(nil): return 1
            case .some(.some(let problem)):
                errors.write(Data((problem + "\n").utf8))
                return 2
            }
        }
    }

    private func send(_ messages: [Data], to output: FileHandle) {
        for message in messages { output.write(MessageFraming.frame(message)) }
    }
}

/// Messages read and not yet handled, and how the stream ended (nil inside: at its end; a string: a problem).
private final class MessageQueue: Sendable {
    private struct State {
        var messages: [Data] = []
        var end: String??
    }

    private let state = LockedValue(State())
    private let signal = DispatchSemaphore(value: 0)

    func push(_ message: Data) {
        state.withLock { $0.messages.append(message) }
        signal.signal()
    }

    func finish(_ problem: String?) {
        state.withLock { $0.end = .some(problem) }
        signal.signal()
    }

    /// Waits for at least one message or the end, then takes everything queued.
    func takeAll() -> (messages: [Data], end: String??) {
        while true {
            let taken = state.withLock { state in
                defer { state.messages = [] }
                return (state.messages, state.end)
            }
            if !taken.0.isEmpty || taken.1 != nil { return taken }
            signal.wait()
        }
    }
}

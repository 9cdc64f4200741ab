import Foundation
import Logging
import PonyRules

/// A failed runtime check: builds the message from the rule catalog, then traps or reports it.
enum CheckFailure {
    /// `Pony runtime check failed: PONY003 (blocking-session-in-async-context): <what the rule says> (<what
    /// happened here>). <fix>. Run 'pony-lint explain PONY003' for details.`
    static func message(_ rule: RuleID, _ details: String) -> String {
        let definition = RuleCatalog[id: rule]
        return "Pony runtime check failed: \(definition.diagnosticPrefix): \(definition.runtimeMessage) (\(details)). "
            + "\(definition.fixTitle). \(definition.explainHint)"
    }

    /// Traps in `.trap` mode; logs in `.report` mode and returns so the caller can continue.
    ///
    /// `site` is the user's line the failure is about (`App/Routes.swift:42`: the call that opened the session,
    /// or the call that broke the rule); `details` names it too. A report carries it as the `site` metadata
    /// field beside `rule`, so a log pipeline can group reports by line.
    static func fail(_ rule: CheckedRule, _ details: @autoclosure () -> String, site: String?) {
        guard CheckState.isActive(rule) else { return }
        let text = message(rule.id, details())
        if CheckState.isTrapping {
            FileHandle.standardError.write(Data((text + "\n").utf8))
            abort()
        }
        var metadata: Logger.Metadata = ["rule": "\(rule.id)"]
        if let site { metadata["site"] = "\(site)" }
        PonyChecks.logger.error("\(text)", metadata: metadata)
    }
}

/// Describes threads and tasks in check messages.
enum ExecutionContext {
    /// The running task, as a pointer (the identity the task-scheduling hook sees), or nil outside a task.
    static var currentTask: UnsafeRawPointer? {
        withUnsafeCurrentTask { task in task.map { unsafeBitCast($0, to: UnsafeRawPointer.self) } }
    }

    static var currentThread: pthread_t { pthread_self() }

    static func describe(thread: pthread_t) -> String {
        #if canImport(Darwin)
        "thread 0x\(String(UInt(bitPattern: thread), radix: 16))"
        #else
        "thread 0x\(String(UInt(thread), radix: 16))"
        #endif
    }

    static func describe(task: UnsafeRawPointer?) -> String {
        task.map { "task \($0)" } ?? "no task"
    }
}

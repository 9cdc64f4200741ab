// Where a synchronous session may run, case by case: LinterRuntimeAgreementTests lints this file and runs
// each case (`MainActorSessions CASE`) with the runtime checks trapping, and requires the two layers to agree.
// A case is the code between `// case: NAME EXPECTED` and `// end case`; EXPECTED names the rules both layers
// must report, or says `clean`. The checks trap by the debug default, and PONY_CHECKS / PONY_CHECKS_DISABLE
// change that as in any program (CheckEnvironmentProcessTests), so the program sets no mode of its own.
import Pony

@Entity final class Note {
    var text: String
    init(text: String) { self.text = text }
}

let db = Database()

/// A synchronous helper that opens a session.
func saveNote(_ text: String) throws {
    try db.session { _ = Note(text: text) }
}

@main
struct MainActorSessions {
    static func main() async throws {
        try db.bind(.sqlite(path: ":memory:"))
        try db.generateMapping([Note.self], createTables: true)
        let name = CommandLine.arguments.dropFirst().first ?? ""
        if let run = cases[name] {
            try await run()
        } else if name == "main-entry-point" {
            // case: main-entry-point clean
            try saveNote("main")
            // end case
        } else {
            print("usage: MainActorSessions CASE, one of: main-entry-point, \(cases.keys.sorted().joined(separator: ", "))")
            exit(64)
        }
        print("ran \(name)")
    }

    static let cases: [String: @Sendable () async throws -> Void] = [
        "main-actor-function": mainActorFunction,
        "main-actor-type": { try await Screen().refresh() },
        "task-started-on-the-main-actor": taskStartedOnTheMainActor,
        "main-actor-closure": mainActorClosure,
        "main-actor-run": mainActorRun,
        "detached-task": detachedTask,
        "task-group-child": taskGroupChild,
        "nonisolated-async-function": nonisolatedAsyncFunction,
        "actor-method": { try await Archive().store() },
        "await-in-manual-session-on-the-main-actor": awaitInManualSessionOnTheMainActor,
    ]
}

// case: main-actor-function clean
@MainActor func mainActorFunction() async throws {
    try saveNote("main actor")
}
// end case

// case: main-actor-type clean
@MainActor final class Screen {
    func refresh() async throws {
        try saveNote("screen")
        let session = try db.openSession()
        defer { session.close() }
        _ = Note(text: "manual")
        try session.commit()
    }
}
// end case

// case: task-started-on-the-main-actor clean
@MainActor func taskStartedOnTheMainActor() async throws {
    try await Task { try saveNote("inherits the main actor") }.value
}
// end case

// case: main-actor-closure clean
func mainActorClosure() async throws {
    try await Task.detached { @MainActor in try saveNote("@MainActor in") }.value
}
// end case

// case: main-actor-run clean
func mainActorRun() async throws {
    try await MainActor.run { try saveNote("MainActor.run") }
}
// end case

// case: detached-task PONY003
@MainActor func detachedTask() async throws {
    try await Task.detached { try saveNote("detached") }.value
}
// end case

// case: task-group-child PONY003
@MainActor func taskGroupChild() async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try saveNote("child task") }
        try await group.waitForAll()
    }
}
// end case

// case: nonisolated-async-function PONY003
func nonisolatedAsyncFunction() async throws {
    try saveNote("cooperative pool")
}
// end case

// case: actor-method PONY003
actor Archive {
    func store() throws {
        try saveNote("actor")
    }
}
// end case

// case: await-in-manual-session-on-the-main-actor PONY002
@MainActor func awaitInManualSessionOnTheMainActor() async throws {
    let session = try db.openSession()
    defer { session.close() }
    _ = Note(text: "before")
    try await Task.sleep(for: .milliseconds(5))
    try session.commit()
}
// end case

import ArgumentParser
import Foundation
import Pony

/// Which ORM contender `orm-once` runs.
enum ContenderName: String, CaseIterable, ExpressibleByArgument {
    case raw
    case pony
    case ponyChecked = "pony-checked"
    /// Pony with its optimistic checks off (`optimistic: false`), runtime checks off.
    case ponyUnchecked = "pony-optimistic-off"
    case grdb
}

extension ContenderName {
    /// Runs `body` with Pony's runtime checks and optimistic checks set as this Pony contender names them.
    func withPonySettings<T>(_ body: () throws -> T) throws -> T {
        PonyChecks.mode = self == .ponyChecked ? .trap : .off
        guard self == .ponyUnchecked else { return try body() }
        return try PonyWork.withoutOptimisticChecks(body)
    }
}

extension ORMMeasure: ExpressibleByArgument {}
extension Storage: ExpressibleByArgument {}

/// Runs one ORM measure once in this process: prepared, then `measuredRegion`. Used from outside the
/// process — peak memory from `wait4`, instruction counts from callgrind toggled on `measuredRegion`.
struct ORMOnce {
    let contender: ContenderName
    let measure: ORMMeasure
    let storage: Storage
    let workload: Workload

    func run() throws -> Int {
        let folder = try ScratchFolder()
        switch contender {
        case .raw: return try run(RawSQLiteContender.self, folder.path)
        case .pony, .ponyChecked, .ponyUnchecked: return try contender.withPonySettings { try run(PonyContender.self, folder.path) }
        case .grdb: return try run(GRDBContender.self, folder.path)
        }
    }

    private func run<C: ORMContender>(_ type: C.Type, _ folder: String) throws -> Int {
        var contender = try C(storage: storage, folder: folder, workload: workload)
        try contender.prepare(for: measure)
        return try measuredRegion { try contender.run(measure) }
    }
}

/// The region callgrind counts (`--toggle-collect=*measuredRegion*`): only the measured work, not set-up.
@inline(never)
func measuredRegion(_ body: () throws -> Int) rethrows -> Int {
    try body()
}

/// A fresh folder under the temporary directory, removed when the value is released.
final class ScratchFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pony-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs one PostgreSQL measure once in this process, raw libpq or Pony: prepared, then `measuredRegion`. For
/// callgrind, which counts the client's instructions only (the server is another process).
struct PostgresOnce {
    let contender: ContenderName
    let measure: ORMMeasure
    let server: PostgresServer
    let workload: Workload

    func run() throws -> Int {
        switch contender {
        case .raw: return try run(RawPostgresContender.self)
        case .pony, .ponyChecked, .ponyUnchecked: return try contender.withPonySettings { try run(PonyPostgresContender.self) }
        case .grdb: throw ORMBenchmark.Failure(description: "GRDB does not run on PostgreSQL")
        }
    }

    private func run<C: PostgresContender>(_ type: C.Type) throws -> Int {
        var contender = try C(server: server, workload: workload)
        defer { try? contender.close() }
        try contender.prepare(for: measure)
        return try measuredRegion { try contender.run(measure) }
    }
}

import Foundation
import Pony

/// A fresh in-memory database with the given entities mapped. Disconnect it at the end of the test so the
/// entity types can be mapped again by the next one.
func makeDatabase(_ entities: [any Entity.Type], path: String = ":memory:") throws -> Database {
    let db = Database()
    try db.bind(.sqlite(path: path, create: true))
    try db.generateMapping(entities, createTables: true)
    return db
}

/// This test process's scratch folder; removed when the process exits, so test runs leave nothing behind.
let scratchFolder: URL = {
    atexit { try? FileManager.default.removeItem(at: scratchFolder) }
    return FileManager.default.temporaryDirectory.appendingPathComponent("pony-tests-\(getpid())-\(UUID().uuidString)")
}()

/// A path for a database file in a fresh folder inside ``scratchFolder``.
func temporaryDatabasePath(_ name: String = "test.sqlite") throws -> String {
    let directory = scratchFolder.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}

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

/// A path for a database file in a fresh temporary directory.
func temporaryDatabasePath(_ name: String = "test.sqlite") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}

import Foundation

/// Writes the session-dense corpus of measure 2: every file declares entities and opens sessions every
/// few lines — synchronous, async-bridged, manual — and about one unit in four misuses them, so every rule
/// and every scope pony-lint tracks is exercised. Deterministic: the same arguments write the same bytes.
struct DenseCorpus {
    let files: Int
    /// Each file is filled with units until it reaches this size.
    let bytesPerFile: Int

    /// Writes the files into `folder` (created, emptied first).
    func write(to folder: String) throws {
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in 0..<files {
            var text = "import Foundation\nimport Pony\n\n"
            var unit = 0
            while text.utf8.count < bytesPerFile {
                text += Self.unit(file: file, unit: unit)
                unit += 1
            }
            try text.write(toFile: "\(folder)/Sessions\(file).swift", atomically: false, encoding: .utf8)
        }
    }

    /// One unit: an entity, a service using it well, and (every fourth unit) a misuse of one rule.
    static func unit(file: Int, unit: Int) -> String {
        let n = "\(file)_\(unit)"
        var text = """
            @Entity final class Item\(n) {
                var name: String
                var count: Int
                var updatedAt: Date
                init(name: String, count: Int) {
                    self.name = name
                    self.count = count
                    self.updatedAt = Date()
                }
            }

            struct ItemService\(n) {
                let db: Database

                func total() throws -> Int {
                    try db.session {
                        try Item\(n).select().fetch().reduce(0) { $0 + $1.count }
                    }
                }

                func rename(_ id: Int64, to name: String) async throws -> Item\(n).Snapshot {
                    let snapshot = try await db.session {
                        let item = try Item\(n)[id]
                        item.name = name
                        item.updatedAt = Date()
                        return item.snapshot()
                    }
                    await notify(snapshot.name)
                    return snapshot
                }

                func importAll(_ names: [String]) async throws {
                    for chunk in stride(from: 0, to: names.count, by: 100) {
                        let slice = names[chunk..<min(chunk + 100, names.count)]
                        try await db.session {
                            for name in slice where !name.isEmpty {
                                _ = Item\(n)(name: name, count: 1)
                            }
                        }
                    }
                }

                func audit() throws {
                    let session = try db.openSession()
                    defer { session.close() }
                    for item in try Item\(n).select().fetch() where item.count < 0 {
                        item.count = 0
                    }
                    try session.commit()
                }

                func notify(_ name: String) async {
                    await Task.yield()
                }

            """
        switch unit % 8 {
        case 1:
            text += """
                    // PONY002: a suspension while the session is open.
                    func refresh(_ id: Int64) async throws {
                        try await db.session {
                            let item = try Item\(n)[id]
                            await notify(item.name)
                        }
                    }

                """
        case 3:
            text += """
                    // PONY003: a blocking session on the cooperative pool.
                    func count() async throws -> Int {
                        try total()
                    }

                """
        case 5:
            text += """
                    // PONY005: a task that outlives its session.
                    func touch(_ id: Int64) throws {
                        try db.session {
                            let item = try Item\(n)[id]
                            Task { await notify(item.name) }
                        }
                    }

                """
        case 7:
            text += """
                    // PONY004: the entity leaves its session.
                    func first() throws -> Item\(n)? {
                        try db.session {
                            try Item\(n).select().first()
                        }
                    }

                """
        default:
            break
        }
        return text + "}\n\n"
    }
}

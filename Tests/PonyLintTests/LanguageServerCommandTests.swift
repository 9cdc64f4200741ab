import Foundation
import Testing

/// `pony-lint lsp` end to end, as an editor drives it: a scripted client over the process's standard input and
/// output, with its own reading of the Language Server Protocol's framing.
@Suite("pony-lint lsp", .enabled(if: PonyLintCLI.isAvailable, "needs the pony-lint executable next to the test binary"))
struct LanguageServerCommandTests {
    /// A running `pony-lint lsp` and the messages it sent that the test has not taken yet.
    final class Client {
        let process = Process()
        private let input = Pipe()
        private let output = Pipe()
        private let errors = Pipe()
        private var buffer = Data()
        private var nextID = 0

        init(in directory: URL) throws {
            process.executableURL = PonyLintCLI.executable
            process.arguments = ["lsp", "--no-cache"]
            process.currentDirectoryURL = directory
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
        }

        func send(_ message: [String: Any]) throws {
            let body = try JSONSerialization.data(withJSONObject: message)
            try input.fileHandleForWriting.write(contentsOf: Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        }

        func sendRaw(_ bytes: String) throws {
            try input.fileHandleForWriting.write(contentsOf: Data(bytes.utf8))
        }

        /// Sends a request and returns its response (notifications that arrive first are kept for ``next()``).
        func request(_ method: String, _ params: Any) throws -> [String: Any] {
            nextID += 1
            let id = nextID
            try send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
            var skipped: [[String: Any]] = []
            defer { pending = skipped + pending }
            while true {
                let message = try next()
                if message["id"] as? Int == id, message["method"] == nil { return message }
                skipped.append(message)
            }
        }

        func notify(_ method: String, _ params: Any) throws {
            try send(["jsonrpc": "2.0", "method": method, "params": params])
        }

        private var pending: [[String: Any]] = []

        /// The next message from the server, read as `Content-Length: N`, a blank line and N bytes of JSON.
        func next() throws -> [String: Any] {
            if !pending.isEmpty { return pending.removeFirst() }
            while true {
                if let headerEnd = buffer.range(of: Data("\r\n\r\n".utf8)) {
                    let header = String(decoding: buffer[buffer.startIndex..<headerEnd.lowerBound], as: UTF8.self)
                    let length = try #require(header.split(separator: "\r\n").compactMap { line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                        return Int(parts[1].trimmingCharacters(in: .whitespaces))
                    }.first, "a message without Content-Length: \(header)")
                    if buffer.count - (headerEnd.upperBound - buffer.startIndex) >= length {
                        let body = buffer[headerEnd.upperBound..<(headerEnd.upperBound + length)]
                        buffer = Data(buffer[(headerEnd.upperBound + length)...])
                        return try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
                    }
                }
                let data = output.fileHandleForReading.availableData
                try #require(!data.isEmpty, "the server closed its output; stderr: \(errorText())")
                buffer.append(data)
            }
        }

        /// The next `textDocument/publishDiagnostics` for `uri`, as "line:character code" strings.
        func diagnostics(for uri: String) throws -> [String] {
            while true {
                let message = try next()
                guard message["method"] as? String == "textDocument/publishDiagnostics",
                      let params = message["params"] as? [String: Any], params["uri"] as? String == uri else { continue }
                return (params["diagnostics"] as? [[String: Any]] ?? []).map { diagnostic in
                    let start = (diagnostic["range"] as? [String: Any])?["start"] as? [String: Int] ?? [:]
                    return "\(start["line"] ?? -1):\(start["character"] ?? -1) \(diagnostic["code"] ?? "")"
                }
            }
        }

        func closeInput() throws {
            try input.fileHandleForWriting.close()
        }

        func waitForExit() -> Int32 {
            process.waitUntilExit()
            return process.terminationStatus
        }

        func errorText() -> String {
            String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    static let helper = "func saveVisit(_ path: String) throws {\n    try db.session { _ = path }\n}\n"
    static let handler = "func handle(_ path: String) async throws {\n    try saveVisit(path)\n}\n"

    @Test(.timeLimit(.minutes(1)))
    func anEditorSessionGetsDiagnosticsAQuickFixAndAShutdown() throws {
        let workspace = try PonyLintCLI.temporaryDirectory()
        try Self.helper.write(to: workspace.appendingPathComponent("Helper.swift"), atomically: true, encoding: .utf8)
        let client = try Client(in: workspace)
        let handler = workspace.appendingPathComponent("Handler.swift").absoluteString

        let initialize = try client.request("initialize", ["processId": NSNull(), "rootUri": workspace.absoluteString, "capabilities": [:]])
        let result = try #require(initialize["result"] as? [String: Any], "\(initialize)")
        #expect((result["serverInfo"] as? [String: Any])?["name"] as? String == "pony-lint")
        let capabilities = try #require(result["capabilities"] as? [String: Any])
        #expect((capabilities["textDocumentSync"] as? [String: Any])?["change"] as? Int == 1)
        #expect(capabilities["codeActionProvider"] != nil)
        try client.notify("initialized", [:])

        // The handler is not on disk yet: its unsaved text is linted, with the helper's facts from disk.
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": handler, "languageId": "swift", "version": 1, "text": Self.handler]])
        #expect(try client.diagnostics(for: handler) == ["1:8 PONY003"])

        let edited = Self.handler.replacingOccurrences(of: "}\n", with: "    try db.session { }\n}\n")
        try client.notify("textDocument/didChange", [
            "textDocument": ["uri": handler, "version": 2], "contentChanges": [["text": edited]],
        ])
        #expect(try client.diagnostics(for: handler) == ["1:8 PONY003", "2:8 PONY003"])

        let actions = try client.request("textDocument/codeAction", [
            "textDocument": ["uri": handler],
            "range": ["start": ["line": 2, "character": 8], "end": ["line": 2, "character": 10]],
            "context": ["diagnostics": []],
        ])
        let action = try #require((actions["result"] as? [[String: Any]])?.first, "\(actions)")
        let edits = try #require(((action["edit"] as? [String: Any])?["changes"] as? [String: [[String: Any]]])?[handler])
        #expect(edits.map { $0["newText"] as? String } == ["await "])

        let shutdown = try client.request("shutdown", NSNull())
        #expect(shutdown.keys.contains("result") && shutdown["error"] == nil, "\(shutdown)")
        try client.notify("exit", NSNull())
        #expect(client.waitForExit() == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func theEndOfInputWithoutShutdownExitsWithOne() throws {
        let client = try Client(in: try PonyLintCLI.temporaryDirectory())
        _ = try client.request("initialize", ["rootUri": NSNull(), "capabilities": [:]])
        try client.closeInput()
        #expect(client.waitForExit() == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func anUnreadableHeaderExitsWithTwoAndSaysWhy() throws {
        let client = try Client(in: try PonyLintCLI.temporaryDirectory())
        try client.sendRaw("Content-Length: lots\r\n\r\n{}")
        #expect(client.waitForExit() == 2)
        #expect(client.errorText().contains("pony-lint lsp: error: cannot read the message stream: Content-Length is not a length: 'lots'"))
    }

    @Test func aBadOptionIsAUsageErrorBeforeAnyMessage() throws {
        let result = try PonyLintCLI.run(["lsp", "--config", "no-such.yml"])
        #expect(result.status == 2)
        #expect(result.error.contains("no-such.yml"), "\(result.error)")
    }
}

import Foundation
@testable import PonyLintKit
import Testing

/// The language server in process: messages in, responses and notifications out, decoded for the assertions.
@Suite("Language server")
struct LanguageServerTests {

    /// A workspace folder on disk and a server initialized on it.
    final class Workspace {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pony-lint-lsp-\(UUID().uuidString)")
        let server = LanguageServer(options: .init(jobs: 1), version: "test")
        private var nextID = 1

        init(_ files: [String: String]) throws {
            for (name, text) in files { try write(name, text) }
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let result = try request("initialize", ["rootUri": root.absoluteString, "capabilities": [:]])
            #expect(result["result"] != nil, "\(result)")
            notify("initialized", [:])
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func uri(_ name: String) -> String { root.appendingPathComponent(name).absoluteString }

        func write(_ name: String, _ text: String) throws {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        /// Sends a request; returns the whole response.
        func request(_ method: String, _ params: Any) throws -> [String: Any] {
            nextID += 1
            let replies = send(["jsonrpc": "2.0", "id": nextID, "method": method, "params": params])
            return try #require(replies.first, "no response to \(method)")
        }

        /// Sends a notification; returns what it made the server send (nothing, for a valid notification).
        @discardableResult
        func notify(_ method: String, _ params: Any) -> [[String: Any]] {
            send(["jsonrpc": "2.0", "method": method, "params": params])
        }

        func send(_ message: [String: Any]) -> [[String: Any]] {
            // The test's own messages are valid JSON objects.
            let data = try! JSONSerialization.data(withJSONObject: message)
            return server.handle(data).map(Self.decode)
        }

        func open(_ name: String, _ text: String, version: Int = 1) {
            notify("textDocument/didOpen", ["textDocument": ["uri": uri(name), "languageId": "swift", "version": version, "text": text]])
        }

        func change(_ name: String, _ text: String, version: Int) {
            notify("textDocument/didChange", ["textDocument": ["uri": uri(name), "version": version], "contentChanges": [["text": text]]])
        }

        /// The notifications the server sends after the messages so far, by method.
        func flush() -> [[String: Any]] {
            server.lintIfNeeded().map(Self.decode)
        }

        /// The diagnostics published for each file after the messages so far, as "line:character code" strings.
        func diagnostics() -> [String: [String]] {
            var published: [String: [String]] = [:]
            for notification in flush() where notification["method"] as? String == "textDocument/publishDiagnostics" {
                let params = notification["params"] as! [String: Any]
                let name = String((params["uri"] as! String).dropFirst(root.absoluteString.count + 1))
                published[name] = (params["diagnostics"] as! [[String: Any]]).map { diagnostic in
                    let start = (diagnostic["range"] as! [String: Any])["start"] as! [String: Int]
                    return "\(start["line"]!):\(start["character"]!) \(diagnostic["code"]!)"
                }
            }
            return published
        }

        static func decode(_ data: Data) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? ["undecodable": String(decoding: data, as: UTF8.self)]
        }
    }

    static func errorCode(_ response: [String: Any]) -> Int? {
        (response["error"] as? [String: Any])?["code"] as? Int
    }

    // MARK: Diagnostics

    @Test func anOpenedFileGetsItsFindingsAsDiagnostics() throws {
        let workspace = try Workspace([:])
        workspace.open("Load.swift", SessionSamples.misuse)
        #expect(workspace.diagnostics() == ["Load.swift": ["1:8 PONY003"]])
    }

    @Test func diagnosticsCarryRangeSeverityCodeSourceAndMessage() throws {
        let workspace = try Workspace([:])
        workspace.open("Load.swift", SessionSamples.misuse)
        let notification = try #require(workspace.flush().first)
        let diagnostic = try #require(((notification["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["severity"] as? Int == 2)
        #expect(diagnostic["source"] as? String == "pony-lint")
        #expect((diagnostic["message"] as? String)?.hasPrefix("synchronous session entered in async code") == true)
        let range = try #require(diagnostic["range"] as? [String: [String: Int]])
        #expect(range["start"] == ["line": 1, "character": 8] && range["end"] == ["line": 1, "character": 10])
        #expect((notification["params"] as? [String: Any])?["version"] as? Int == 1)
    }

    @Test func anUnsavedChangeIsLintedInsteadOfTheFileOnDisk() throws {
        let workspace = try Workspace(["Load.swift": SessionSamples.misuse])
        workspace.open("Load.swift", SessionSamples.misuse)
        #expect(workspace.diagnostics() == ["Load.swift": ["1:8 PONY003"]])
        workspace.change("Load.swift", SessionSamples.misuse.replacingOccurrences(of: "try db", with: "try await db"), version: 2)
        #expect(workspace.diagnostics() == ["Load.swift": []])
    }

    @Test func findingsAreDecidedWithTheWorkspacesOtherFiles() throws {
        let workspace = try Workspace(["Helper.swift": SessionSamples.helper])
        workspace.open("Handler.swift", SessionSamples.handler)
        #expect(workspace.diagnostics() == ["Handler.swift": ["1:8 PONY003"]])
    }

    @Test func anUnsavedEditToAHelperChangesItsOpenCallersFindings() throws {
        let workspace = try Workspace(["Helper.swift": SessionSamples.helper, "Handler.swift": SessionSamples.handler])
        workspace.open("Handler.swift", SessionSamples.handler)
        workspace.open("Helper.swift", SessionSamples.helper)
        #expect(workspace.diagnostics()["Handler.swift"] == ["1:8 PONY003"])
        workspace.change("Helper.swift", SessionSamples.quietHelper, version: 2)
        #expect(workspace.diagnostics() == ["Handler.swift": [], "Helper.swift": []])
    }

    @Test func closingAFileClearsItsDiagnosticsAndLintsItsCallersWithTheTextOnDisk() throws {
        let workspace = try Workspace(["Helper.swift": SessionSamples.quietHelper])
        workspace.open("Handler.swift", SessionSamples.handler)
        workspace.open("Helper.swift", SessionSamples.helper)
        #expect(workspace.diagnostics()["Handler.swift"] == ["1:8 PONY003"])
        workspace.notify("textDocument/didClose", ["textDocument": ["uri": workspace.uri("Helper.swift")]])
        #expect(workspace.diagnostics() == ["Helper.swift": [], "Handler.swift": []])
    }

    @Test func savingLintsAgainWithWhatChangedOnDisk() throws {
        let workspace = try Workspace(["Helper.swift": SessionSamples.quietHelper])
        workspace.open("Handler.swift", SessionSamples.handler)
        #expect(workspace.diagnostics() == ["Handler.swift": []])
        try workspace.write("Helper.swift", SessionSamples.helper)
        workspace.notify("textDocument/didSave", ["textDocument": ["uri": workspace.uri("Handler.swift")]])
        #expect(workspace.diagnostics() == ["Handler.swift": ["1:8 PONY003"]])
    }

    @Test func nothingIsPublishedWhenNothingChanged() throws {
        let workspace = try Workspace([:])
        workspace.open("Load.swift", SessionSamples.misuse)
        _ = workspace.flush()
        #expect(workspace.flush().isEmpty)
    }

    @Test func theConfigurationFileIsHonouredAndReadAgainBeforeEachLint() throws {
        let workspace = try Workspace([".pony-lint.yml": "disabled_rules: [PONY003]\n"])
        workspace.open("Load.swift", SessionSamples.misuse)
        #expect(workspace.diagnostics() == ["Load.swift": []])
        try workspace.write(".pony-lint.yml", "disabled_rules: []\n")
        workspace.change("Load.swift", SessionSamples.misuse, version: 2)
        #expect(workspace.diagnostics() == ["Load.swift": ["1:8 PONY003"]])
    }

    @Test func aBrokenConfigurationIsShownOnceAndTheLastGoodOneIsUsed() throws {
        let workspace = try Workspace([".pony-lint.yml": "disabled_rules: [PONY003]\n"])
        workspace.open("Load.swift", SessionSamples.misuse)
        _ = workspace.flush()
        try workspace.write(".pony-lint.yml", "disabled_rules: PONY003\n")
        workspace.change("Load.swift", SessionSamples.misuse, version: 2)
        let notifications = workspace.flush()
        let message = try #require(notifications.first { $0["method"] as? String == "window/showMessage" })
        let params = try #require(message["params"] as? [String: Any])
        #expect(params["type"] as? Int == 1)
        #expect((params["message"] as? String)?.contains(".pony-lint.yml") == true, "\(params)")
        let diagnostics = notifications.first { $0["method"] as? String == "textDocument/publishDiagnostics" }
        #expect(((diagnostics?["params"] as? [String: Any])?["diagnostics"] as? [Any])?.isEmpty == true)
        workspace.change("Load.swift", SessionSamples.misuse, version: 3)
        #expect(!workspace.flush().contains { $0["method"] as? String == "window/showMessage" })
    }

    @Test func suppressionCommentsAreHonoured() throws {
        let workspace = try Workspace([:])
        workspace.open("Load.swift", "func load() async throws {\n    // pony-lint:disable:next PONY003\n    try db.session { }\n}\n")
        #expect(workspace.diagnostics() == ["Load.swift": []])
    }

    @Test func excludedFilesGetNoDiagnostics() throws {
        let workspace = try Workspace([".pony-lint.yml": "excluded: [Generated]\n"])
        workspace.open("Generated/Load.swift", SessionSamples.misuse)
        #expect(workspace.diagnostics() == ["Generated/Load.swift": []])
    }

    @Test func filesThatAreNotSwiftAreNeitherLintedNorGivenDiagnostics() throws {
        let workspace = try Workspace([:])
        workspace.open("notes.md", SessionSamples.misuse)
        #expect(workspace.diagnostics().isEmpty)
    }

    @Test func aRangedChangeIsAppliedToTheText() throws {
        let workspace = try Workspace([:])
        workspace.open("Load.swift", SessionSamples.misuse)
        _ = workspace.flush()
        workspace.notify("textDocument/didChange", [
            "textDocument": ["uri": workspace.uri("Load.swift"), "version": 2],
            "contentChanges": [["range": ["start": ["line": 1, "character": 8], "end": ["line": 1, "character": 8]], "text": "await "]],
        ])
        #expect(workspace.diagnostics() == ["Load.swift": []])
    }

    // MARK: Code actions

    @Test func aFixableFindingOffersItsFixAsAQuickFix() throws {
        let workspace = try Workspace([:])
        workspace.open("Load.swift", SessionSamples.misuse)
        _ = workspace.flush()
        let response = try workspace.request("textDocument/codeAction", [
            "textDocument": ["uri": workspace.uri("Load.swift")],
            "range": ["start": ["line": 1, "character": 9], "end": ["line": 1, "character": 9]],
            "context": ["diagnostics": []],
        ])
        let actions = try #require(response["result"] as? [[String: Any]])
        try #require(actions.count == 1)
        #expect(actions[0]["kind"] as? String == "quickfix")
        #expect((actions[0]["title"] as? String)?.hasSuffix("(PONY003)") == true)
        let changes = try #require((actions[0]["edit"] as? [String: Any])?["changes"] as? [String: [[String: Any]]])
        let edits = try #require(changes[workspace.uri("Load.swift")])
        #expect(edits.count == 1)
        #expect(edits[0]["newText"] as? String == "await ")
        #expect((edits[0]["range"] as? [String: [String: Int]])?["start"] == ["line": 1, "character": 8])
    }

    @Test func noQuickFixIsOfferedAwayFromTheFinding() throws {
        let workspace = try Workspace([:])
        workspace.open("Load.swift", SessionSamples.misuse)
        let response = try workspace.request("textDocument/codeAction", [
            "textDocument": ["uri": workspace.uri("Load.swift")],
            "range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 3]],
            "context": ["diagnostics": [["range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 3]], "code": 1001, "message": "other"]]],
        ])
        #expect((response["result"] as? [Any])?.isEmpty == true, "\(response)")
    }

    // MARK: Protocol

    @Test func requestsBeforeInitializeAreRefused() throws {
        let server = LanguageServer(options: .init(jobs: 1))
        let reply = server.handle(Data(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/codeAction","params":{}}"#.utf8))
        #expect(reply.map(Workspace.decode).first.flatMap(Self.errorCode) == -32002)
    }

    @Test func anUnknownRequestIsMethodNotFoundAndAnUnknownNotificationIsIgnored() throws {
        let workspace = try Workspace([:])
        #expect(Self.errorCode(try workspace.request("textDocument/hover", [:])) == -32601)
        #expect(workspace.notify("custom/notification", [:]).isEmpty)
    }

    @Test func invalidJSONIsAParseError() throws {
        let workspace = try Workspace([:])
        let reply = workspace.server.handle(Data("{not json".utf8)).map(Workspace.decode)
        #expect(reply.first.flatMap(Self.errorCode) == -32700)
    }

    @Test func invalidParamsNameTheMissingField() throws {
        let workspace = try Workspace([:])
        let response = try workspace.request("textDocument/codeAction", ["textDocument": ["uri": workspace.uri("A.swift")]])
        #expect(Self.errorCode(response) == -32602)
        #expect(((response["error"] as? [String: Any])?["message"] as? String)?.contains("range") == true, "\(response)")
    }

    @Test func shutdownThenExitEndsWithStatusZero() throws {
        let workspace = try Workspace([:])
        let response = try workspace.request("shutdown", NSNull())
        #expect(response.keys.contains("result") && response["result"] is NSNull, "\(response)")
        #expect(Self.errorCode(try workspace.request("textDocument/codeAction", [:])) == -32600)
        workspace.notify("exit", NSNull())
        #expect(workspace.server.exitStatus == 0)
    }

    @Test func exitWithoutShutdownEndsWithStatusOne() throws {
        let workspace = try Workspace([:])
        workspace.notify("exit", NSNull())
        #expect(workspace.server.exitStatus == 1)
    }
}

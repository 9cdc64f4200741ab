import Foundation
import PonyRules

/// `pony-lint lsp`: the linter as a Language Server Protocol server.
///
/// It publishes pony-lint's findings as diagnostics for every open Swift file when it is opened, changed or
/// saved — decided with the whole workspace's facts, the open files' unsaved text in place of what is on disk —
/// and offers each finding's `--fix` rewrite as a quick fix. `.pony-lint.yml` and `pony-lint:` comments apply as
/// they do on the command line; the configuration file is read again before every lint.
///
/// The server handles messages one batch at a time: every message that has arrived is handled, then, if a
/// document changed, the workspace is linted once and diagnostics are published.
///
/// ```swift
/// let server = LanguageServer(options: .init(cache: LintCache(directory: LintCache.defaultDirectory)))
/// let replies = server.handle(message)      // responses to a request
/// let notifications = server.lintIfNeeded() // textDocument/publishDiagnostics
/// ```
public final class LanguageServer {
    /// How the server lints.
    public struct Options: Sendable {
        /// The configuration file; nil to look for `.pony-lint.yml` from the workspace folder up.
        public var configurationPath: String?
        /// `--define` names, added to the configuration's `defines`.
        public var defines: [String]
        public var cache: LintCache?
        public var jobs: Int

        public init(
            configurationPath: String? = nil, defines: [String] = [], cache: LintCache? = nil,
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount
        ) {
            self.configurationPath = configurationPath
            self.defines = defines
            self.cache = cache
            self.jobs = jobs
        }
    }

    /// An open document: the client's URI (sent back as it came) and its text.
    private struct Document {
        let uri: String
        var version: Int?
        var text: String
    }

    private let options: Options
    private let version: String
    private var root: String?
    private var isInitialized = false
    private var isShuttingDown = false
    /// Open documents by path.
    private var documents: [String: Document] = [:]
    /// Documents closed since the last lint, by path and URI: their diagnostics are cleared.
    private var closed: [(path: String, uri: String)] = []
    /// A document changed since the last lint.
    private var isStale = false
    /// The last lint's findings and per-file errors, by path.
    private var findings: [String: [Finding]] = [:]
    private var fileErrors: [String: String] = [:]
    private var lastGoodConfiguration: LintConfiguration?
    private var reportedConfigurationProblem: String?

    /// The exit status once `exit` has arrived: 0 after `shutdown`, 1 without it (as LSP specifies).
    public private(set) var exitStatus: Int32?

    public init(options: Options, version: String = "") {
        self.options = options
        self.version = version
    }

    // MARK: Messages

    /// Handles one message and returns what to send back: a response to a request, nothing for a notification.
    public func handle(_ data: Data) -> [Data] {
        let message: IncomingMessage
        do {
            message = try JSONDecoder().decode(IncomingMessage.self, from: data)
        } catch {
            return [OutgoingMessage.error(id: nil, .parseError("the message is not a JSON-RPC message: \(Self.describe(error))"))]
        }
        guard let method = message.method else { return [] }  // a response to a request we never send
        do {
            let result = try respond(to: method, data: data, isRequest: message.id != nil)
            guard let id = message.id else { return [] }
            return [OutgoingMessage.response(id: id, result: result)]
        } catch let error as ResponseError {
            // Errors answer requests; a notification that fails is dropped, as JSON-RPC requires.
            guard let id = message.id else { return [] }
            return [OutgoingMessage.error(id: id, error)]
        } catch {
            guard let id = message.id else { return [] }
            return [OutgoingMessage.error(id: id, .invalidParams(Self.describe(error)))]
        }
    }

    /// Lints the workspace if a document changed since the last lint, and returns the notifications that
    /// follow: diagnostics for every open and just-closed document, and a message about a configuration error.
    public func lintIfNeeded() -> [Data] {
        guard isStale || !closed.isEmpty else { return [] }
        var notifications: [Data] = []
        if isStale {
            notifications += lint()
        }
        for document in closed {
            notifications.append(OutgoingMessage.notification(
                "textDocument/publishDiagnostics",
                LSP.PublishDiagnosticsParams(uri: document.uri, version: nil, diagnostics: [])))
        }
        closed = []
        for (path, document) in documents.sorted(by: { $0.key < $1.key }) {
            notifications.append(OutgoingMessage.notification(
                "textDocument/publishDiagnostics",
                LSP.PublishDiagnosticsParams(uri: document.uri, version: document.version, diagnostics: diagnostics(for: path))))
        }
        return notifications
    }

    private func respond(to method: String, data: Data, isRequest: Bool) throws -> (any Encodable)? {
        if method == "exit" {
            exitStatus = isShuttingDown ? 0 : 1
            return nil
        }
        if isShuttingDown && isRequest {
            throw ResponseError.invalidRequest("the server is shutting down: only 'exit' is accepted")
        }
        if method == "initialize" {
            return try initialize(Self.params(LSP.InitializeParams.self, from: data))
        }
        guard isInitialized else {
            if isRequest { throw ResponseError.serverNotInitialized }
            return nil
        }
        switch method {
        case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
            return nil
        case "shutdown":
            isShuttingDown = true
            return nil
        case "textDocument/didOpen":
            let item = try Self.params(LSP.DidOpenParams.self, from: data).textDocument
            // Only Swift files are linted (a client may send every file it opens).
            guard let path = Self.path(for: item.uri), path.hasSuffix(".swift") else { return nil }
            documents[path] = Document(uri: item.uri, version: item.version, text: item.text)
            closed.removeAll { $0.path == path }
            isStale = true
        case "textDocument/didChange":
            let params = try Self.params(LSP.DidChangeParams.self, from: data)
            guard let path = Self.path(for: params.textDocument.uri), var document = documents[path] else { return nil }
            for change in params.contentChanges {
                document.text = Self.apply(change, to: document.text)
            }
            document.version = params.textDocument.version
            documents[path] = document
            isStale = true
        case "textDocument/didSave", "workspace/didChangeWatchedFiles":
            // Files on disk may have changed: another lint reads them (the cache notices what changed).
            isStale = true
        case "textDocument/didClose":
            let uri = try Self.params(LSP.DocumentParams.self, from: data).textDocument.uri
            guard let path = Self.path(for: uri), let document = documents.removeValue(forKey: path) else { return nil }
            closed.append((path, document.uri))
            // Its text on disk is what other files' findings now depend on.
            isStale = true
        case "textDocument/codeAction":
            return try codeActions(Self.params(LSP.CodeActionParams.self, from: data))
        default:
            if isRequest { throw ResponseError.methodNotFound(method) }
        }
        return nil
    }

    private func initialize(_ params: LSP.InitializeParams) throws -> LSP.InitializeResult {
        if isInitialized { throw ResponseError.invalidRequest("the server is already initialized") }
        let folder = params.workspaceFolders?.first?.uri ?? params.rootUri
        root = folder.flatMap(Self.path(for:)) ?? params.rootPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        isInitialized = true
        return LSP.InitializeResult(serverInfo: .init(name: "pony-lint", version: version))
    }

    // MARK: Linting

    private func lint() -> [Data] {
        isStale = false
        let (configuration, problem) = loadConfiguration()
        var notifications: [Data] = []
        if let problem, problem != reportedConfigurationProblem {
            notifications.append(OutgoingMessage.notification(
                "window/showMessage", LSP.ShowMessageParams(type: 1, message: "pony-lint: \(problem)")))
        }
        reportedConfigurationProblem = problem
        let linter = Linter(configuration: configuration, jobs: options.jobs, cache: options.cache)
        let report = linter.lint(paths: root.map { [$0] } ?? [], overlays: documents.mapValues(\.text))
        findings = Dictionary(grouping: report.findings, by: \.file)
        fileErrors = [:]
        for case .input(let path, let message) in report.errors where documents[path] != nil {
            fileErrors[path] = message
        }
        return notifications
    }

    /// The configuration to lint with, and the problem with the configuration file if it has one (then the last
    /// configuration that loaded is used, or the defaults).
    private func loadConfiguration() -> (LintConfiguration, String?) {
        let directory = root ?? FileManager.default.currentDirectoryPath
        var configuration: LintConfiguration
        var problem: String?
        do {
            if let path = options.configurationPath ?? ConfigurationLoader.find(from: directory) {
                configuration = try ConfigurationLoader.load(path)
            } else {
                configuration = LintConfiguration(baseDirectory: directory)
            }
            lastGoodConfiguration = configuration
        } catch {
            problem = "\(error)"
            configuration = lastGoodConfiguration ?? LintConfiguration(baseDirectory: directory)
        }
        if !options.defines.isEmpty {
            configuration.definedConditions = (configuration.definedConditions ?? []).union(options.defines)
        }
        return (configuration, problem)
    }

    private func diagnostics(for path: String) -> [LSP.Diagnostic] {
        guard let document = documents[path] else { return [] }
        let index = LineIndex(document.text)
        var diagnostics = (findings[path] ?? []).map { Self.diagnostic($0, index: index) }
        if let message = fileErrors[path] {
            let start = LSP.Position(line: 0, character: 0)
            diagnostics.insert(
                LSP.Diagnostic(range: LSP.Range(start: start, end: start), severity: 2, code: "input", source: "pony-lint", message: message),
                at: 0)
        }
        return diagnostics
    }

    private static func diagnostic(_ finding: Finding, index: LineIndex) -> LSP.Diagnostic {
        LSP.Diagnostic(
            range: index.wordRange(line: finding.line, utf8Column: finding.column),
            severity: finding.severity == .error ? 1 : 2, code: finding.rule.rawValue, source: "pony-lint",
            message: finding.message)
    }

    // MARK: Code actions

    /// A quick fix for each finding with a fix whose range touches the requested one or that the request names
    /// among its diagnostics.
    private func codeActions(_ params: LSP.CodeActionParams) throws -> [LSP.CodeAction] {
        guard let path = Self.path(for: params.textDocument.uri), let document = documents[path] else { return [] }
        if isStale { _ = lint() }
        let index = LineIndex(document.text)
        return (findings[path] ?? []).compactMap { finding in
            guard let fix = finding.fix else { return nil }
            let diagnostic = Self.diagnostic(finding, index: index)
            let named = params.context?.diagnostics?.contains { $0.code == .string(diagnostic.code) && $0.range == diagnostic.range } ?? false
            guard named || diagnostic.range.overlaps(params.range) else { return nil }
            let edits = fix.edits.map { edit in
                LSP.TextEdit(
                    range: LSP.Range(
                        start: index.position(ofUTF8Offset: edit.offset), end: index.position(ofUTF8Offset: edit.offset + edit.length)),
                    newText: edit.replacement)
            }
            let title = RuleCatalog.rule(named: finding.rule.rawValue)?.fixTitle ?? "Fix \(finding.rule)"
            return LSP.CodeAction(
                title: "\(title) (\(finding.rule))", kind: "quickfix", diagnostics: [diagnostic], isPreferred: true,
                edit: LSP.WorkspaceEdit(changes: [document.uri: edits]))
        }
    }

    // MARK: Helpers

    private static func params<Params: Decodable>(_ type: Params.Type, from data: Data) throws -> Params {
        do {
            return try JSONDecoder().decode(IncomingMessage.Parameters<Params>.self, from: data).params
        } catch {
            throw ResponseError.invalidParams(describe(error))
        }
    }

    /// A change's text in place of its range, or of the whole text when it has none.
    private static func apply(_ change: LSP.ContentChange, to text: String) -> String {
        guard let range = change.range else { return change.text }
        let index = LineIndex(text)
        var bytes = Array(text.utf8)
        let start = index.utf8Offset(of: range.start)
        let end = max(start, index.utf8Offset(of: range.end))
        bytes.replaceSubrange(start..<end, with: Array(change.text.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The path of a `file:` URI; nil for other schemes (an unsaved buffer has no place in the workspace).
    static func path(for uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            context.debugDescription
        default:
            "\(error)"
        }
    }
}

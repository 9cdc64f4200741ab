/// The parts of the Language Server Protocol (3.17) that `pony-lint lsp` reads and writes.
enum LSP {
    /// A position: 0-based line, and character offset in UTF-16 code units.
    struct Position: Codable, Equatable, Comparable {
        let line: Int
        let character: Int

        static func < (a: Position, b: Position) -> Bool { (a.line, a.character) < (b.line, b.character) }
    }

    struct Range: Codable, Equatable {
        let start: Position
        let end: Position

        func overlaps(_ other: Range) -> Bool { start <= other.end && other.start <= end }
    }

    struct TextDocumentIdentifier: Codable {
        let uri: String
    }

    struct TextDocumentItem: Decodable {
        let uri: String
        let languageId: String?
        let version: Int
        let text: String
    }

    struct VersionedTextDocumentIdentifier: Decodable {
        let uri: String
        let version: Int?
    }

    struct WorkspaceFolder: Decodable {
        let uri: String
    }

    struct InitializeParams: Decodable {
        let rootUri: String?
        let rootPath: String?
        let workspaceFolders: [WorkspaceFolder]?
    }

    struct DidOpenParams: Decodable {
        let textDocument: TextDocumentItem
    }

    /// A full-text change (the server asks for `TextDocumentSyncKind.Full`); a ranged change is applied too.
    struct ContentChange: Decodable {
        let range: Range?
        let text: String
    }

    struct DidChangeParams: Decodable {
        let textDocument: VersionedTextDocumentIdentifier
        let contentChanges: [ContentChange]
    }

    struct DocumentParams: Decodable {
        let textDocument: TextDocumentIdentifier
    }

    struct CodeActionParams: Decodable {
        struct Context: Decodable {
            let diagnostics: [ContextDiagnostic]?
        }

        /// A diagnostic the client has at the range, from any source: its code may be a number.
        struct ContextDiagnostic: Decodable {
            let range: Range
            let code: JSONRPCID?
        }

        let textDocument: TextDocumentIdentifier
        let range: Range
        let context: Context?
    }

    struct Diagnostic: Codable, Equatable {
        let range: Range
        /// 1 error, 2 warning.
        let severity: Int
        let code: String
        let source: String
        let message: String
    }

    struct PublishDiagnosticsParams: Encodable {
        let uri: String
        let version: Int?
        let diagnostics: [Diagnostic]
    }

    struct TextEdit: Codable, Equatable {
        let range: Range
        let newText: String
    }

    struct WorkspaceEdit: Encodable {
        let changes: [String: [TextEdit]]
    }

    struct CodeAction: Encodable {
        let title: String
        let kind: String
        let diagnostics: [Diagnostic]
        let isPreferred: Bool
        let edit: WorkspaceEdit
    }

    struct ShowMessageParams: Encodable {
        /// 1 error, 2 warning, 3 info.
        let type: Int
        let message: String
    }

    struct InitializeResult: Encodable {
        struct ServerInfo: Encodable {
            let name: String
            let version: String
        }

        struct Capabilities: Encodable {
            struct TextDocumentSync: Encodable {
                let openClose = true
                /// 1: the client sends the whole text on each change.
                let change = 1
                let save = ["includeText": false]
            }

            struct CodeActionOptions: Encodable {
                let codeActionKinds = ["quickfix"]
            }

            let textDocumentSync = TextDocumentSync()
            let codeActionProvider = CodeActionOptions()
        }

        let capabilities = Capabilities()
        let serverInfo: ServerInfo
    }
}

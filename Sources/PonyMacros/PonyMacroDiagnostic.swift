import SwiftDiagnostics

/// An error or warning from one of Pony's macros.
struct PonyMacroDiagnostic: DiagnosticMessage, Error {
    let message: String
    let diagnosticID: MessageID
    let severity: DiagnosticSeverity

    init(_ id: String, _ message: String, severity: DiagnosticSeverity = .error) {
        self.message = message
        self.diagnosticID = MessageID(domain: "Pony", id: id)
        self.severity = severity
    }
}

/// A fix-it message.
struct PonyFixIt: FixItMessage {
    let message: String
    var fixItID: MessageID { MessageID(domain: "Pony", id: message) }
}

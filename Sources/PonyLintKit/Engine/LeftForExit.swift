/// Values a run leaves allocated until the process exits (``Linter/freesInputs`` off): one reference to them is
/// taken and never given back, so nothing in them is freed, and the exit returns their memory at once.
final class LeftForExit: @unchecked Sendable {
    private let value: Any

    private init(_ value: Any) {
        self.value = value
    }

    /// Keeps `value` alive for the rest of the process.
    static func keep(_ value: Any) {
        _ = Unmanaged.passRetained(LeftForExit(value))
    }
}

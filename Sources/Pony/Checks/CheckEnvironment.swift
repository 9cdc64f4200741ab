import Foundation
import PonyRules

/// Reads `PONY_CHECKS` and `PONY_CHECKS_DISABLE` once, at the first check.
enum CheckEnvironment {
    static let initialState: CheckState = read(ProcessInfo.processInfo.environment)

    /// The state the environment asks for; stops the program naming the variable when a value is invalid.
    static func read(_ environment: [String: String]) -> CheckState {
        switch parse(environment) {
        case .success(let state): return state
        case .failure(let error): fatalError("\(error.message)")
        }
    }

    struct InvalidValue: Error {
        let message: String
    }

    static func parse(_ environment: [String: String]) -> Result<CheckState, InvalidValue> {
        var state = CheckState(mode: PonyChecks.defaultMode, disabled: [])
        if let value = environment["PONY_CHECKS"], !value.isEmpty {
            guard let mode = PonyChecks.Mode(rawValue: value.lowercased()) else {
                return .failure(InvalidValue(message: "PONY_CHECKS='\(value)' is not valid: use trap, report or off"))
            }
            state.mode = mode
        }
        if let value = environment["PONY_CHECKS_DISABLE"] {
            for name in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let rule = RuleCatalog.rule(named: name) else {
                    return .failure(InvalidValue(
                        message: "PONY_CHECKS_DISABLE names '\(name)', which is not a rule: use IDs or names such as PONY003 or task-in-session, separated by commas"))
                }
                state.disabled.insert(rule.id)
            }
        }
        return .success(state)
    }
}

import SwiftIfConfig
import SwiftSyntax

/// The build configuration `#if` conditions are evaluated against: only what the user told the linter.
///
/// Without `--define`, custom conditions (`#if DEBUG`) are unknown; with `--define NAME` (or `defines:` in
/// `.pony-lint.yml`) they are decided as `swiftc -D NAME` decides them — a defined name is true, any other is
/// false. Platform queries (`os`, `arch`, `canImport`, `hasFeature`, …) are always unknown: the linter lints
/// code for every platform. An unknown query throws, which SwiftIfConfig reports as a diagnostic; a condition
/// whose evaluation needed one is undecided, and its code is linted. Version checks (`swift(>=…)`,
/// `compiler(>=…)`) cannot be left unknown through the API, so they are decided for Swift 6.
struct LintBuildConfiguration: BuildConfiguration {
    /// The names set with `--define`; nil when none were given, so custom conditions are unknown.
    let definedConditions: Set<String>?

    struct Unknown: Error {
        let query: String
    }

    func isCustomConditionSet(name: String) throws -> Bool {
        guard let definedConditions else { throw Unknown(query: name) }
        return definedConditions.contains(name)
    }

    func hasFeature(name: String) throws -> Bool { throw Unknown(query: "hasFeature(\(name))") }
    func hasAttribute(name: String) throws -> Bool { throw Unknown(query: "hasAttribute(\(name))") }
    func canImport(importPath: [(TokenSyntax, String)], version: CanImportVersion) throws -> Bool {
        throw Unknown(query: "canImport")
    }
    func isActiveTargetOS(name: String) throws -> Bool { throw Unknown(query: "os(\(name))") }
    func isActiveTargetArchitecture(name: String) throws -> Bool { throw Unknown(query: "arch(\(name))") }
    func isActiveTargetEnvironment(name: String) throws -> Bool { throw Unknown(query: "targetEnvironment(\(name))") }
    func isActiveTargetRuntime(name: String) throws -> Bool { throw Unknown(query: "_runtime(\(name))") }
    func isActiveTargetPointerAuthentication(name: String) throws -> Bool { throw Unknown(query: "_ptrauth(\(name))") }
    func isActiveTargetObjectFormat(name: String) throws -> Bool { throw Unknown(query: "objectFormat(\(name))") }

    var targetPointerBitWidth: Int { 64 }
    var targetAtomicBitWidths: [Int] { [32, 64] }
    var endianness: Endianness { .little }
    var languageVersion: VersionTuple { VersionTuple(6, 0) }
    var compilerVersion: VersionTuple { VersionTuple(6, 3) }
}

// swift-tools-version: 6.2
import CompilerPluginSupport
import PackageDescription

let package = Package(
    name: "Pony",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Pony", targets: ["Pony"]),
        .library(name: "PonyRules", targets: ["PonyRules"]),
        .library(name: "PonyConfiguration", targets: ["PonyConfiguration"]),
        .library(name: "PonyPostgreSQL", targets: ["PonyPostgreSQL"]),
        .library(name: "PonyLintKit", targets: ["PonyLintKit"]),
        .executable(name: "pony-lint", targets: ["pony-lint"]),
        .plugin(name: "PonyLintCommandPlugin", targets: ["PonyLintCommandPlugin"]),
        .plugin(name: "PonyLintBuildToolPlugin", targets: ["PonyLintBuildToolPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // MARK: SQLite, straight from the system library (libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // MARK: PostgreSQL, through libpq (libpq-dev). Only programs that import PonyPostgreSQL link it.
        .systemLibrary(
            name: "CLibPQ",
            providers: [.apt(["libpq-dev"])]
        ),

        // MARK: The rule catalog: Rules/*.md embedded as Swift by scripts/generate-rules (PonyRulesGenerator);
        // PonyRulesTests fails while the checked-in Sources/PonyRules/RuleCatalog+Generated.swift is out of date.
        .target(
            name: "PonyRulesParser",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "PonyRulesGenerator",
            dependencies: ["PonyRulesParser"]
        ),
        .target(name: "PonyRules"),

        // MARK: What the ORM and the linter share: a lock ThreadSanitizer can see.
        .target(name: "PonyLocks"),

        // MARK: The ORM.
        .macro(
            name: "PonyMacros",
            dependencies: [
                "PonyRules",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
            ]
        ),
        .target(
            name: "Pony",
            dependencies: ["CSQLite", "PonyLocks", "PonyMacros", "PonyRules", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "PonyPostgreSQL",
            dependencies: ["Pony", "CLibPQ"]
        ),
        .target(
            name: "PonyConfiguration",
            dependencies: [
                "Pony",
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),

        // MARK: The linter. It never links the ORM or SQLite.
        .target(
            name: "PonyLintKit",
            dependencies: [
                "PonyLocks",
                "PonyRules",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftIfConfig", package: "swift-syntax"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "pony-lint",
            dependencies: [
                "PonyLintKit",
                "PonyRules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .plugin(
            name: "PonyLintCommandPlugin",
            capability: .command(
                intent: .custom(verb: "pony-lint", description: "Find database session misuse in the package's targets")),
            dependencies: ["pony-lint"]
        ),
        .plugin(
            name: "PonyLintBuildToolPlugin",
            capability: .buildTool(),
            dependencies: ["pony-lint"]
        ),

        // MARK: Examples built with the package (Examples/Misuse is linted, not compiled).
        .executableTarget(
            name: "FixedExample",
            dependencies: ["Pony"],
            path: "Examples/Fixed",
            exclude: ["README.md"]
        ),

        // MARK: Programs the tests build and run: the README's snippets, and main-actor entry points.
        .executableTarget(
            name: "ReadmeExamples",
            dependencies: ["Pony", "PonyPostgreSQL", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Fixtures/ReadmeExamples"
        ),
        .executableTarget(
            name: "MainActorSessions",
            dependencies: ["Pony"],
            path: "Tests/Fixtures/MainActorSessions"
        ),

        // MARK: Tests, one target per module, and what they share.
        .target(
            name: "PonyTestSupport",
            path: "Tests/Support"
        ),
        .testTarget(
            name: "PonyRulesTests",
            dependencies: ["PonyRules", "PonyRulesParser"]
        ),
        .testTarget(
            name: "PonyMacrosTests",
            dependencies: [
                "PonyMacros",
                "PonyRules",
                .product(name: "SwiftSyntaxMacrosGenericTestSupport", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacroExpansion", package: "swift-syntax"),
            ]
        ),
        .testTarget(
            name: "PonyTests",
            dependencies: ["Pony", "PonyPostgreSQL", "CSQLite", "FixedExample", "PonyLocks", "PonyTestSupport", .product(name: "InMemoryLogging", package: "swift-log")]
        ),
        .testTarget(
            name: "PonyPostgreSQLTests",
            dependencies: ["PonyPostgreSQL", "Pony", "PonyLocks", "PonyTestSupport"]
        ),
        .testTarget(
            name: "PonyConfigurationTests",
            dependencies: ["PonyConfiguration", "Pony"]
        ),
        .testTarget(
            name: "PonyLintKitTests",
            dependencies: ["PonyLintKit", "PonyRules", "PonyTestSupport"]
        ),
        .testTarget(
            name: "PonyLintTests",
            dependencies: ["pony-lint", "PonyRules"],
            exclude: ["Expected"]
        ),
    ]
)

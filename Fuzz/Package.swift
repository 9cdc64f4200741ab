// swift-tools-version: 6.2
import PackageDescription

// PONY_FUZZ=1 (scripts/fuzz) builds the libFuzzer target: only `pony-lint-fuzz` links libFuzzer (build tools in
// the graph, such as the rule-catalog generator, must not), and its `main` starts libFuzzer's driver; the modules it
// lints with are instrumented by the flags scripts/fuzz passes. Without it, the same program replays inputs.
let fuzzing = Context.environment["PONY_FUZZ"] == "1"

// A libFuzzer target over pony-lint's engine: parse, every rule, `pony-lint:` directives and `--fix`, checked by
// PonyLintKit's FuzzCheck. Its own package so the fuzzing build (every module instrumented) never mixes with the
// main build. Run it with `scripts/fuzz` (see README.md).
let package = Package(
    name: "PonyFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so the dependency does not take the name of the folder the repository was cloned into.
        .package(name: "Pony", path: ".."),
    ],
    targets: [
        // The declaration of libFuzzer's driver.
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "pony-lint-fuzz",
            dependencies: ["CLibFuzzer", .product(name: "PonyLintKit", package: "Pony")],
            swiftSettings: fuzzing ? [.define("FUZZING"), .unsafeFlags(["-sanitize=fuzzer"])] : [],
            linkerSettings: fuzzing ? [.unsafeFlags(["-sanitize=fuzzer", "-use-ld=lld"])] : []
        ),
    ]
)

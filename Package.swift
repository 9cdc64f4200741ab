// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Pony",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PonyRules", targets: ["PonyRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: The rule catalog: Rules/*.md embedded at build time.
        .target(
            name: "PonyRulesParser",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "PonyRulesGenerator",
            dependencies: ["PonyRulesParser"]
        ),
        .plugin(
            name: "PonyRulesPlugin",
            capability: .buildTool(),
            dependencies: ["PonyRulesGenerator"]
        ),
        .target(
            name: "PonyRules",
            plugins: ["PonyRulesPlugin"]
        ),

        // MARK: Tests, one target per module.
        .testTarget(
            name: "PonyRulesTests",
            dependencies: ["PonyRules", "PonyRulesParser"]
        ),
    ]
)

// swift-tools-version: 6.2
import PackageDescription

// Side-by-side measurements of pony-lint and the Pony ORM against their peers and floors.
// Its own package so the main build stays light: GRDB, postgres-nio and release builds live here only.
// Run it with `Benchmarks/run.sh` (see README.md).
let package = Package(
    name: "PonyBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so the dependency does not take the name of the folder the repository was cloned into.
        .package(name: "Pony", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The peer on PostgreSQL (measure 7): the async client Vapor and Hummingbird apps use.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Runs a program and reports its own peak RSS (see main.c for why this cannot be done from Swift here).
        .executableTarget(name: "peak-rss"),
        .executableTarget(
            name: "pony-bench",
            dependencies: [
                .product(name: "Pony", package: "Pony"),
                .product(name: "PonyPostgreSQL", package: "Pony"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "PonyBenchTests", dependencies: ["pony-bench"]),
    ]
)

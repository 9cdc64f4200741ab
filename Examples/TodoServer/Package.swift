// swift-tools-version: 6.2
import PackageDescription

// The Swift counterpart of PonyORM's "Pony with FastAPI": a Hummingbird JSON API on Pony, with SQLite or
// PostgreSQL chosen by PONY_DATABASE_URL (PostgreSQL needs libpq: apt-get install libpq-dev).
let package = Package(
    name: "TodoServer",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so the dependency does not take the name of the folder the repository was cloned into.
        .package(name: "Pony", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "TodoServerKit",
            dependencies: [
                .product(name: "Pony", package: "Pony"),
                .product(name: "PonyConfiguration", package: "Pony"),
                .product(name: "PonyPostgreSQL", package: "Pony"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(name: "TodoServer", dependencies: ["TodoServerKit"]),
        .testTarget(
            name: "TodoServerTests",
            dependencies: [
                "TodoServerKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)

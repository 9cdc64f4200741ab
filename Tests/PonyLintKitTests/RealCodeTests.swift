import Foundation
import PonyLintKit
import Testing

/// The packages of this machine's mirror, extracted once: real Swift that must produce no findings.
enum MirrorCorpus {
    static let mirror = "/opt/swift-packages"
    static let packages = [
        ("vapor/vapor", "4.122.3"), ("apple/swift-nio", "2.101.3"), ("groue/GRDB.swift", "7.10.0"),
        ("hummingbird-project/hummingbird", "2.28.1"), ("swiftlang/swift-syntax", "603.0.1"),
        ("vapor/fluent-kit", "1.57.0"), ("apple/swift-argument-parser", "1.8.2"),
    ]

    static var isAvailable: Bool {
        packages.allSatisfy { FileManager.default.fileExists(atPath: "\(mirror)/\($0.0).git") }
    }

    /// Where the packages are extracted; removed when the test process exits (55 MB).
    static let root: URL = {
        atexit { try? FileManager.default.removeItem(at: MirrorCorpus.root) }
        return FileManager.default.temporaryDirectory.appendingPathComponent("pony-corpus-\(getpid())-\(UUID().uuidString)")
    }()

    /// Directories holding each package's sources, extracted with `git archive` on first use.
    static let directories: [String] = {
        packages.compactMap { repository, tag in
            let directory = root.appendingPathComponent(repository.replacingOccurrences(of: "/", with: "_"))
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "git -C '\(mirror)/\(repository).git' archive '\(tag)' | tar -x -C '\(directory.path)'"]
            guard (try? process.run()) != nil else { return nil }
            process.waitUntilExit()
            return process.terminationStatus == 0 ? directory.path : nil
        }
    }()
}

@Suite("Real code", .serialized, .enabled(if: MirrorCorpus.isAvailable, "skipped: the package mirror /opt/swift-packages is not on this machine"))
struct RealCodeTests {
    @Test func thePackagesOfTheMirrorHaveNoFindings() throws {
        #expect(MirrorCorpus.directories.count == MirrorCorpus.packages.count)
        let report = Linter(configuration: LintConfiguration()).lint(paths: MirrorCorpus.directories)
        #expect(report.errors.isEmpty)
        #expect(report.filesLinted > 2000)
        #expect(report.findings.map { "\($0.file):\($0.line): \($0.message)" } == [])
    }

    @Test func vaporsRequestSessionAndURLSessionStaySilent() throws {
        let vapor = try #require(MirrorCorpus.directories.first { $0.hasSuffix("vapor_vapor") })
        let sessionsFile = vapor + "/Sources/Vapor/Sessions/SessionsMiddleware.swift"
        #expect(FileManager.default.fileExists(atPath: sessionsFile))
        #expect(Linter(configuration: LintConfiguration()).lint(paths: [vapor + "/Sources/Vapor/Sessions"]).findings.isEmpty)
        #expect(lint("""
            func handler(req: Request) async throws -> String {
                req.session.data["user"] = "ann"
                let (data, _) = try await URLSession.shared.data(from: url)
                return req.session.id?.string ?? String(decoding: data, as: UTF8.self)
            }
            """).isEmpty)
    }
}

/// The prefilter only saves work: with it and without it, the findings are the same.
@Suite("Prefilter")
struct PrefilterTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples").path

    func compare(_ paths: [String]) {
        let filtered = Linter(configuration: LintConfiguration(), usesPrefilter: true).lint(paths: paths)
        let unfiltered = Linter(configuration: LintConfiguration(), usesPrefilter: false).lint(paths: paths)
        #expect(filtered.findings == unfiltered.findings)
        #expect(filtered.filesParsed <= unfiltered.filesParsed)
    }

    @Test func givesTheSameFindingsOnTheExamples() {
        compare([Self.examples])
    }

    @Test func givesTheSameFindingsWhenAHelperIsOnlyReachedThroughOtherFiles() {
        let files = [
            ("Handler.swift", "func handle() async throws { try record() }\n"),
            ("Middle.swift", "func record() throws { try store() }\n"),
            ("Store.swift", "func store() throws { try db.session { } }\n"),
            ("Other.swift", "func unrelated() { print(1) }\n"),
        ]
        let filtered = lint(files, prefilter: true)
        let unfiltered = lint(files, prefilter: false)
        #expect(positions(filtered.findings) == ["PONY003@1:34"])
        #expect(filtered.findings == unfiltered.findings)
        #expect(filtered.filesParsed == 3, "Other.swift mentions nothing relevant and is never parsed")
        #expect(unfiltered.filesParsed == 4)
    }

    @Test(.enabled(if: MirrorCorpus.isAvailable, "skipped: the package mirror /opt/swift-packages is not on this machine"))
    func givesTheSameFindingsOnRealPackages() {
        let subset = MirrorCorpus.directories.filter { $0.hasSuffix("hummingbird") || $0.hasSuffix("argument-parser") || $0.hasSuffix("fluent-kit") }
        compare(subset)
    }
}

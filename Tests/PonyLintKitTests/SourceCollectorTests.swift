import Foundation
@testable import PonyLintKit
import Testing

/// Which files a directory walk lints: every Swift file below the target, in path order, each stamped as found;
/// hidden folders and links to folders are not entered.
@Suite("Source collector")
struct SourceCollectorTests {
    /// A folder tree with a one-line file at each given path, removed afterwards.
    final class Tree: @unchecked Sendable {
        let root: URL

        init(_ files: [String]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("pony-lint-walk-\(UUID().uuidString)")
            for name in files {
                let url = root.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("let x = 1\n".utf8).write(to: url)
            }
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func link(_ name: String, to destination: String) throws {
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(name).path, withDestinationPath: destination)
        }

        /// The walked files, relative to the root.
        func walk(jobs: Int = 2) -> [String] {
            let collector = SourceCollector(filter: PathFilter(configuration: LintConfiguration()), jobs: jobs)
            return collector.collect([root.path]).files.map { String($0.path.dropFirst(root.path.count + 1)) }
        }
    }

    @Test func theWalkFindsSwiftFilesAtEveryDepthInPathOrder() throws {
        let tree = try Tree(["b/c/d/Deep.swift", "a.swift", "b/B.swift", "a/A.swift", "b/c/C.swift", "a.b/AB.swift"])
        #expect(tree.walk() == ["a.b/AB.swift", "a.swift", "a/A.swift", "b/B.swift", "b/c/C.swift", "b/c/d/Deep.swift"])
    }

    @Test func theWalkOrderIsThePathOrderWhateverTheNames() throws {
        let names = ["a", "a.b", "a-b", "a_b", "A", "é", "e\u{301}z", "ü", "1", "a b"]
        let tree = try Tree(names.flatMap { first in names.prefix(4).map { "\(first)/\($0)/F.swift" } + ["\(first).swift"] })
        let walked = tree.walk()
        #expect(walked.count == names.count * 5)
        #expect(walked == walked.sorted())
    }

    @Test func theWalkSkipsOtherFilesAndHiddenAndBuildFolders() throws {
        let tree = try Tree(["Sources/Main.swift", "Sources/README.md", ".build/debug/Generated.swift", ".git/x.swift", "Package.swift"])
        #expect(tree.walk() == ["Package.swift", "Sources/Main.swift"])
    }

    @Test func everyWalkedFileCarriesItsStamp() throws {
        let tree = try Tree(["a/A.swift", "B.swift"])
        let collector = SourceCollector(filter: PathFilter(configuration: LintConfiguration()), jobs: 2)
        for file in collector.collect([tree.root.path]).files {
            #expect(file.stamp == FileStamp(path: file.path), "\(file.path)")
        }
    }

    @Test func aLinkToAFolderIsNotFollowedButALinkToASwiftFileIsLinted() throws {
        let tree = try Tree(["Real/Inside.swift", "Other/Target.swift"])
        try tree.link("Loop", to: tree.root.path)
        try tree.link("Linked.swift", to: tree.root.appendingPathComponent("Other/Target.swift").path)
        #expect(tree.walk() == ["Linked.swift", "Other/Target.swift", "Real/Inside.swift"])
    }

    @Test func oneThreadAndTwoWalkTheSameFiles() throws {
        let names = (0..<40).map { "p\($0 % 7)/q\($0 % 3)/F\($0).swift" }
        let tree = try Tree(names)
        #expect(tree.walk(jobs: 1) == tree.walk(jobs: 2))
        #expect(tree.walk(jobs: 1).count == 40)
    }
}

import Foundation
import Testing

/// End-to-end: the `pony-lint` executable, its exact output in every format, and its exit codes.
@Suite("pony-lint command line", .enabled(if: PonyLintCLI.isAvailable, "needs the pony-lint executable next to the test binary"))
struct CommandLineTests {
    @Test func helpListsTheRulesExamplesAndExitCodes() throws {
        let result = try PonyLintCLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.output == (try PonyLintCLI.golden("help.txt")))
    }

    @Test func versionIsPrinted() throws {
        let result = try PonyLintCLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.output == "0.1.0\n")
    }

    @Test func textFormatReportsEveryRuleInTheMisuseExample() throws {
        let result = try PonyLintCLI.run(["Examples/Misuse"])
        #expect(result.status == 1)
        #expect(result.output == (try PonyLintCLI.golden("misuse.txt")))
        #expect(result.error == "pony-lint: 7 findings (5 errors, 2 warnings) in 5 files\n")
        for rule in ["PONY001", "PONY002", "PONY003", "PONY004", "PONY005", "PONY006"] {
            #expect(result.output.contains("[\(rule) "), "Examples/Misuse must show \(rule)")
        }
    }

    @Test func jsonFormatIsTheDocumentedArray() throws {
        struct Entry: Decodable {
            let rule, name, severity, file, message: String
            let line, column: Int
        }
        let result = try PonyLintCLI.run(["--format", "json", "Examples/Misuse"])
        #expect(result.status == 1)
        #expect(result.output == (try PonyLintCLI.golden("misuse.json")))
        let entries = try JSONDecoder().decode([Entry].self, from: Data(result.output.utf8))
        #expect(entries.count == 7)
        #expect(entries.first?.file == "Examples/Misuse/OrderService.swift")
    }

    @Test func githubFormatWritesWorkflowCommands() throws {
        let result = try PonyLintCLI.run(["--format", "github", "Examples/Misuse"])
        #expect(result.status == 1)
        #expect(result.output == (try PonyLintCLI.golden("misuse.github")))
        #expect(result.output.split(separator: "\n").allSatisfy { $0.hasPrefix("::error file=") || $0.hasPrefix("::warning file=") })
    }

    @Test func sarifFormatHasTheStructureSARIF210Requires() throws {
        let result = try PonyLintCLI.run(["--format", "sarif", "Examples/Misuse"])
        #expect(result.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "pony-lint")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["PONY001", "PONY002", "PONY003", "PONY004", "PONY005", "PONY006"])
        for rule in rules {
            #expect((rule["fullDescription"] as? [String: Any])?["text"] is String)
            #expect(((rule["help"] as? [String: Any])?["markdown"] as? String)?.contains("## Why is this bad?") == true)
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 7)
        for entry in results {
            let index = try #require(entry["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == entry["ruleId"] as? String)
            #expect(["error", "warning", "note", "none"].contains(entry["level"] as? String ?? ""))
            #expect((entry["message"] as? [String: Any])?["text"] is String)
            let location = try #require((entry["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            #expect(((location["artifactLocation"] as? [String: Any])?["uri"] as? String)?.hasPrefix("Examples/Misuse/") == true)
            let region = try #require(location["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1 && (region["startColumn"] as? Int ?? 0) >= 1)
        }
    }

    @Test func outputGoesToAFileWhenAsked() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        let file = directory.appendingPathComponent("out.json")
        let result = try PonyLintCLI.run(["--format", "json", "--output", file.path, "Examples/Misuse"])
        #expect(result.status == 1)
        #expect(result.output == "")
        #expect(try String(contentsOf: file, encoding: .utf8) == (try PonyLintCLI.golden("misuse.json")))
    }

    @Test func exitZeroKeepsTheFindingsButExitsWithZero() throws {
        let result = try PonyLintCLI.run(["--exit-zero", "Examples/Misuse"])
        #expect(result.status == 0)
        #expect(result.output == (try PonyLintCLI.golden("misuse.txt")))
    }

    @Test func aCleanDirectoryExitsWithZero() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        try "func add(_ a: Int, _ b: Int) -> Int { a + b }\n".write(to: directory.appendingPathComponent("Math.swift"), atomically: true, encoding: .utf8)
        let result = try PonyLintCLI.run(["."], in: directory)
        #expect(result.status == 0)
        #expect(result.output == "")
        #expect(result.error == "pony-lint: no findings in 1 file\n")
    }

    @Test func aMissingPathIsAnInputErrorWithStatus2() throws {
        let result = try PonyLintCLI.run(["Examples/Missing"])
        #expect(result.status == 2)
        #expect(result.error == "Examples/Missing: error: no such file or directory\n")
    }

    @Test func aNonUTF8FileIsSkippedWithOneLineAndStatus2() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: directory.appendingPathComponent("Binary.swift"))
        try "func handle() async throws { try db.openSession() }\n".write(to: directory.appendingPathComponent("Bad.swift"), atomically: true, encoding: .utf8)
        let result = try PonyLintCLI.run(["."], in: directory)
        #expect(result.status == 2)
        #expect(result.error.hasPrefix("./Binary.swift: error: not UTF-8 text; skipped\n") || result.error.hasPrefix("Binary.swift: error: not UTF-8 text; skipped\n"))
        #expect(result.output.contains("[PONY006 unclosed-manual-session]"), "the other files are still linted")
    }

    @Test func usageErrorsExitWith2() throws {
        let result = try PonyLintCLI.run(["--dry-run", "Examples/Misuse"])
        #expect(result.status == 2)
        #expect(result.error.hasPrefix("Error: --dry-run only applies to --fix\n"))
        let format = try PonyLintCLI.run(["--format", "xml", "Examples/Misuse"])
        #expect(format.status == 2)
        #expect(format.error.contains("'xml'"))
    }

    @Test func aBadConfigurationFileExitsWith2NamingTheProblem() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        try "disabled_rules: [PONY042]\n".write(to: directory.appendingPathComponent(".pony-lint.yml"), atomically: true, encoding: .utf8)
        let result = try PonyLintCLI.run(["."], in: directory)
        #expect(result.status == 2)
        #expect(result.error.hasSuffix(".pony-lint.yml: error: invalid configuration: disabled_rules: 'PONY042' is not a rule; rules are PONY001, PONY002, PONY003, PONY004, PONY005, PONY006 or their names\n"))
    }

    @Test func aMissingConfigurationFileIsAnErrorWith2() throws {
        let result = try PonyLintCLI.run(["--config", "nowhere.yml", "Examples/Misuse"])
        #expect(result.status == 2)
        #expect(result.error == "nowhere.yml: error: invalid configuration: no such file\n")
    }

    @Test func theConfigurationIsFoundInAParentDirectory() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        let sources = directory.appendingPathComponent("Sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try "disabled_rules: [unclosed-manual-session]\n".write(to: directory.appendingPathComponent(".pony-lint.yml"), atomically: true, encoding: .utf8)
        try "func a() throws { try db.openSession() }\n".write(to: sources.appendingPathComponent("A.swift"), atomically: true, encoding: .utf8)
        #expect(try PonyLintCLI.run(["."], in: sources).status == 0)
        #expect(try PonyLintCLI.run(["--config", "/dev/null", "."], in: sources).status == 1)
    }

    @Test func excludedPathsAreSkipped() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        let fixtures = directory.appendingPathComponent("Fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try "excluded: [Fixtures]\n".write(to: directory.appendingPathComponent(".pony-lint.yml"), atomically: true, encoding: .utf8)
        try "func a() throws { try db.openSession() }\n".write(to: fixtures.appendingPathComponent("A.swift"), atomically: true, encoding: .utf8)
        let result = try PonyLintCLI.run(["."], in: directory)
        #expect(result.status == 0)
        #expect(result.error == "pony-lint: no findings in 0 files\n")
    }

    @Test func aBaselineHidesRecordedFindingsEvenAfterLinesMove() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        let source = directory.appendingPathComponent("Tags.swift")
        try "func a() throws {\n    let s = try db.openSession()\n}\n".write(to: source, atomically: true, encoding: .utf8)
        let write = try PonyLintCLI.run(["--write-baseline", "baseline.json", "."], in: directory)
        #expect(write.status == 0)
        #expect(write.error == "pony-lint: recorded 1 finding(s) in baseline.json\n")
        try "// a new first line\nfunc a() throws {\n    let s = try db.openSession()\n}\nfunc b() throws { _ = try db.openSession() }\n"
            .write(to: source, atomically: true, encoding: .utf8)
        let result = try PonyLintCLI.run(["--baseline", "baseline.json", "--format", "json", "."], in: directory)
        #expect(result.status == 1)
        #expect(result.output.contains("\"line\" : 5"))
        #expect(!result.output.contains("\"line\" : 3"), "the recorded finding moved from line 2 to 3 and stays hidden")
    }

    @Test func aBrokenBaselineIsAnErrorWith2() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        try "[1, 2]".write(to: directory.appendingPathComponent("baseline.json"), atomically: true, encoding: .utf8)
        let result = try PonyLintCLI.run(["--baseline", "baseline.json", "."], in: directory)
        #expect(result.status == 2)
        #expect(result.error.hasPrefix("baseline.json: error: not a pony-lint baseline (write one with --write-baseline)"))
    }

    @Test func fixDryRunPrintsADiffAndWritesNothing() throws {
        let result = try PonyLintCLI.run(["--fix", "--dry-run", "Examples/Misuse"])
        #expect(result.status == 0)
        #expect(result.output == (try PonyLintCLI.golden("misuse-fix.diff")))
        #expect(result.error == "pony-lint: 1 fix(es) in 1 file(s) (dry run, nothing written)\n")
    }

    @Test func fixRewritesFilesAndReportsWhatRemains() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        let file = directory.appendingPathComponent("Handler.swift")
        try """
            func handle() async throws {
                try db.session {
                    _ = 1
                }
                let s = try db.openSession()
                try s.commit()
            }

            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try PonyLintCLI.run(["--fix", "--format", "json", "."], in: directory)
        #expect(try String(contentsOf: file, encoding: .utf8) == """
            func handle() async throws {
                try await db.session {
                    _ = 1
                }
                let s = try db.openSession()
                defer { s.close() }
                try s.commit()
            }

            """)
        #expect(result.error == "pony-lint: applied 2 fix(es) in 1 file(s)\n")
        #expect(result.status == 1, "openSession() in async code has no automatic fix")
        #expect(result.output.contains("\"rule\" : \"PONY003\""))
    }

    @Test func rulesListsTheCatalog() throws {
        let result = try PonyLintCLI.run(["rules"])
        #expect(result.status == 0)
        #expect(result.output == (try PonyLintCLI.golden("rules.txt")))
        let json = try PonyLintCLI.run(["rules", "--format", "json"])
        let entries = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(entries?.count == 6)
    }

    @Test func explainPrintsTheRuleFromRules() throws {
        let result = try PonyLintCLI.run(["explain", "PONY006"])
        #expect(result.status == 0)
        #expect(result.output == (try PonyLintCLI.golden("explain-PONY006.txt")))
        let byName = try PonyLintCLI.run(["explain", "unclosed-manual-session"])
        #expect(byName.output == result.output)
    }

    @Test func explainingAnUnknownRuleListsTheRules() throws {
        let result = try PonyLintCLI.run(["explain", "PONY042"])
        #expect(result.status == 2)
        #expect(result.error.hasPrefix("Error: 'PONY042' is not a rule; rules are PONY001 (session-on-async-function), PONY002"))
    }

    @Test func defineDecidesCustomConditionsLikeSwiftcD() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        try """
            func handle() async throws {
            #if DEBUG
                try db.session { }
            #endif
            }

            """.write(to: directory.appendingPathComponent("Handler.swift"), atomically: true, encoding: .utf8)
        #expect(try PonyLintCLI.run(["Handler.swift"], in: directory).status == 1, "undecided: linted")
        #expect(try PonyLintCLI.run(["--define", "DEBUG", "Handler.swift"], in: directory).status == 1)
        let release = try PonyLintCLI.run(["--define", "RELEASE", "Handler.swift"], in: directory)
        #expect(release.status == 0, "\(release.output)")
        let bad = try PonyLintCLI.run(["--define", "NOT-A-NAME", "Handler.swift"], in: directory)
        #expect(bad.status == 2 && bad.error.contains("--define 'NOT-A-NAME' is not a condition name like DEBUG"), "\(bad.error)")
    }

    @Test func aSecondRunReadsTheCacheAndPrintsTheSame() throws {
        let cache = try PonyLintCLI.temporaryDirectory().appendingPathComponent("lint-cache")
        let first = try PonyLintCLI.run(["--cache-path", cache.path, "Examples/Misuse"])
        let second = try PonyLintCLI.run(["--cache-path", cache.path, "Examples/Misuse"])
        #expect(first.status == 1 && second.status == 1)
        #expect(second.output == first.output)
        #expect(second.output == (try PonyLintCLI.golden("misuse.txt")))
        #expect(second.error == "pony-lint: 7 findings (5 errors, 2 warnings) in 5 files\n")
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(files.filter { $0.hasSuffix(".plist") }.count == 2, "\(files)")
    }

    @Test func noCacheAndCachePathCannotBeCombined() throws {
        let result = try PonyLintCLI.run(["--no-cache", "--cache-path", "/tmp/x", "Examples/Misuse"])
        #expect(result.status == 2)
        #expect(result.error.contains("--no-cache and --cache-path cannot be combined"), "\(result.error)")
    }

    @Test func aCachePathThatCannotBeWrittenIsAWarningAndTheFindingsStand() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        let blocker = directory.appendingPathComponent("a-file")
        try Data().write(to: blocker)
        let result = try PonyLintCLI.run(["--cache-path", blocker.path, "Examples/Misuse"])
        #expect(result.status == 1)
        #expect(result.output == (try PonyLintCLI.golden("misuse.txt")))
        #expect(result.error.contains("cannot write the lint cache"), "\(result.error)")
        #expect(result.error.contains("(use --cache-path DIR or --no-cache)"), "\(result.error)")
    }

    @Test func failOnErrorExitsZeroForWarningsAndOneForErrors() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        try "func handle() async throws {\n    try db.session { }\n}\n".write(
            to: directory.appendingPathComponent("Warning.swift"), atomically: true, encoding: .utf8)
        let warnings = try PonyLintCLI.run(["--fail-on", "error", "Warning.swift"], in: directory)
        #expect(warnings.status == 0, "\(warnings.error)")
        #expect(warnings.output.contains("warning: synchronous session entered in async code"))
        let errors = try PonyLintCLI.run(["--fail-on", "error", "Examples/Misuse"])
        #expect(errors.status == 1)
        let bad = try PonyLintCLI.run(["--fail-on", "note", "Examples/Misuse"])
        #expect(bad.status == 2)
        #expect(bad.error.contains("'note'"), "\(bad.error)")
    }

    @Test func quietPrintsTheFindingsWithoutTheSummary() throws {
        let result = try PonyLintCLI.run(["--quiet", "Examples/Misuse"])
        #expect(result.status == 1)
        #expect(result.output == (try PonyLintCLI.golden("misuse.txt")))
        #expect(result.error.isEmpty, "\(result.error)")
    }

    @Test func aStampIsWrittenWhenTheRunPassesAndRemovedWhenItFails() throws {
        let directory = try PonyLintCLI.temporaryDirectory()
        let stamp = directory.appendingPathComponent("lint.stamp")
        let passing = try PonyLintCLI.run(["--stamp", stamp.path, "Examples/Fixed"])
        #expect(passing.status == 0, "\(passing.error)")
        #expect(try String(contentsOf: stamp, encoding: .utf8).hasPrefix("// pony-lint: no findings in "))
        let failing = try PonyLintCLI.run(["--stamp", stamp.path, "Examples/Misuse"])
        #expect(failing.status == 1)
        #expect(!FileManager.default.fileExists(atPath: stamp.path), "a failed run left its stamp")
    }

    @Test func aStampThatCannotBeWrittenIsAnErrorNamingIt() throws {
        let result = try PonyLintCLI.run(["--stamp", "/nonexistent-folder/lint.stamp", "Examples/Fixed"])
        #expect(result.status == 2)
        #expect(result.error.contains("/nonexistent-folder/lint.stamp: error: cannot write the stamp"), "\(result.error)")
    }
}

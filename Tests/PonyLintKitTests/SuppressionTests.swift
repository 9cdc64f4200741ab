import PonyLintKit
import Testing

@Suite("Suppression comments")
struct SuppressionTests {
    static let twoFindings = """
        func handle() async throws {
            let s = try db.openSession()
            defer { s.close() }
        }
        """

    @Test func disableNextSilencesTheNextLineOnly() {
        #expect(positions(lint("""
            func handle() async throws {
                // pony-lint:disable:next PONY003
                let s = try db.openSession()
                defer { s.close() }
                let t = try db.openSession()
                defer { t.close() }
            }
            """)) == ["PONY003@5:17"])
    }

    @Test func disableThisSilencesItsOwnLineByName() {
        #expect(lint("""
            func handle() async throws {
                let s = try db.openSession() // pony-lint:disable:this blocking-session-in-async-context
                defer { s.close() }
            }
            """).isEmpty)
    }

    @Test func disableAndEnableBracketARegion() {
        #expect(positions(lint("""
            func handle() async throws {
                // pony-lint:disable PONY003
                let s = try db.openSession()
                defer { s.close() }
                // pony-lint:enable PONY003
                let t = try db.openSession()
                defer { t.close() }
            }
            """)) == ["PONY003@6:17"])
    }

    @Test func enablingOneOfSeveralDisabledRulesKeepsTheOthersDisabled() {
        let findings = lint("""
            func handle() async throws {
                // pony-lint:disable PONY002 PONY003
                let s = try db.openSession()
                defer { s.close() }
                // pony-lint:enable PONY002
                let t = try db.openSession()
                defer { t.close() }
                try await db.session { }
                // pony-lint:enable PONY003
                let u = try db.openSession()
                defer { u.close() }
            }
            """)
        // PONY002 is back from line 5 (the await inside the open manual sessions); PONY003 only from line 9.
        #expect(positions(findings) == ["PONY002@8:9", "PONY003@10:17"])
    }

    @Test func allSilencesEveryRule() {
        #expect(lint("""
            func handle() async throws {
                try db.openSession() // pony-lint:disable:this all
            }
            """).isEmpty)
    }

    @Test func theSameTextInAStringIsNotADirective() {
        #expect(positions(lint("""
            func handle() async throws {
                let s = try db.openSession(); let note = "// pony-lint:disable:this all"
                defer { s.close() }
            }
            """)) == ["PONY003@2:17"])
    }

    @Test func unusedSuppressionsAreReportedWhenAsked() {
        let report = lint([("A.swift", """
            // pony-lint:disable:next PONY005
            let x = 1
            """)], unusedSuppressions: true)
        #expect(report.findings.map { "\($0.rule)@\($0.line):\($0.column)" } == ["unused-suppression@1:1"])
        #expect(report.findings.first?.message == "this pony-lint directive silences nothing (PONY005); remove it")
        #expect(lint([("A.swift", "// pony-lint:disable:next PONY005\nlet x = 1\n")]).findings.isEmpty)
    }

    @Test func unknownRulesAndDirectivesAreReported() {
        let findings = lint("""
            // pony-lint:disable:next PONY999
            // pony-lint:silence PONY003
            let x = 1
            """)
        #expect(findings.map(\.message) == [
            "'PONY999' in 'pony-lint:disable:next' is not a rule; name a rule by ID or name, or use 'all'",
            "unknown directive 'pony-lint:silence'; use pony-lint:disable:next, pony-lint:disable:this, pony-lint:disable or pony-lint:enable",
        ])
    }
}

@Suite("Configuration")
struct ConfigurationTests {
    func parse(_ yaml: String) throws -> LintConfiguration {
        try ConfigurationLoader.parse(yaml, path: ".pony-lint.yml", baseDirectory: "/project")
    }

    func error(_ yaml: String) -> String? {
        do {
            _ = try parse(yaml)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func readsEveryKey() throws {
        let configuration = try parse("""
            disabled_rules: [PONY005, unclosed-manual-session]
            severity:
              PONY003: error
            included: ["Sources/*"]
            excluded: ["Fixtures"]
            session_api:
              session_methods: [session, transaction]
              open_session_methods: [begin]
            """)
        #expect(configuration.disabledRules == ["PONY005", "PONY006"])
        #expect(configuration.severityOverrides == ["PONY003": .error])
        #expect(configuration.included == ["Sources/*"])
        #expect(configuration.excluded == ["Fixtures"])
        #expect(configuration.sessionAPI.sessionMethods == ["session", "transaction"])
        #expect(configuration.sessionAPI.openSessionMethods == ["begin"])
        #expect(configuration.sessionAPI.closeMethods == ["commit", "rollback", "close"], "unset keys keep Pony's spelling")
    }

    @Test func readsDefinesAndRejectsANameThatIsNotOne() throws {
        let configuration = try ConfigurationLoader.parse("defines: [DEBUG, TESTING]", path: ".pony-lint.yml", baseDirectory: ".")
        #expect(configuration.definedConditions == ["DEBUG", "TESTING"])
        #expect(throws: LintError.self) {
            try ConfigurationLoader.parse("defines: [\"NOT A NAME\"]", path: ".pony-lint.yml", baseDirectory: ".")
        }
    }

    @Test func anEmptyFileIsTheDefault() throws {
        #expect(try parse("") == LintConfiguration(baseDirectory: "/project"))
        #expect(try parse("# nothing yet\n") == LintConfiguration(baseDirectory: "/project"))
    }

    @Test(arguments: [
        ("disabled_rule: [PONY001]", ".pony-lint.yml: error: invalid configuration: unknown key 'disabled_rule' on line 1; known keys: defines, disabled_rules, excluded, included, session_api, severity"),
        ("disabled_rules: [PONY042]", ".pony-lint.yml: error: invalid configuration: disabled_rules: 'PONY042' is not a rule; rules are PONY001, PONY002, PONY003, PONY004, PONY005, PONY006 or their names"),
        ("severity:\n  PONY003: fatal", ".pony-lint.yml: error: invalid configuration: severity.PONY003: 'fatal' must be error or warning"),
        ("disabled_rules: PONY001", ".pony-lint.yml: error: invalid configuration: disabled_rules must be a list, like [PONY003, task-in-session]"),
        ("severity: [PONY001]", ".pony-lint.yml: error: invalid configuration: severity must be a mapping of names to values"),
        ("session_api:\n  session_method: [x]", ".pony-lint.yml: error: invalid configuration: unknown key 'session_api.session_method' on line 2; known keys: close_methods, entity_attributes, open_session_methods, session_attributes, session_methods"),
        ("session_api:\n  session_methods: [\"db.session\"]", ".pony-lint.yml: error: invalid configuration: session_api.session_methods: 'db.session' is not a Swift identifier"),
        ("disabled_rules: [PONY001", ".pony-lint.yml: error: invalid configuration: not valid YAML"),
        ("- a\n- b", ".pony-lint.yml: error: invalid configuration: the file must be a mapping of keys to values"),
    ])
    func reportsMistakesNamingTheKeyAndValue(yaml: String, message: String) {
        #expect(error(yaml)?.hasPrefix(message) == true, "\(error(yaml) ?? "no error")")
    }

    @Test func disabledRulesReportNothing() throws {
        let configuration = try parse("disabled_rules: [PONY003]")
        #expect(positions(lint(SuppressionTests.twoFindings, configuration: configuration)) == [])
    }

    @Test func severityOverridesApply() throws {
        let configuration = try parse("severity:\n  PONY003: error")
        #expect(lint(SuppressionTests.twoFindings, configuration: configuration).map(\.severity) == [.error])
        #expect(lint(SuppressionTests.twoFindings).map(\.severity) == [.warning])
    }

    @Test func wrappedSessionSpellingsAreRecognized() throws {
        let configuration = try parse("""
            session_api:
              session_methods: [transaction]
              session_attributes: [Transactional]
            """)
        let source = """
            @Transactional
            func load() async throws { }
            func handle() async throws {
                try store.transaction { }
                try db.session { }
            }
            """
        #expect(positions(lint(source, configuration: configuration)) == ["PONY001@1:1", "PONY003@4:9"])
    }
}

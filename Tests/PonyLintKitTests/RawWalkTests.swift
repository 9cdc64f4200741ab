@testable import PonyLintKit
import SwiftParser
@_spi(RawSyntax) import SwiftSyntax
import Testing

/// The walk reads raw nodes and makes typed ones only where a hook needs them; these pieces must agree with
/// swift-syntax's own typed API.
@Suite("Raw walk")
struct RawWalkTests {
    static let source = """
        import Pony
        @MainActor struct S {
            let db: Database
            func f() async throws -> Int {
                let x = try await db.session { try Item[1].count }
                Task { await g(x, label: [1, 2]) }
                #if DEBUG
                _ = try db.openSession()
                #endif
                return x
            }
        }
        """

    /// Every node of the tree, in depth-first order, with missing and unexpected ones.
    static func allNodes(_ tree: SourceFileSyntax) -> [Syntax] {
        let collector = Collector(viewMode: .all)
        collector.walk(tree)
        return collector.nodes
    }

    /// Where the walk would place `node`: its raw node and where it starts, trivia included.
    static func place(_ node: Syntax) -> TreePlace {
        TreePlace(raw: node.raw, offset: node.position.utf8Offset)
    }

    @Test func theLocatorFindsEveryNodeByItsPlaceInAnyOrder() {
        let tree = Parser.parse(source: Self.source)
        let nodes = Self.allNodes(tree)
        let locator = SyntaxLocator(root: tree)
        // Forward, backward, and jumping between branches: the locator keeps its chain consistent.
        let order = Array(nodes.indices) + nodes.indices.reversed() + nodes.indices.filter { $0 % 7 == 3 }
        for position in order {
            let node = locator.node(at: Self.place(nodes[position]))
            #expect(node.id == nodes[position].id)
        }
    }

    /// Missing tokens and empty nodes take no text: several nodes start and end at one offset.
    @Test func theLocatorFindsNodesInABrokenFile() {
        let tree = Parser.parse(source: "func f( { db.session { ] } }\n@ struct")
        let nodes = Self.allNodes(tree)
        let locator = SyntaxLocator(root: tree)
        for node in nodes.reversed() {
            #expect(locator.node(at: Self.place(node)).id == node.id)
        }
    }

    @Test func aCompactSpellingIsTheTrimmedTextOfEveryCallee() {
        let tree = Parser.parse(source: """
            f(a.b(c)[0] .session { }, self . db.x, (db)!.y, .leading, g  /* c */ ( ))
            """)
        for node in Self.allNodes(tree) {
            guard let call = node.as(FunctionCallExprSyntax.self) else { continue }
            let spelled = CompactSpelling.of(call.calledExpression)
            let expected = call.calledExpression.trimmedDescription
            // Member chains drop the whitespace around their dots; anything else is written as it is.
            #expect(spelled == expected || spelled == expected.filter { !$0.isWhitespace }, "\(expected)")
        }
    }

    @Test func aCalleeWithCommentsInsideIsSpelledFromItsText() {
        let tree = Parser.parse(source: "x = g  /* c */ (y)[0] .h()")
        let calls = Self.allNodes(tree).compactMap { $0.as(FunctionCallExprSyntax.self) }
        let spellings = calls.map { CompactSpelling.of($0.calledExpression) }
        #expect(spellings.contains("g  /* c */ (y)[0].h"))
    }
    @Test func theRawEntityGateAgreesWithTheExpressionShapes() {
        let expressions = [
            "item", "item.snapshot()", "User[id]", "User.get(id: 1)", "User.select().fetch()", "User.select().count()",
            "try await User.select().filter { $0.a }.first()", "(user)", "(user, 1)", "(1, user.name)", "[user, other]",
            "[user, other.name]", "[]", "users!.first", "user?.fetch()", "f()", "f().g", "1", "\"text\"", "user[0].x",
            "(try user)", "self.user", "User(name: n)", ".init()", "{ user }()", "users.map(\\.snapshot)",
        ]
        for text in expressions {
            let file = SourceFile(path: "t.swift", text: "x = { return \(text) }")
            let returnStatement = RawWalkTests.allNodes(file.tree).compactMap { $0.as(ReturnStmtSyntax.self) }.first!
            let expression = returnStatement.expression!
            let shape = ExpressionShape.returned(expression, in: file)
            #expect(ExpressionShape.couldBeEntity(returned: RawExprSyntax(expression.raw)!) == shape.couldBeEntity, "\(text)")
        }
    }
    @Test func everyRuleIsAskedByExactlyTheHooksItAdopts() {
        for rule in LintRules.makeAll() {
            #expect((rule.asFunctionHook != nil) == (rule is any FunctionHook), "\(rule.id)")
            #expect((rule.asSessionClosureHook != nil) == (rule is any SessionClosureHook), "\(rule.id)")
            #expect((rule.asCallHook != nil) == (rule is any CallHook), "\(rule.id)")
            #expect((rule.asSuspensionHook != nil) == (rule is any SuspensionHook), "\(rule.id)")
            #expect((rule.asBlockHook != nil) == (rule is any BlockHook), "\(rule.id)")
        }
        let hooks = LintHooks(LintRules.makeAll())
        #expect(hooks.calls.map(\.id.rawValue) == ["PONY003", "PONY005", "PONY006"])
        #expect(hooks.suspensions.map(\.id.rawValue) == ["PONY002"])
    }
}

/// Collects every node it visits.
private final class Collector: SyntaxAnyVisitor {
    var nodes: [Syntax] = []

    override func visitAny(_ node: Syntax) -> SyntaxVisitorContinueKind {
        nodes.append(node)
        return .visitChildren
    }
}

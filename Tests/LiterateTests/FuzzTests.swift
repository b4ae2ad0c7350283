import Basics
import Foundation
import Kernels
import Testing
import Catalog
@testable import Literate

/// Seeded fuzzing of the expression parser, of the YAML reader and of the page reader (front matter,
/// block headers, YAML bodies, inline expressions), on random token soup and on mutations of the real pages in
/// `Content/pages` (issue 15). Each input must end in a finite value or in errors that all point
/// inside the input; a crash fails the whole run. The seed is fixed so a failure reproduces, and each
/// test stops at its time budget so the suite stays well under a minute.
@Suite struct FuzzTests {
    /// Pieces expressions are made of, the hostile ones included (overflow, deep nesting, odd units).
    static let tokens = ["(", ")", "-", "+", "*", "/", " ", "|", ",", "1", "0", "2.5", "1e308", "1e-308", "8K", "70B", "1.5TB",
                         "80GiB", "50%", "9e15", "1T", "int", "GB", "usd", "pct", "comma", "round(2)", "round(", "size",
                         "size(llama-3.1-8b, bf16)", "llama-3.1-8b", "bf16", "w.llama-3.1-8b.bf16", "((((((((", "))))))))",
                         "- - - -", "1e308 * 10", "<", "==", "\u{0}", "é", "`", "{", "}"]

    static let pages: [(name: String, text: String)] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Content/pages")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        return names.compactMap { name in
            (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).map { (name, $0) }
        }
    }()

    /// Text a mutation may insert: fences, anchors and aliases, front-matter lines, numbers that overflow.
    static let insertions = ["```{sizing id=s}\nmodel: llama-3.1-70b\nusers: 1T\n```\n", "```{kv-cache", "\n```\n", "{= 1e308 * 1e308}",
                             "`{= ", "}`", "&a [1, 2]", "*a", "<<: *a", ": ", "---\n", "\n- ", "users: 1e20\n", "context: -5\n",
                             "((((((((((((((((((((", "| int", "allow_html: \"yes\"\n", "tags: 5\n", "2026-02-30", "\u{7}", "\t", "\""]

    /// Runs `body` with a generator seeded by `seed` until `limit` inputs or `seconds` have passed, and
    /// expects the budget to have allowed at least `minimum` of them; `body` gets the input's number.
    func fuzz(seed: UInt64, seconds: Int, limit: Int, minimum: Int, _ body: (Int, inout SeededGenerator) -> Void) {
        let clock = ContinuousClock()
        var random = SeededGenerator(seed: seed)
        let deadline = clock.now + .seconds(seconds)
        var tried = 0
        while tried < limit, clock.now < deadline {
            tried += 1
            body(tried, &random)
        }
        #expect(tried >= minimum, "the time budget allowed only \(tried) inputs")
    }

    @Test func randomExpressionsGiveAFiniteValueOrAnErrorInside() {
        fuzz(seed: 15, seconds: 3, limit: 20_000, minimum: 100) { tried, random in
            let count = Int.random(in: 1...40, using: &random)
            var text = (0..<count).map { _ in Self.tokens.randomElement(using: &random)! }.joined()
            if tried % 50 == 0 { text = String(repeating: "(", count: 5_000) + text }
            check(expression: text)
        }
    }

    func check(expression text: String) {
        let start = SourceLocation(file: "fuzz.md", line: 7, column: 3)
        do {
            let expression = try Expression.parse(text, at: start, allowComparison: text.contains("<") || text.contains("=="))
            if expression.isComparison {
                let comparison = try expression.evaluateComparison(in: ExpressionScope(functions: [SizeFunction()]), context: testContext())
                #expect(comparison.left.isFinite && comparison.right.isFinite, "\(text)")
            } else {
                let result = try expression.evaluate(in: ExpressionScope(functions: [SizeFunction()]), context: testContext())
                #expect(result.value.isFinite, "\(text)")
                #expect(!Self.showsNonFinite(result.formatted), "\(text) → \(result.formatted)")
            }
        } catch {
            #expect(error.location.file == "fuzz.md" && error.location.line == 7, "\(text): \(error)")
            #expect((3...3 + text.count).contains(error.location.column), "\(text): column \(error.location.column)")
        }
    }

    /// Pieces of YAML, the hostile ones included (anchors, aliases as keys, deep flow nesting, tabs).
    static let yamlPieces = ["a: ", "b: ", "- ", "  ", "\n", "[", "]", "{", "}", ", ", "&x ", "*x", "? ", ": ", "\"", "'", "#", "|", ">",
                             "1e308", "8K", "1T", "true", "\"yes\"", "!!str ", "\t", "---", "...", "~", "%YAML 1.2", "\u{0}", "é"]

    @Test func randomYAMLIsReadOrRefusedWithAPositionInside() {
        fuzz(seed: 320, seconds: 3, limit: 20_000, minimum: 100) { _, random in
            let text = (0..<Int.random(in: 1...60, using: &random)).map { _ in Self.yamlPieces.randomElement(using: &random)! }.joined()
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            do throws(Diagnostics) {
                _ = try YAMLNode.parse(text, file: "body.yaml", lineOffset: 4)
            } catch {
                for item in error.items {
                    #expect(item.location.file == "body.yaml" && (5...lines + 5).contains(item.location.line) && item.location.column >= 1,
                            "\(text.debugDescription): \(item.location.line):\(item.location.column) \(item.message)")
                }
            }
        }
    }

    @Test func mutatedRealPagesEvaluateOrPointInsideThemselves() throws {
        try #require(!Self.pages.isEmpty, "no pages in Content/pages")
        let context = RealKindsTests.context
        fuzz(seed: 2026, seconds: 8, limit: 400, minimum: 10) { _, random in
            let (name, original) = Self.pages.randomElement(using: &random)!
            var text = Array(original)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = Int.random(in: 0...text.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: text.insert(contentsOf: Self.insertions.randomElement(using: &random)!, at: at)
                case 1: text.removeSubrange(at..<min(text.count, at + Int.random(in: 1...40, using: &random)))
                case 2:
                    let end = min(text.count, at + Int.random(in: 1...200, using: &random))
                    text.insert(contentsOf: Array(text[at..<end]), at: at)
                default: text.insert(contentsOf: Self.tokens.randomElement(using: &random)!, at: at)
                }
            }
            check(page: String(text), name: name, context: context)
        }
    }

    func check(page text: String, name: String, context: EvaluationContext) {
        let result = evaluate(text, path: name, context: context)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        for diagnostic in result.diagnostics where diagnostic.location.file == name {
            #expect((1...lines + 1).contains(diagnostic.location.line) && diagnostic.location.column >= 1,
                    "\(name): \(diagnostic.location.line):\(diagnostic.location.column) outside the page: \(diagnostic.message)")
        }
        for value in result.inlineValues {
            guard case .number = value.value else { continue }
            #expect(!Self.showsNonFinite(value.text), "\(name): \(value.expression) shows \(value.text)")
        }
        for value in result.values {
            #expect(value.value.isFinite, "\(name): \(value.name) is not finite")
            guard case .number = value.value else { continue }
            #expect(!Self.showsNonFinite(value.formatted), "\(name): \(value.name) shows \(value.formatted)")
        }
    }

    /// Whether the text of a number shows what must never be published: infinity, NaN or an exponent.
    static func showsNonFinite(_ text: String) -> Bool {
        text.contains("∞") || text.contains("NaN") || text.contains("nan") || text.range(of: #"[0-9]e[+-]?[0-9]"#, options: .regularExpression) != nil
    }
}

import Basics
import Foundation
import Testing
@testable import MarkdownKit

/// Inputs that used to crash or stall the build: nesting deep enough to overflow the stack of any
/// recursive walk, and thousands of headings with the same text.
@Suite struct RunawayInputTests {
    /// How deep `node` nests (a node alone is 1).
    func depth(_ node: MarkdownNode) -> Int {
        1 + (node.children.map(depth).max() ?? 0)
    }

    @Test func deepBlockQuotesAreCutAtTheLimitAndReported() {
        // 20,000 nested `>` overflowed the stack (issue 15).
        let (tree, tooDeep) = Markdown.parseChecked(String(repeating: ">", count: 20_000) + " deep\n")
        // The document, then 100 quotes; the 101st `>` is column 101 of line 1.
        #expect(tooDeep == SourcePosition(line: 1, column: 101))
        #expect(depth(tree) <= Markdown.maximumNesting + 2)
        #expect(HTMLRenderer().render(tree).contains("deep"))
        #expect(MarkdownRenderer().render(tree).contains("deep"))
    }

    @Test func deepEmphasisIsCutAtTheLimitAndReported() {
        // 50,000 nested `*` overflowed the stack (issue 15).
        let stars = String(repeating: "*", count: 50_000)
        let (tree, tooDeep) = Markdown.parseChecked("text\n\n" + stars + "x" + stars + "\n")
        #expect(tooDeep?.line == 3)
        #expect(depth(tree) <= Markdown.maximumNesting + 2)
        #expect(HTMLRenderer().render(tree).contains("x"))
        #expect(HeadingAnchors.collect(in: tree).isEmpty)
    }

    @Test func ordinaryNestingIsNotReported() {
        let (_, tooDeep) = Markdown.parseChecked("> - a\n>   > **b *c [d](e.md)***\n")
        #expect(tooDeep == nil)
    }

    @Test func identicalHeadingsGetTheirSuffixesInLinearTime() {
        // 10,000 `## Same` took 12–16 s and 20,000 took 64 s with the quadratic search (issue 15);
        // one pass over 20,000 takes well under a second, so 10 s only fails a quadratic search.
        let page = String(repeating: "## Same\n\n", count: 20_000) + "## Same-1\n"
        let tree = Markdown.parse(page)
        let clock = ContinuousClock()
        var anchors: [HeadingAnchor] = []
        let elapsed = clock.measure { anchors = HeadingAnchors.collect(in: tree) }
        #expect(elapsed < .seconds(10), "\(elapsed)")
        #expect(anchors.count == 20_001)
        #expect(anchors[0].slug == "same" && anchors[1].slug == "same-1" && anchors[19_999].slug == "same-19999")
        // `same-1` is taken by the second heading, so the last one, whose own slug is `same-1`, gets `same-1-1`.
        #expect(anchors[20_000].slug == "same-1-1")
        #expect(Set(anchors.map(\.slug)).count == anchors.count)
    }
}

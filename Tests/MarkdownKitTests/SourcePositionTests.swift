import Basics
import Testing
@testable import MarkdownKit

/// Every node knows where it was written; columns count characters and point at a code span's content.
@Suite struct SourcePositionTests {
    func codeSpans(_ markdown: String) -> [(String, SourceRange)] {
        var found: [(String, SourceRange)] = []
        Markdown.parse(markdown).forEach { node in
            if case .code(let text) = node.kind { found.append((text, node.range)) }
        }
        return found
    }

    /// cmark ends a list that is followed by a blank line at column 0 of that blank line.
    @Test func blockRanges() {
        let tree = Markdown.parse("# Title\n\nSome *text*\nmore\n\n- a\n- b\n\n```{k id=x}\nkey: 1\n```\n")
        #expect(tree.debugDump == """
            document 1:1-11:3
              heading(1) 1:1-1:7
                text "Title" 1:3-1:7
              paragraph 3:1-4:4
                text "Some " 3:1-3:5
                emphasis 3:6-3:11
                  text "text" 3:7-3:10
                softBreak 0:0-0:0
                text "more" 4:1-4:4
              list 6:1-8:0
                item 6:1-6:3
                  paragraph 6:3-6:3
                    text "a" 6:3-6:3
                item 7:1-8:0
                  paragraph 7:3-7:3
                    text "b" 7:3-7:3
              codeBlock "{k id=x}" 9:1-11:3
            """)
    }

    @Test func codeSpanColumnsPointAtContent() {
        let spans = codeSpans("Hello `{= a.b | GB}` and `y`")
        #expect(spans.map(\.0) == ["{= a.b | GB}", "y"])
        #expect(spans[0].1.start == SourcePosition(line: 1, column: 8))
        #expect(spans[0].1.end == SourcePosition(line: 1, column: 19))
        #expect(spans[1].1.start == SourcePosition(line: 1, column: 27))
    }

    @Test func columnsCountCharactersNotBytes() {
        // "Café — " is 7 characters but 10 bytes; cmark reports byte column 12 for the span.
        let spans = codeSpans("Café — `{= c}` x")
        #expect(spans[0].1.start == SourcePosition(line: 1, column: 9))
    }

    @Test func continuationLineIndentationIsCounted() {
        // cmark-gfm reports column 11 here: it forgets the three spaces it stripped.
        let spans = codeSpans("first\n   indented `{= a}`")
        #expect(spans[0].1.start == SourcePosition(line: 2, column: 14))
    }

    @Test func paddedDoubleBacktickSpans() {
        let spans = codeSpans("  para with   `` {= i} `` ")
        #expect(spans[0].0 == "{= i}")
        #expect(spans[0].1.start == SourcePosition(line: 1, column: 18))
    }

    @Test func spansInListsQuotesAndTables() {
        let spans = codeSpans("- item `{= d}`\n  more `{= e}`\n\n> quote `{= f}`\n\n| a | b |\n|---|---|\n| `{= g}` | x `{= h}` |\n")
        #expect(spans.map(\.1.start) == [
            SourcePosition(line: 1, column: 9), SourcePosition(line: 2, column: 9),
            SourcePosition(line: 4, column: 10), SourcePosition(line: 8, column: 4), SourcePosition(line: 8, column: 16),
        ])
    }

    @Test func escapedPipesInTableCells() {
        // In a table a code span writes `|` as `\|`; the content has `|`, the source one more character.
        let spans = codeSpans("| a | b |\n|---|---|\n| x `{= 1GB \\| GB}` | `{= w.total \\| GB}` y |\n")
        #expect(spans.map(\.0) == ["{= 1GB | GB}", "{= w.total | GB}"])
        #expect(spans.map(\.1) == [
            SourceRange(start: SourcePosition(line: 3, column: 6), end: SourcePosition(line: 3, column: 18)),
            SourceRange(start: SourcePosition(line: 3, column: 24), end: SourcePosition(line: 3, column: 40)),
        ])
    }

    @Test func gfmExtensionsProduceTheirNodes() {
        let tree = Markdown.parse("~~s~~ https://x.org\n\n- [x] done\n\n| a |\n|--:|\n| 1 |")
        var kinds: [MarkdownNode.Kind] = []
        tree.forEach { kinds.append($0.kind) }
        #expect(kinds.contains(.strikethrough))
        #expect(kinds.contains(.link(destination: "https://x.org", title: "")))
        #expect(kinds.contains(.item(task: true)))
        #expect(kinds.contains(.table(alignments: [.right])))
        #expect(kinds.contains(.tableRow(isHeader: true)))
    }

    @Test func crlfLineEndingsKeepLineNumbers() {
        let spans = codeSpans("a\r\nb `x`\r\n")
        #expect(spans[0].1.start == SourcePosition(line: 2, column: 4))
    }
}


/// Parsing from many tasks at once gives the same trees as parsing one at a time (cmark-gfm keeps
/// extension state in globals; the converter serialises access to it).
@Suite struct ConcurrentParsingTests {
    @Test func parallelParsesKeepTheirExtensions() async {
        let source = "A ~~struck~~ word and | a | table |\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
        let expected = Markdown.parse(source)
        let trees = await withTaskGroup(of: MarkdownNode.self) { group in
            for _ in 0..<64 { group.addTask { Markdown.parse(source) } }
            var all: [MarkdownNode] = []
            for await tree in group { all.append(tree) }
            return all
        }
        #expect(trees.allSatisfy { $0 == expected })
    }
}

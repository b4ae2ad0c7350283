import Testing
@testable import MarkdownKit

/// The Markdown writer's output reads back as the same document.
@Suite struct MarkdownRendererTests {
    func roundTrip(_ markdown: String) -> String {
        MarkdownRenderer().render(Markdown.parse(markdown))
    }

    @Test func normalisedOutput() {
        #expect(roundTrip("Title\n=====\n\n* a\n* b\n\n_em_ __strong__ ~~del~~ `code`") ==
            "# Title\n\n- a\n- b\n\n*em* **strong** ~~del~~ `code`\n")
    }

    @Test func tablesTasksQuotesAndCode() {
        let source = "| a | b |\n| :-- | --: |\n| 1 \\| 2 | `x` |\n\n- [x] done\n- [ ] todo\n\n> quoted\n> text\n\n```yaml\nk: v\n```\n"
        #expect(roundTrip(source) == source)
    }

    @Test func renderingTwiceIsStable() {
        let source = "# A *b*\n\n1. one\n2. two\n\n   nested para\n\n[link](x.md \"t\") ![i](p.png) <https://x.org>\n"
        let once = roundTrip(source)
        #expect(roundTrip(once) == once)
        #expect(HTMLRenderer().render(Markdown.parse(once)) == HTMLRenderer().render(Markdown.parse(source)))
    }

    @Test func textThatLooksLikeMarkupIsEscaped() {
        let tree = MarkdownNode(.document, children: [MarkdownNode(.paragraph, children: [MarkdownNode(.text("# not *a* heading <b>"))])])
        let out = MarkdownRenderer().render(tree)
        #expect(out == "\\# not \\*a\\* heading \\<b\\>\n")
        #expect(HTMLRenderer().render(Markdown.parse(out)) == "<p># not *a* heading &lt;b&gt;</p>\n")
    }

    @Test func rawHTMLIsEscapedUnlessAllowed() {
        #expect(roundTrip("<div>x</div>") == "&lt;div&gt;x&lt;/div&gt;\n")
        #expect(MarkdownRenderer(allowRawHTML: true).render(Markdown.parse("<div>x</div>")) == "<div>x</div>\n")
    }

    @Test func placeholders() {
        var tree = Markdown.parse("It needs `x`.\n\n```{k}\n```")
        tree = tree.replacing { node in
            switch node.kind {
            case .code: return MarkdownNode(.inlinePlaceholder(0))
            case .codeBlock: return MarkdownNode(.blockPlaceholder(0))
            default: return nil
            }
        }
        let out = MarkdownRenderer(blockPlaceholder: { _ in "| m | GB |\n| --- | --: |\n| a | 1 |\n" }, inlinePlaceholder: { _ in "141.1 GB" }).render(tree)
        #expect(out == "It needs 141.1 GB.\n\n| m | GB |\n| --- | --: |\n| a | 1 |\n")
    }
}

import Basics
import Testing
@testable import MarkdownKit

/// Markdown in, HTML out. Expected outputs are what cmark-gfm 0.29.0.gfm.6's own HTML writer prints
/// (`cmark-gfm -e table -e strikethrough -e autolink -e tasklist`), except that headings carry ids.
@Suite struct HTMLRendererTests {
    func html(_ markdown: String, allowRawHTML: Bool = false) -> String {
        HTMLRenderer(allowRawHTML: allowRawHTML).render(Markdown.parse(markdown))
    }

    @Test func inlineMarkup() {
        #expect(html("A *b* **c** ~~d~~ `e`\nline  \nbreak") ==
            "<p>A <em>b</em> <strong>c</strong> <del>d</del> <code>e</code>\nline<br />\nbreak</p>\n")
    }

    @Test func headingsGetUniqueSlugs() {
        #expect(html("# KV cache\n\n## KV cache\n\n## What's *new*?") ==
            "<h1 id=\"kv-cache\">KV cache</h1>\n<h2 id=\"kv-cache-1\">KV cache</h2>\n<h2 id=\"whats-new\">What's <em>new</em>?</h2>\n")
    }

    @Test func headingAnchorsForTableOfContents() {
        let anchors = HTMLRenderer().headings(in: Markdown.parse("# One\n\ntext\n\n## Two `x`\n\n# One"))
        #expect(anchors.map(\.slug) == ["one", "two-x", "one-1"])
        #expect(anchors.map(\.text) == ["One", "Two x", "One"])
        #expect(anchors.map(\.level) == [1, 2, 1])
        #expect(anchors[1].range.start == SourcePosition(line: 5, column: 1))
    }

    @Test func listsTightLooseOrderedAndTasks() {
        #expect(html("3) x\n4) y") == "<ol start=\"3\">\n<li>x</li>\n<li>y</li>\n</ol>\n")
        #expect(html("- [ ] t\n- [x] u") ==
            "<ul>\n<li><input type=\"checkbox\" disabled=\"\" /> t</li>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> u</li>\n</ul>\n")
        #expect(html("- loose\n\n- list") == "<ul>\n<li>\n<p>loose</p>\n</li>\n<li>\n<p>list</p>\n</li>\n</ul>\n")
    }

    @Test func tableWithAlignments() {
        #expect(html("| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |") == """
            <table>
            <thead>
            <tr>
            <th align="left">a</th>
            <th align="center">b</th>
            <th align="right">c</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td align="left">1</td>
            <td align="center">2</td>
            <td align="right">3</td>
            </tr>
            </tbody>
            </table>

            """)
    }

    @Test func codeBlockQuoteAndRule() {
        #expect(html("```swift\nlet x = 1 < 2\n```\n\n> q\n\n---") ==
            "<pre><code class=\"language-swift\">let x = 1 &lt; 2\n</code></pre>\n<blockquote>\n<p>q</p>\n</blockquote>\n<hr />\n")
    }

    @Test func linksToPagesBecomeHTMLAndExternalLinksStay() {
        #expect(html("[a](other.md) [b](dir/x.md#part \"T\") [c](https://example.com/a.md) [d](#top) https://x.org") ==
            "<p><a href=\"other.html\">a</a> <a href=\"dir/x.html#part\" title=\"T\">b</a> " +
            "<a href=\"https://example.com/a.md\">c</a> <a href=\"#top\">d</a> <a href=\"https://x.org\">https://x.org</a></p>\n")
    }

    @Test func placeholdersAreFilledByClosures() {
        var tree = Markdown.parse("Total: `x` here.\n\n```{t}\nbody\n```")
        tree = tree.replacing { node in
            switch node.kind {
            case .code: return MarkdownNode(.inlinePlaceholder(0))
            case .codeBlock: return MarkdownNode(.blockPlaceholder(7))
            default: return nil
            }
        }
        let renderer = HTMLRenderer(blockPlaceholder: { "<table id=\"b\($0)\"></table>" }, inlinePlaceholder: { _ in "<span>141.1 GB</span>" })
        #expect(renderer.render(tree) == "<p>Total: <span>141.1 GB</span> here.</p>\n<table id=\"b7\"></table>\n")
    }
}

/// Nothing in content can inject markup or script into the HTML.
@Suite struct EscapingTests {
    @Test func scriptAndEventHandlersNeverReachHTML() {
        let page = "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and <b onclick=\"x()\">b</b>\n\n<div onmouseover=\"steal()\">block</div>"
        let out = HTMLRenderer().render(Markdown.parse(page))
        #expect(!out.contains("<script"))
        #expect(!out.contains("<img"))
        #expect(!out.contains("<b "))
        #expect(!out.contains("<div"))
        #expect(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(out.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func rawHTMLWhenAllowedStillFiltersScript() {
        let out = HTMLRenderer(allowRawHTML: true).render(Markdown.parse("<div>hi</div>\n\n<script>alert(1)</script> <b>x</b>"))
        #expect(out.contains("<div>hi</div>"))
        #expect(out.contains("<b>x</b>"))
        #expect(!out.contains("<script"))
        #expect(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func textAndAttributesAreEscaped() {
        let out = HTMLRenderer().render(Markdown.parse("a & b < c > \"d\" [l](u \"say \\\"hi\\\" <x>\") ![al\"t](p.png)"))
        #expect(out == "<p>a &amp; b &lt; c &gt; &quot;d&quot; <a href=\"u\" title=\"say &quot;hi&quot; &lt;x&gt;\">l</a> <img src=\"p.png\" alt=\"al&quot;t\" /></p>\n")
    }

    @Test func scriptURLsAreRefused() {
        let out = HTMLRenderer().render(Markdown.parse("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) ![z](data:text/html;base64,PHNjcmlwdD4=) [ok](mailto:a@b.c)"))
        #expect(!out.lowercased().contains("javascript"))
        #expect(!out.contains("data:text"))
        #expect(out.contains("<a href=\"mailto:a@b.c\">ok</a>"))
        #expect(out.hasPrefix("<p>x y z "))
    }

    @Test func headingIdsCannotBreakOutOfAttributes() {
        let out = HTMLRenderer().render(Markdown.parse("# a\" onclick=\"x"))
        #expect(out == "<h1 id=\"a-onclickx\">a&quot; onclick=&quot;x</h1>\n")
    }
}

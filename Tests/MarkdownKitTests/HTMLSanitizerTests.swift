import Foundation
import Testing
@testable import MarkdownKit

/// Raw HTML that a page allows keeps only `HTMLSanitizer`'s elements, attributes and URLs, in the site
/// and in the Markdown edition alike. The bypasses are the ones a probe of the blocklist found running
/// script in Chromium (issue 15), plus the classic spellings of a `javascript:` scheme.
@Suite struct HTMLSanitizerTests {
    func site(_ markdown: String) -> String {
        HTMLRenderer(allowRawHTML: true).render(Markdown.parse(markdown))
    }

    func edition(_ markdown: String) -> String {
        MarkdownRenderer(allowRawHTML: true).render(Markdown.parse(markdown))
    }

    /// Every tag in `html`, as `<name` in lower case.
    func tags(_ html: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            names.insert(String(rest.prefix { $0.isLetter || $0.isNumber }).lowercased())
        }
        return names.subtracting([""])
    }

    @Test func elementsThatLoadOrRunContentAreShownAsText() {
        let hostile = """
            <base href="https://evil.example/"><object data="x.swf"></object><embed src="x.swf">
            <meta http-equiv="refresh" content="0;url=https://evil.example/"><link rel="import" href="x.html">
            <script>alert(1)</script><style>*{}</style><iframe src="x.html"></iframe><form action="x"></form>
            <svg onload="alert(2)"></svg><math><mi>x</mi></math><template><b>t</b></template><noscript>n</noscript>
            """
        for out in [site(hostile), edition(hostile)] {
            #expect(tags(out).isSubset(of: ["b", "p"]), "\(tags(out))")
            #expect(out.contains("&lt;base href=&quot;https://evil.example/&quot;&gt;"))
            #expect(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test func scriptSchemesAreRemovedHoweverTheyAreSpelled() {
        let spellings = [
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#x09;script:alert(1)", "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)", "&#106avascript:alert(1)", "javascript&colon;alert(1)", "java&Tab;script:alert(1)",
            "java\tscript:alert(1)", "java\nscript:alert(1)", " \u{1}javascript:alert(1)", "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>", "data:image/svg+xml,<svg onload=alert(1)>", "file:///etc/passwd",
        ]
        for url in spellings {
            for out in [site("<a href=\"\(url)\">x</a> <img src=\"\(url)\"> <q cite='\(url)'>q</q>"), edition("<a href=\"\(url)\">x</a>")] {
                #expect(!out.contains("href=") && !out.contains("src=") && !out.contains("cite="), "\(url.debugDescription) → \(out)")
                #expect(out.contains("<a>x</a>"))
            }
        }
    }

    @Test func onlyListedAttributesSurvive() {
        let out = site("<div class=\"note\" style=\"position:fixed\" onclick=\"alert(1)\" ONMOUSEOVER=alert(2) data-x=1 aria-label=\"Note\" id=n>hi</div>")
        #expect(out == "<div class=\"note\" aria-label=\"Note\" id=\"n\">hi</div>\n")
        // Duplicates keep the first, as browsers do; a value cannot leave its quotes.
        #expect(site("<span title=\"a&quot; onclick=&quot;x\" title=b>t</span>") == "<p><span title=\"a&quot; onclick=&quot;x\">t</span></p>\n")
    }

    @Test func safeLinksAndImagesAreKept() {
        let out = site("<a href=\"https://example.com/?a=1&amp;b=2\" title=\"&copy; 2026\">w</a> <a href=\"other.md#part\">o</a> "
                       + "<a href=\"#top\">t</a> <a href=\"mailto:a@example.com\">m</a> <img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\" />")
        #expect(out.contains("<a href=\"https://example.com/?a=1&amp;b=2\" title=\"© 2026\">w</a>"))
        #expect(out.contains("<a href=\"other.md#part\">o</a>"))
        #expect(out.contains("<a href=\"#top\">t</a>"))
        #expect(out.contains("<a href=\"mailto:a@example.com\">m</a>"))
        #expect(out.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\" />"))
        // `data:` is for images only.
        #expect(site("<a href=\"data:image/png;base64,iVBORw0KGgo=\">d</a>") == "<p><a>d</a></p>\n")
    }

    @Test func unfinishedTagsAndCommentsAreText() {
        #expect(site("<div title=\"never closed\n") == "&lt;div title=&quot;never closed\n")
        #expect(site("<div>a <!-- hidden --> b</div>") == "<div>a  b</div>\n")
        #expect(site("<div>a <!-- never closed</div>") == "<div>a &lt;!-- never closed&lt;/div&gt;\n")
        #expect(site("<p>1 < 2 <3 </p>") == "<p>1 &lt; 2 &lt;3 </p>\n")
    }

    @Test func markdownLinksFollowTheSameAllowlist() {
        let out = HTMLRenderer().render(Markdown.parse("[a](javascript&colon;alert(1)) [b](java&#x09;script:x) [c](ftp://x) [d](data:image/png;base64,AA==) ![e](data:image/png;base64,AA==)"))
        #expect(out == "<p>a b c d <img src=\"data:image/png;base64,AA==\" alt=\"e\" /></p>\n")
    }

    @Test func sanitisingIsLinearInTheFragmentsSize() {
        // Tags that never finish, comments that never close and tags that are not allowed each make
        // the sanitiser give up on one `<`; each character must still be read once, not once per `<`.
        let hostile = String(repeating: "<a title=\"x <b <!-- <x y=\"z\"> ", count: 40_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = HTMLSanitizer.sanitize(hostile) }
        #expect(elapsed < .seconds(10), "\(elapsed) for \(hostile.utf8.count) bytes")
    }
}

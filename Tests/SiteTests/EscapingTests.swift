import Literate
import Testing
@testable import Site

/// Nothing written in content or computed by a block can inject markup or script.
@Suite struct EscapingTests {
    let hostile = """
    # Page

    Inline <script>alert(1)</script> and <img src=x onerror="alert(2)"> here.

    <div onmouseover="alert(3)"><script>alert(4)</script></div>

    [click](javascript:alert(5))
    """

    @Test func rawHTMLIsEscapedByDefault() throws {
        let html = try #require(SiteFixtures.render([SiteFixtures.page("index.md", hostile)]).files["site/index.html"])
        let article = try #require(html.components(separatedBy: "<article class=\"page\">").last)
        #expect(!article.contains("<script>"))
        #expect(!article.contains("<img"))
        #expect(!article.contains("javascript:"))
        #expect(article.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(article.contains("onerror=&quot;alert(2)&quot;"))
    }

    @Test func allowedHTMLLosesScriptsAndEventHandlers() throws {
        let page = SiteFixtures.page("index.md", hostile + "\n\n<span class=\"note\">kept</span>\n", allowHTML: true)
        let html = try #require(SiteFixtures.render([page]).files["site/index.html"])
        let article = try #require(html.components(separatedBy: "<article class=\"page\">").last)
        #expect(article.contains("<span class=\"note\">kept</span>"))
        #expect(!article.contains("<script>"))
        #expect(!article.lowercased().contains("onerror"))
        #expect(!article.lowercased().contains("onmouseover"))
        #expect(!article.contains("javascript:"))
    }

    @Test func computedTextIsEscapedInValuesTablesAndTitles() throws {
        let value = SitePage.Inline(text: "<b>1</b>", provenance: Provenance(formula: "\"><script>x</script>", inputs: ["a": "<i>"]))
        let page = SiteFixtures.page("index.md", "# <T>\n\nValue: x\n", title: "<script>t</script>", inlines: [value])
        var tree = page.tree
        tree.children[1].children.append(.init(.inlinePlaceholder(0)))
        var withValue = page
        withValue.tree = tree
        let html = try #require(SiteFixtures.render([withValue]).files["site/index.html"])
        #expect(!html.contains("<script>t</script>") && !html.contains("<script>x</script>") && !html.contains("<b>1</b>"))
        #expect(html.contains("&lt;b&gt;1&lt;/b&gt;</span>"))
        #expect(html.contains("data-prov=\"= &quot;&gt;&lt;script&gt;x&lt;/script&gt;&#10;a: &lt;i&gt;\""))
        #expect(html.contains("<title>&lt;script&gt;t&lt;/script&gt;</title>"))
    }
}

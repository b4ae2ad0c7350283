import Basics
import Catalog
import Testing
@testable import Site

/// Links between pages: rewritten to relative `.html` files, checked, and reported at their position.
@Suite struct LinkCheckTests {
    @Test func linksToPagesBecomeRelativeHTMLLinks() throws {
        let site = try SiteFixtures.render([
            SiteFixtures.page("index.md", "# Home\n\nSee [memory](guide/memory.md#weights) and [kv](kv.md).\n"),
            SiteFixtures.page("guide/memory.md", "# Memory\n\n## Weights\n\nBack to [kv](../kv.md#per-token-size).\n"),
            SiteFixtures.page("kv.md", "# KV\n\n## Per-token size\n\nText.\n"),
        ])
        let home = try #require(site.files["site/index.html"])
        #expect(home.contains("<a href=\"guide/memory.html#weights\">memory</a>"))
        #expect(home.contains("<a href=\"kv.html\">kv</a>"))
        let memory = try #require(site.files["site/guide/memory.html"])
        #expect(memory.contains("<a href=\"../kv.html#per-token-size\">kv</a>"))
        #expect(memory.contains("href=\"../assets/style.css\""))
        // The Markdown edition keeps links to .md files.
        #expect(site.files["markdown/guide/memory.md"]?.contains("[kv](../kv.md#per-token-size)") == true)
    }

    @Test func brokenLinkIsAnErrorAtItsLineAndColumn() {
        let pages = [
            SiteFixtures.page("index.md", "# Home\n\nIntro.\n\nSee the [missing page](memroy.md) here.\n"),
            SiteFixtures.page("memory.md", "# Memory\n"),
        ]
        #expect {
            try SiteFixtures.render(pages)
        } throws: { error in
            let diagnostics = (error as? Diagnostics)?.items ?? []
            guard diagnostics.count == 1, let problem = diagnostics.first else { return false }
            // "See the [" — the link starts at column 9 of line 5.
            return problem.location == SourceLocation(file: "pages/index.md", line: 5, column: 9)
                && problem.message.contains("no page 'memroy.md'") && problem.message.contains("did you mean 'memory.md'")
        }
    }

    @Test func brokenAnchorIsAnErrorAtItsLineAndColumnWithTheNearestHeading() {
        let pages = [
            SiteFixtures.page("index.md", "# Home\n\n- item\n- go to [weights](memory.md#weight)\n"),
            SiteFixtures.page("memory.md", "# Memory\n\n## Weights\n"),
        ]
        #expect {
            try SiteFixtures.render(pages)
        } throws: { error in
            guard let problem = (error as? Diagnostics)?.items.first else { return false }
            return problem.location == SourceLocation(file: "pages/index.md", line: 4, column: 9)
                && problem.message == "broken anchor: 'memory.md' has no heading '#weight'; did you mean 'weights'?"
        }
    }

    @Test func everyBrokenLinkIsReportedNotOnlyTheFirst() {
        let pages = [SiteFixtures.page("index.md", "[a](nope.md) [b](#nowhere)\n\n[c](other.txt)\n")]
        #expect {
            try SiteFixtures.render(pages)
        } throws: { error in
            let lines = (error as? Diagnostics)?.items.map(\.location.line) ?? []
            return lines == [1, 1, 3]
        }
    }

    @Test func backlinksListThePagesThatLinkHere() throws {
        let site = try SiteFixtures.render([
            SiteFixtures.page("a.md", "# A\n\n[to c](c.md)\n", title: "Page A", order: 1),
            SiteFixtures.page("b.md", "# B\n\n[to c](c.md) and [again](c.md#c)\n", title: "Page B", order: 2),
            SiteFixtures.page("c.md", "# C\n\n[self](#c)\n", title: "Page C", order: 3),
        ])
        let c = try #require(site.files["site/c.html"])
        #expect(c.contains("Pages that link here"))
        #expect(c.contains("<li><a href=\"a.html\">Page A</a></li>\n<li><a href=\"b.html\">Page B</a></li>"))
        #expect(site.files["site/a.html"]?.contains("Pages that link here") == false)
    }
}

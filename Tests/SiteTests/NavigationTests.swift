import Testing
@testable import Site

/// Sidebar order, current page, table of contents, previous/next, breadcrumbs, print book, search file.
@Suite struct NavigationTests {
    let pages = [
        SiteFixtures.page("index.md", "# Home\n\nWelcome.\n", title: "Home", order: 0),
        SiteFixtures.page("later.md", "# Later\n", title: "Later", order: 5),
        SiteFixtures.page("guide/first.md", "# First\n\n## Setup\n\n### Details\n\n## Setup\n\n[later](../later.md#later)\n", title: "First", order: 1),
    ]

    @Test func sidebarFollowsOrderAndMarksTheCurrentPage() throws {
        let html = try #require(SiteFixtures.render(pages).files["site/guide/first.html"])
        let home = try #require(html.range(of: ">Home</a></li>")), first = try #require(html.range(of: ">First</a></li>"))
        let later = try #require(html.range(of: ">Later</a></li>"))
        #expect(home.lowerBound < first.lowerBound && first.lowerBound < later.lowerBound)
        #expect(html.contains("<a href=\"../guide/first.html\" aria-current=\"page\">First</a>"))
        #expect(html.contains("<a href=\"../later.html\">Later</a>"))
        let sidebar = try #require(html.components(separatedBy: "<nav class=\"sidebar\"").last?.components(separatedBy: "</nav>").first)
        #expect(sidebar.components(separatedBy: "aria-current=\"page\"").count == 2)
    }

    @Test func tableOfContentsPagerAndBreadcrumbs() throws {
        let html = try #require(SiteFixtures.render(pages).files["site/guide/first.html"])
        #expect(html.contains("<li class=\"toc-level-2\"><a href=\"#setup\">Setup</a></li>\n<li class=\"toc-level-3\"><a href=\"#details\">Details</a></li>\n<li class=\"toc-level-2\"><a href=\"#setup-1\">Setup</a></li>"))
        #expect(html.contains("<a class=\"pager-previous\" rel=\"prev\" href=\"../index.html\"><span class=\"pager-label\">Previous</span> Home</a>"))
        #expect(html.contains("<a class=\"pager-next\" rel=\"next\" href=\"../later.html\"><span class=\"pager-label\">Next</span> Later</a>"))
        #expect(html.contains("<li><a href=\"../index.html\">Home</a></li>\n<li><span>Guide</span></li>\n<li><span aria-current=\"page\">First</span></li>"))
    }

    @Test func homeHasTheMapAndPrintBookHasEveryPageWithUniqueIds() throws {
        let site = try SiteFixtures.render(pages)
        let home = try #require(site.files["site/index.html"])
        #expect(home.contains("Map of the knowledge base"))
        #expect(home.contains("<a href=\"guide/first.html\">First</a>"))
        let book = try #require(site.files["site/print.html"])
        #expect(book.contains("<article class=\"book-page\" id=\"page-guide-first\">"))
        #expect(book.contains("<h2 id=\"page-guide-first--setup\">Setup</h2>"))
        #expect(book.contains("<a href=\"#page-later--later\">later</a>"))
        #expect(!book.contains("<script"))
    }

    /// A home page that links every page is the book's map: the generated map would list every page
    /// a second time under a second "map" heading, so it is left out.
    @Test func aHomePageThatLinksEveryPageGetsNoSecondMap() throws {
        let home = SiteFixtures.page("index.md", "# Home\n\n## Map\n\n- [First](guide/first.md)\n- [Later](later.md)\n", title: "Home", order: 0)
        let site = try SiteFixtures.render([home] + pages.dropFirst())
        let html = try #require(site.files["site/index.html"])
        #expect(!html.contains("Map of the knowledge base"))
        #expect(html.components(separatedBy: "href=\"later.html\"").count - 1 == 2)  // sidebar and the page's own map
    }

    /// The footer states the build's date, version and commit, the page's last change and an edit
    /// link, all from the stamp the caller gives; an edit address that is not http(s) is not linked,
    /// and an empty stamp shows nothing.
    @Test func footerShowsTheBuildStampAndEditLink() throws {
        var builder = SiteBuilder(pages: pages, values: [], templatesDirectory: SiteFixtures.templates)
        builder.stamp = BuildStamp(date: "2026-12-05", version: "0.9.0", commit: "abc123",
                                   editURL: "https://example.org/book/edit/main/pages/", pageDates: ["later.md": "2026-11-29"])
        let html = try #require(try builder.render(previousValues: nil).files["site/later.html"])
        #expect(html.contains("<p class=\"stamp\">Built 2026-12-05 by infrabook 0.9.0 from commit <code>abc123</code>. This page last changed 2026-11-29. <a class=\"edit-link\" href=\"https://example.org/book/edit/main/pages/later.md\">Edit this page</a></p>"))
        builder.stamp.editURL = "javascript:alert(1)/"
        let unsafe = try #require(try builder.render(previousValues: nil).files["site/later.html"])
        #expect(!unsafe.contains("edit-link"))
        let plain = try #require(try SiteFixtures.render(pages).files["site/later.html"])
        #expect(!plain.contains("class=\"stamp\""))
    }

    @Test func everyLinkIsRelativeAndNamesAnHTMLFile() throws {
        let site = try SiteFixtures.render(pages)
        for (path, text) in site.files where path.hasSuffix(".html") {
            for part in text.components(separatedBy: "href=\"").dropFirst() {
                let href = String(part.prefix { $0 != "\"" })
                let file = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                #expect(!href.hasPrefix("/") && !href.contains("://"), "\(path): \(href)")
                // Pages, and the stylesheets and icon every page declares in its head.
                #expect(file.isEmpty || file.hasSuffix(".html") || file.hasSuffix(".css") || file == "assets/icon.svg" || file.hasSuffix("/assets/icon.svg"),
                        "\(path): \(href)")
            }
        }
    }

    @Test func aLargeBookListsTheCurrentFolderAndOneEntryPerOtherFolder() throws {
        let count = Navigation.fullSidebarLimit / 2 + 1
        var pages = [SiteFixtures.page("index.md", "# Home\n", title: "Home")]
        for folder in ["alpha", "beta"] {
            for index in 0..<count {
                let name = "p\(index)"
                pages.append(SiteFixtures.page("\(folder)/\(name).md", "# \(name)\n", title: "\(folder) \(name)", order: Double(index)))
            }
        }
        let site = try SiteFixtures.render(pages)
        let html = try #require(site.files["site/alpha/p1.html"])
        let sidebar = try #require(html.components(separatedBy: "<nav class=\"sidebar\"").last?.components(separatedBy: "</nav>").first)
        #expect(sidebar.contains("<a href=\"../alpha/p1.html\" aria-current=\"page\">alpha p1</a>"))
        #expect(sidebar.contains(">alpha p\(count - 1)</a>"))
        #expect(sidebar.contains("<a href=\"../beta/p0.html\">Beta (\(count) pages)</a>"))
        #expect(!sidebar.contains(">beta p1</a>"))
        // Every page is still on the home page's map.
        #expect(site.files["site/index.html"]?.contains(">beta p\(count - 1)</a>") == true)
    }
}

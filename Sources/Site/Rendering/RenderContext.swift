import Basics
import MarkdownKit

/// One page, rendered.
struct RenderedPage: Sendable {
    var path: String
    var htmlPath: String
    var markdownPath: String
    var title: String
    var showTitle: Bool
    /// The article body alone (for the whole-book page).
    var body: String
    /// The complete HTML file.
    var html: String
    var markdown: String
    var headings: [String]
    var searchText: String
    var searchSections: [PageRenderer.SearchSection]
}

/// Everything page rendering shares: templates, navigation, links, glossary, backlinks, and the
/// sidebar rendered once per folder.
struct RenderContext: @unchecked Sendable {
    let templates: TemplateSet
    let navigation: Navigation
    let links: LinkChecker
    let glossary: Glossary?
    /// For each page, the pages that link to it.
    let backlinks: [String: Set<String>]
    let siteTitle: String
    let stamp: BuildStamp
    /// Sidebar HTML by the pages' path to the root (`""`, `../`, …) and, in a large book, the expanded folder.
    private let sidebars: [String: Navigation.Sidebar]
    private let titles: [String: String]

    init(templates: TemplateSet, navigation: Navigation, links: LinkChecker, glossary: Glossary?,
         backlinks: [String: Set<String>], siteTitle: String, stamp: BuildStamp = BuildStamp()) {
        self.stamp = stamp
        self.templates = templates
        self.navigation = navigation
        self.links = links
        self.glossary = glossary
        self.backlinks = backlinks
        self.siteTitle = siteTitle
        var sidebars: [String: Navigation.Sidebar] = [:]
        var variants = Set(navigation.sequence.map { Self.sidebarKey(for: $0.path, navigation: navigation) })
        variants.insert(Self.sidebarKey(for: "index.md", navigation: navigation))
        let keys = variants.sorted { ($0.prefix, $0.folder ?? "") < ($1.prefix, $1.folder ?? "") }
        let rendered = Parallel.map(keys) { key in
            Navigation.Sidebar(html: templates.render("sidebar", ["entries": navigation.sidebarEntries(rootPrefix: key.prefix, expanded: key.folder)]))
        }
        for (key, sidebar) in zip(keys, rendered) { sidebars[key.prefix + "|" + (key.folder ?? "")] = sidebar }
        self.sidebars = sidebars
        var titles: [String: String] = [:]
        for page in navigation.sequence { titles[page.path] = page.title }
        self.titles = titles
    }

    /// Which sidebar a page shows: its depth, and in a large book its top folder.
    private struct SidebarKey: Hashable, Sendable {
        var prefix: String
        var folder: String?
    }

    private static func sidebarKey(for path: String, navigation: Navigation) -> SidebarKey {
        SidebarKey(prefix: SitePath.rootPrefix(of: path), folder: navigation.listsEveryPage ? nil : Navigation.topFolder(of: path))
    }

    private func sidebar(for path: String) -> Navigation.Sidebar? {
        let key = Self.sidebarKey(for: path, navigation: navigation)
        return sidebars[key.prefix + "|" + (key.folder ?? "")]
    }

    func render(_ page: SitePage) -> RenderedPage {
        let renderer = PageRenderer(page: page, links: links, glossary: glossary)
        let directory = SitePath.directory(of: page.path)
        var body = renderer.html()
        let isHome = page.path == "index.md"
        if isHome, !homeLinksEveryPage { body += templates.render("home", ["sections": navigation.map()]) }
        let toc = renderer.tableOfContents()
        let search = renderer.searchTextAndSections()
        let (previous, next) = navigation.neighbours(of: page.path, from: directory)
        let linking = (backlinks[page.path] ?? []).sorted().map { source -> [String: Any] in
            ["href": SitePath.relative(to: SitePath.html(for: source), from: directory), "title": titles[source] ?? source]
        }
        let breadcrumbs = navigation.breadcrumbs(for: page)
        var values: [String: Any] = [
            "title": page.title, "siteTitle": siteTitle, "isHome": isHome, "root": SitePath.rootPrefix(of: page.path),
            "bodyClass": isHome ? "home" : "content-page", "showTitle": !renderer.hasOwnTitle,
            "sidebar": sidebar(for: page.path)?.marking(href: SitePath.rootPrefix(of: page.path) + page.htmlPath) ?? "", "body": body,
            "toc": toc.map { ["level": $0.level, "anchor": $0.slug, "text": $0.text] }, "hasToc": !toc.isEmpty,
            "backlinks": linking, "hasBacklinks": !linking.isEmpty,
            "breadcrumbs": breadcrumbs, "hasBreadcrumbs": !breadcrumbs.isEmpty,
            "hasPager": previous != nil || next != nil,
        ]
        values.merge(stamp.values(for: page.path)) { $1 }
        if let summary = page.summary, !summary.isEmpty { values["summary"] = summary }
        if let previous { values["previous"] = previous.dictionary }
        if let next { values["next"] = next.dictionary }
        return RenderedPage(
            path: page.path, htmlPath: page.htmlPath, markdownPath: page.path, title: page.title,
            showTitle: !renderer.hasOwnTitle, body: body, html: templates.render("layout", values, splicing: ["body", "sidebar"]),
            markdown: renderer.markdown(), headings: toc.map(\.text), searchText: search.text, searchSections: search.sections
        )
    }

    /// Whether `index.md` already links every page: then it is the book's map, and the generated map
    /// would list every page a second time.
    private var homeLinksEveryPage: Bool {
        !navigation.pages.isEmpty && navigation.pages.allSatisfy { backlinks[$0.path]?.contains("index.md") ?? false }
    }

    /// `index.html` when the book has no `index.md`: the title and the map of the knowledge base.
    func renderGeneratedHome() -> String {
        let first = navigation.pages.first
        var values: [String: Any] = [
            "title": siteTitle, "siteTitle": siteTitle, "isHome": true, "root": "", "bodyClass": "home", "showTitle": true,
            "sidebar": sidebar(for: "index.md")?.marking(href: "index.html") ?? "",
            "body": templates.render("home", ["sections": navigation.map()]),
            "hasToc": false, "hasBacklinks": false, "hasBreadcrumbs": false, "hasPager": first != nil,
        ]
        if let first { values["next"] = ["href": first.htmlPath, "title": first.title] }
        return templates.render("layout", values)
    }

    /// `changes.html`: the changes report inside the site's layout.
    func renderChanges(_ report: ChangesReport) -> String {
        let tree = Markdown.parse(report.markdown(linkPrefix: ""))
        var values: [String: Any] = [
            "title": "Changes since the previous build", "siteTitle": siteTitle, "isHome": false, "root": "",
            "bodyClass": "content-page", "showTitle": false, "sidebar": sidebar(for: "index.md")?.html ?? "",
            "body": HTMLRenderer().render(tree), "hasToc": false, "hasBacklinks": false,
            "hasBreadcrumbs": true, "breadcrumbs": [["href": "index.html", "title": navigation.homeTitle], ["title": "Changes", "current": true]],
            "hasPager": false,
        ]
        values.merge(stamp.values(for: nil)) { $1 }
        return templates.render("layout", values)
    }

    /// `print.html`: every page in reading order on one page, ids made unique per page and links
    /// between pages turned into links within the book.
    func renderPrintBook(_ pages: [RenderedPage]) -> String {
        let known = Set(pages.map(\.htmlPath))
        let bodies = Parallel.map(pages) { PrintBook.relocate($0.body, page: $0.path, knownPages: known) }
        let entries: [[String: Any]] = zip(pages, bodies).map { page, body in
            ["anchor": PrintBook.pageAnchor(page.path), "title": page.title, "showTitle": page.showTitle, "body": body]
        }
        return templates.render("print", ["siteTitle": siteTitle, "pages": entries])
    }
}

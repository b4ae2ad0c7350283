import Foundation

/// The book's order and the ways around it: the sidebar (every page in front-matter `order`, the
/// current one marked), previous and next, breadcrumbs, and the home page's map.
///
/// The sidebar is rendered once per folder and the current page is marked by a splice, so a book of
/// a thousand pages does not render a thousand-entry template a thousand times.
struct Navigation: Sendable {
    let home: SitePage?
    /// Every page but the home page, in reading order.
    let pages: [SitePage]
    let siteTitle: String
    /// Home then every page: (source path, HTML path, title), and each source path's place in it.
    private let readingOrder: [(path: String, html: String, title: String)]
    private let position: [String: Int]

    init(home: SitePage?, pages: [SitePage], siteTitle: String) {
        self.home = home
        self.pages = pages
        self.siteTitle = siteTitle
        readingOrder = [("index.md", "index.html", home?.title ?? siteTitle)] + pages.map { ($0.path, $0.htmlPath, $0.title) }
        var position: [String: Int] = [:]
        for (index, entry) in readingOrder.enumerated() { position[entry.path] = index }
        self.position = position
    }

    /// Reading order: the home page (when the book has `index.md`), then every other page.
    var sequence: [SitePage] { (home.map { [$0] } ?? []) + pages }

    var homeTitle: String { home?.title ?? siteTitle }

    /// A link to a neighbouring page, relative to `directory`.
    struct Link {
        var href: String
        var title: String
        var dictionary: [String: Any] { ["href": href, "title": title] }
    }

    /// Up to this many pages the sidebar lists every page on every page. Above it, every page would
    /// carry the whole list (a 1,000-page book wrote 110 KB of sidebar into each page, 89 % of its
    /// output), so the sidebar lists the top-level pages, one entry per folder, and every page of the
    /// current page's folder. The home page's map still lists every page.
    static let fullSidebarLimit = 400

    /// Whether this book's sidebar lists every page (see `fullSidebarLimit`).
    var listsEveryPage: Bool { pages.count <= Self.fullSidebarLimit }

    /// The top folder of a page (`guide` for `guide/a/b.md`), or nil for a page at the root.
    static func topFolder(of path: String) -> String? {
        let parts = path.split(separator: "/")
        return parts.count > 1 ? String(parts[0]) : nil
    }

    /// The sidebar's entries as template values, with hrefs that climb to the root first (`../guide/x.html`),
    /// so one rendering serves every page at the same depth. Entry 0 is home. In a large book only the
    /// folder `expanded` shows its pages; other folders are one entry leading to their first page.
    func sidebarEntries(rootPrefix: String, expanded: String? = nil) -> [[String: Any]] {
        var entries: [[String: Any]] = [[
            "href": rootPrefix + "index.html", "title": homeTitle, "depth": 0,
        ]]
        var foldersShown: Set<String> = []
        for page in pages {
            let folder = Self.topFolder(of: page.path)
            if listsEveryPage || folder == nil || folder == expanded {
                entries.append([
                    "href": rootPrefix + page.htmlPath, "title": page.title,
                    "depth": min(page.path.split(separator: "/").count - 1, 2),
                ])
            } else if let folder, !foldersShown.contains(folder) {
                foldersShown.insert(folder)
                let index = pages.first { $0.path == folder + "/index.md" } ?? page
                let count = pages.filter { Self.topFolder(of: $0.path) == folder }.count
                entries.append([
                    "href": rootPrefix + index.htmlPath, "title": "\(Self.folderTitle(folder)) (\(count) pages)", "depth": 0,
                ])
            }
        }
        return entries
    }

    /// A rendered sidebar and where each entry's link is, so marking the current page is one splice.
    struct Sidebar: Sendable {
        let html: String
        /// For each `href` value, the index just after its closing quote.
        private let linkEnds: [String: String.Index]

        init(html: String) {
            self.html = html
            var ends: [String: String.Index] = [:]
            let marker = Array("href=\"".utf8)
            let utf8 = html.utf8
            var index = utf8.startIndex
            var matched = 0
            var valueStart: String.Index?
            while index < utf8.endIndex {
                let byte = utf8[index]
                if let start = valueStart {
                    if byte == UInt8(ascii: "\"") {
                        ends[String(html[start..<index])] = utf8.index(after: index)
                        valueStart = nil
                    }
                } else if byte == marker[matched] {
                    matched += 1
                    if matched == marker.count {
                        valueStart = utf8.index(after: index)
                        matched = 0
                    }
                } else {
                    matched = byte == marker[0] ? 1 : 0
                }
                index = utf8.index(after: index)
            }
            linkEnds = ends
        }

        /// The sidebar with the entry linking to `href` marked as the current page.
        func marking(href: String) -> String {
            guard let end = linkEnds[HTMLText.escape(href)] else { return html }
            var marked = ""
            marked.reserveCapacity(html.utf8.count + 24)
            marked += html[..<end]
            marked += " aria-current=\"page\""
            marked += html[end...]
            return marked
        }
    }

    /// The pages before and after `path` in reading order (home counts as the first page).
    func neighbours(of path: String, from directory: String) -> (previous: Link?, next: Link?) {
        guard let index = position[path] else { return (nil, nil) }
        func link(_ i: Int) -> Link? {
            guard readingOrder.indices.contains(i) else { return nil }
            return Link(href: SitePath.relative(to: readingOrder[i].html, from: directory), title: readingOrder[i].title)
        }
        return (link(index - 1), link(index + 1))
    }

    /// Home › folder › page. A folder links to its `index.md` when it has one.
    func breadcrumbs(for page: SitePage) -> [[String: Any]] {
        guard page.path != "index.md" else { return [] }
        let directory = SitePath.directory(of: page.path)
        var crumbs: [[String: Any]] = [["href": SitePath.relative(to: "index.html", from: directory), "title": homeTitle]]
        var folder = ""
        for component in directory.split(separator: "/") {
            folder += (folder.isEmpty ? "" : "/") + component
            let indexPath = folder + "/index.md"
            if indexPath == page.path { continue }
            if let index = pages.first(where: { $0.path == indexPath }) {
                crumbs.append(["href": SitePath.relative(to: index.htmlPath, from: directory), "title": index.title])
            } else {
                crumbs.append(["title": Self.folderTitle(String(component))])
            }
        }
        crumbs.append(["title": page.title, "current": true])
        return crumbs
    }

    /// The home page's map: pages grouped by their top folder, root pages first.
    func map() -> [[String: Any]] {
        var sections: [(name: String?, pages: [[String: Any]])] = []
        for page in pages {
            let parts = page.path.split(separator: "/")
            let section: String? = parts.count > 1 ? String(parts[0]) : nil
            let entry: [String: Any] = [
                "href": page.htmlPath, "title": page.title, "summary": page.summary ?? "",
                "tags": page.tags, "hasTags": !page.tags.isEmpty,
            ]
            if let last = sections.indices.last, sections[last].name == section {
                sections[last].pages.append(entry)
            } else if let existing = sections.firstIndex(where: { $0.name == section }) {
                sections[existing].pages.append(entry)
            } else {
                sections.append((section, [entry]))
            }
        }
        return sections.map { section in
            var value: [String: Any] = ["pages": section.pages]
            if let name = section.name {
                value["name"] = pages.first { $0.path == name + "/index.md" }?.title ?? Self.folderTitle(name)
            }
            return value
        }
    }

    /// `kv-cache` → `Kv cache`.
    static func folderTitle(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}

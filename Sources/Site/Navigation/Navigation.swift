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

    /// Reading order: the home page (when the book has `index.md`), then every other page.
    var sequence: [SitePage] { (home.map { [$0] } ?? []) + pages }

    var homeTitle: String { home?.title ?? siteTitle }

    /// A link to a neighbouring page, relative to `directory`.
    struct Link {
        var href: String
        var title: String
        var dictionary: [String: Any] { ["href": href, "title": title] }
    }

    /// The sidebar's entries as template values, with hrefs relative to `directory`. Entry 0 is home.
    func sidebarEntries(from directory: String) -> [[String: Any]] {
        var entries: [[String: Any]] = [[
            "href": SitePath.relative(to: "index.html", from: directory), "title": homeTitle, "depth": 0, "key": "index.md",
        ]]
        for page in pages {
            entries.append([
                "href": SitePath.relative(to: page.htmlPath, from: directory), "title": page.title,
                "depth": min(page.path.split(separator: "/").count - 1, 2), "key": page.path,
            ])
        }
        return entries
    }

    /// `sidebarHTML` with the entry for `path` marked as the current page.
    static func markCurrent(_ sidebarHTML: String, path: String) -> String {
        let marker = "data-nav=\"\(HTMLText.escape(path))\""
        guard let range = sidebarHTML.range(of: marker) else { return sidebarHTML }
        return sidebarHTML.replacingCharacters(in: range, with: marker + " aria-current=\"page\"")
    }

    /// The pages before and after `path` in reading order (home counts as the first page).
    func neighbours(of path: String, from directory: String) -> (previous: Link?, next: Link?) {
        var order: [(path: String, html: String, title: String)] = [("index.md", "index.html", homeTitle)]
        order += pages.map { ($0.path, $0.htmlPath, $0.title) }
        guard let index = order.firstIndex(where: { $0.path == path }) else { return (nil, nil) }
        func link(_ i: Int) -> Link? {
            guard order.indices.contains(i) else { return nil }
            return Link(href: SitePath.relative(to: order[i].html, from: directory), title: order[i].title)
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

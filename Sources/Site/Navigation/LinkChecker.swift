import Basics
import MarkdownKit

/// Resolves links between pages and checks them: `other.md` and `other.md#anchor` must name a page
/// of the book and a heading (or block id) on it; a broken one is an error at the link's position.
///
/// It also records which page links to which, for backlinks. External links are left alone.
struct LinkChecker: Sendable {
    /// Anchors of every page, by page path (`guide/memory.md`).
    let anchors: [String: Set<String>]

    /// A link's target inside the book.
    struct Target: Equatable {
        var page: String
        var fragment: String?
    }

    /// Where `destination`, written on `page`, points inside the book; nil for external links and
    /// links that do not name a page (checked by `check`).
    func resolve(_ destination: String, on page: String) -> Target? {
        guard !LinkRewriting.isExternal(destination) else { return nil }
        let (path, fragment) = Self.split(destination)
        if path.isEmpty { return fragment.map { Target(page: page, fragment: $0) } }
        let markdownPath: String
        if path.hasSuffix(".md") {
            markdownPath = path
        } else if path.hasSuffix(".html") {
            markdownPath = String(path.dropLast(5)) + ".md"
        } else {
            return nil
        }
        guard let resolved = SitePath.resolve(markdownPath, from: SitePath.directory(of: page)) else { return nil }
        return Target(page: resolved, fragment: fragment)
    }

    /// Errors for every broken internal link on `page`, and the pages it links to.
    func check(_ page: SitePage) -> (diagnostics: [Diagnostic], linkedPages: Set<String>) {
        var diagnostics: [Diagnostic] = []
        var linked: Set<String> = []
        page.tree.forEach { node in
            guard case .link(let destination, _) = node.kind, !LinkRewriting.isExternal(destination) else { return }
            let location = SourceLocation(file: page.file, line: max(node.range.start.line, 1), column: max(node.range.start.column, 1))
            let (path, _) = Self.split(destination)
            guard let target = resolve(destination, on: page.path) else {
                if !path.isEmpty {
                    diagnostics.append(.error(at: location, "link to '\(destination)' does not name a page of the book; link to a page's .md file (\"other.md\" or \"other.md#heading\")"))
                }
                return
            }
            guard let targetAnchors = anchors[target.page] else {
                let hint = NearestNames.hint(target.page, among: anchors.keys)
                diagnostics.append(.error(at: location, "broken link: no page '\(target.page)' in the book\(hint)"))
                return
            }
            if target.page != page.path { linked.insert(target.page) }
            if let fragment = target.fragment, !fragment.isEmpty, !targetAnchors.contains(fragment) {
                let hint = NearestNames.hint(fragment, among: targetAnchors)
                diagnostics.append(.error(at: location, "broken anchor: '\(target.page)' has no heading '#\(fragment)'\(hint)"))
            }
        }
        return (diagnostics, linked)
    }

    /// The `href` for `destination` written on `page`: pages become their `.html` file, relative to
    /// the page; anything else is returned as written.
    func href(_ destination: String, on page: String) -> String {
        guard let target = resolve(destination, on: page.self) else { return destination }
        let (path, _) = Self.split(destination)
        let suffix = target.fragment.map { "#" + $0 } ?? ""
        if path.isEmpty { return suffix }
        return SitePath.relative(to: SitePath.html(for: target.page), from: SitePath.directory(of: page)) + suffix
    }

    static func split(_ destination: String) -> (path: String, fragment: String?) {
        let found = SitePath.isASCII(destination) ? destination.utf8.firstIndex(of: UInt8(ascii: "#")) : destination.firstIndex(of: "#")
        guard let hash = found else { return (destination, nil) }
        return (String(destination[..<hash]), String(destination[destination.index(after: hash)...]))
    }
}

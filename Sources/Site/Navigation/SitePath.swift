import Foundation

/// Paths inside the site: a page's source `dir/page.md` becomes `dir/page.html`, and every link is
/// written relative to the page that holds it, so the site works from `file://` in any folder.
///
/// Every URL the site generates (sidebar, pager, breadcrumbs, backlinks, search results, the print
/// page) is built from page paths, so a page's file name is content too: `pageNameProblem` refuses,
/// before anything is rendered, any name that a browser would not read as a plain relative path.
enum SitePath {
    /// The whole book on one page, and the changes report: written at the site's root by the build.
    static let printPage = "print.html", changesPage = "changes.html"
    /// Files the build writes at the site's root, which no page may take.
    static let generatedPages = [printPage, changesPage]

    /// Why `path` (relative to the pages folder) cannot be a page, or nil when it can. Refused: a
    /// character that a URL reads as syntax (`:` would make `javascript:x.md` a script link; `#`, `?`,
    /// `%` and `\\` change where a link goes), control characters, and the names of generated pages.
    static func pageNameProblem(_ path: String) -> String? {
        if let bad = path.unicodeScalars.first(where: { ":#?%\\".unicodeScalars.contains($0) || $0.value < 0x20 || $0.value == 0x7F }) {
            let shown = bad.value < 0x20 || bad.value == 0x7F ? String(format: "U+%04X", bad.value) : "'\(bad)'"
            return "the page's file name '\(path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined())' contains \(shown), which a browser reads as part of a URL's syntax (a scheme, a query, an anchor or an escape) rather than as a file name; rename the file without it"
        }
        let html = html(for: path)
        if let taken = generatedPages.first(where: { $0.caseInsensitiveCompare(html) == .orderedSame }) {
            return "'\(path)' would be written as '\(taken)', which the build generates itself (the \(taken == printPage ? "whole book on one page" : "changes report")); rename the page"
        }
        return nil
    }

    /// `guide/memory.md` → `guide/memory.html`.
    static func html(for markdownPath: String) -> String {
        (markdownPath.hasSuffix(".md") ? String(markdownPath.dropLast(3)) : markdownPath) + ".html"
    }

    /// The folder part of a path: `guide/memory.md` → `guide`, `index.md` → ``.
    static func directory(of path: String) -> String {
        guard let slash = isASCII(path) ? path.utf8.lastIndex(of: UInt8(ascii: "/")) : path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `../` once per folder level of `path`, so `root + x` reaches `x` from the site root.
    static func rootPrefix(of path: String) -> String {
        String(repeating: "../", count: components(path).count - 1)
    }

    /// Joins `relative` onto `directory` and folds `.` and `..`; nil when it climbs above the root.
    static func resolve(_ relative: String, from directory: String) -> String? {
        var parts = relative.hasPrefix("/") ? [] : components(directory).map(String.init)
        for component in components(relative) {
            switch component {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The relative link from a file in `directory` to `target` (both from the site root).
    static func relative(to target: String, from directory: String) -> String {
        let from = components(directory)
        var to = components(target)
        let file = to.popLast() ?? ""
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        return (ups + to[common...].map(String.init) + [String(file)]).joined(separator: "/")
    }

    /// `path.split(separator: "/")`, found by bytes when the path is ASCII (links are checked by the
    /// thousand); otherwise by characters, where a `/` followed by a combining mark is no separator.
    static func components(_ path: String) -> [Substring] {
        guard isASCII(path) else { return path.split(separator: "/") }
        return path.utf8.split(separator: UInt8(ascii: "/")).map { path[$0.startIndex..<$0.endIndex] }
    }

    /// True when every byte of `text` is ASCII: then each byte is a character of its own, and searching
    /// bytes finds exactly what searching characters would.
    static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// A name usable in an HTML id for a page: `guide/memory.md` → `guide-memory`.
    static func key(for markdownPath: String) -> String {
        let bare = markdownPath.hasSuffix(".md") ? String(markdownPath.dropLast(3)) : markdownPath
        guard isASCII(bare) else { return bare.replacingOccurrences(of: "/", with: "-") }
        return String(decoding: bare.utf8.map { $0 == UInt8(ascii: "/") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }
}

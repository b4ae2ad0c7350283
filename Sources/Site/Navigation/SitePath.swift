/// Paths inside the site: a page's source `dir/page.md` becomes `dir/page.html`, and every link is
/// written relative to the page that holds it, so the site works from `file://` in any folder.
enum SitePath {
    /// `guide/memory.md` → `guide/memory.html`.
    static func html(for markdownPath: String) -> String {
        (markdownPath.hasSuffix(".md") ? String(markdownPath.dropLast(3)) : markdownPath) + ".html"
    }

    /// The folder part of a path: `guide/memory.md` → `guide`, `index.md` → ``.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `../` once per folder level of `path`, so `root + x` reaches `x` from the site root.
    static func rootPrefix(of path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }

    /// Joins `relative` onto `directory` and folds `.` and `..`; nil when it climbs above the root.
    static func resolve(_ relative: String, from directory: String) -> String? {
        var parts = relative.hasPrefix("/") ? [] : directory.split(separator: "/").map(String.init)
        for component in relative.split(separator: "/", omittingEmptySubsequences: true) {
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
        let from = directory.split(separator: "/")
        var to = target.split(separator: "/")
        let file = to.popLast() ?? ""
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        return (ups + to[common...].map(String.init) + [String(file)]).joined(separator: "/")
    }

    /// A name usable in an HTML id for a page: `guide/memory.md` → `guide-memory`.
    static func key(for markdownPath: String) -> String {
        let bare = markdownPath.hasSuffix(".md") ? String(markdownPath.dropLast(3)) : markdownPath
        return bare.replacingOccurrences(of: "/", with: "-")
    }
}

import Basics
import Foundation

/// The language's entry points: load the pages of a folder, then evaluate them.
///
/// Loading and evaluation report every problem they find, on every page, as diagnostics; they never
/// stop at the first. Nothing here writes files: Site does.
package enum Literate {
    /// Every `.md` file under `directory` (recursively, hidden folders skipped), sorted by relative path
    /// so the order never depends on the file system. Diagnostics name files as `directory/relative.md`.
    /// A page that is a symbolic link to a file outside `directory` is refused and never read; a page
    /// that is not UTF-8 is reported at its first bad byte.
    package static func loadPages(in directory: String) -> ([Page], [Diagnostic]) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            return ([], [.error(at: SourceLocation(file: directory, line: 1, column: 1), "the pages folder '\(directory)' does not exist")])
        }
        let root = URL(fileURLWithPath: directory)
        let realRoot = realPath(directory)
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var relativePaths: [String] = []
        var pages: [Page] = []
        var diagnostics: [Diagnostic] = []
        if let walker = manager.enumerator(at: root, includingPropertiesForKeys: [.isSymbolicLinkKey], options: [.skipsHiddenFiles]) {
            let base = root.standardizedFileURL.path
            for case let url as URL in walker {
                let full = url.standardizedFileURL.path
                guard full.hasPrefix(base + "/") else { continue }
                let relative = String(full.dropFirst(base.count + 1))
                if url.pathExtension == "md" {
                    relativePaths.append(relative)
                } else if (try? url.resourceValues(forKeys: [.isSymbolicLinkKey]))?.isSymbolicLink == true,
                          let target = realPath(full), let realRoot, !target.hasPrefix(realRoot + "/") {
                    // The walk never enters a linked folder; one that leads out of the pages is worth saying.
                    var isFolder: ObjCBool = false
                    if manager.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
                        diagnostics.append(.error(at: SourceLocation(file: prefix + relative, line: 1, column: 1),
                                                  "a symbolic link to a folder outside the pages folder '\(directory)'; links out of the content folder are not followed: move the pages in instead"))
                    }
                }
            }
        }
        relativePaths.sort()
        // Pages parse independently: read and parse them on every core, then keep path order.
        let paths = relativePaths
        let loaded = Parallel.map(paths) { relative -> (Page?, [Diagnostic]) in
            let file = prefix + relative
            let top = SourceLocation(file: file, line: 1, column: 1)
            guard let real = realPath(file), let realRoot, real.hasPrefix(realRoot + "/") else {
                return (nil, [.error(at: top, "the page is a symbolic link to a file outside the pages folder '\(directory)'; links out of the content folder are not followed: copy the file in instead")])
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                return (nil, [.error(at: top, "cannot read the page")])
            }
            switch SourceText.decode(data, file: file) {
            case .success(let text):
                let (page, problems) = Page.parse(text, path: relative, file: file)
                return (page, problems)
            case .failure(let problem):
                return (nil, [problem])
            }
        }
        for (page, problems) in loaded {
            if let page { pages.append(page) }
            diagnostics += problems
        }
        return (pages, diagnostics)
    }
}

/// `path` with every symbolic link and `.`/`..` resolved, or nil when it does not exist.
private func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

import Catalog
import Foundation

/// The language's entry points: load the pages of a folder, then evaluate them.
///
/// Loading and evaluation report every problem they find, on every page, as diagnostics; they never
/// stop at the first. Nothing here writes files: Site does.
public enum Literate {
    /// Every `.md` file under `directory` (recursively, hidden folders skipped), sorted by relative path
    /// so the order never depends on the file system. Diagnostics name files as `directory/relative.md`.
    public static func loadPages(in directory: String) -> ([Page], [Diagnostic]) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            return ([], [.error(at: SourceLocation(file: directory, line: 1, column: 1), "the pages folder '\(directory)' does not exist")])
        }
        let root = URL(fileURLWithPath: directory)
        var relativePaths: [String] = []
        if let walker = manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) {
            let base = root.standardizedFileURL.path
            for case let url as URL in walker where url.pathExtension == "md" {
                let full = url.standardizedFileURL.path
                guard full.hasPrefix(base + "/") else { continue }
                relativePaths.append(String(full.dropFirst(base.count + 1)))
            }
        }
        relativePaths.sort()
        var pages: [Page] = []
        var diagnostics: [Diagnostic] = []
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        // Pages parse independently: read and parse them on every core, then keep path order.
        let paths = relativePaths
        let loaded = LoadedPages(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let relative = paths[index]
            let file = prefix + relative
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                loaded.set(index, nil, [.error(at: SourceLocation(file: file, line: 1, column: 1), "cannot read the page as UTF-8 text")])
                return
            }
            let (page, problems) = Page.parse(text, path: relative, file: file)
            loaded.set(index, page, problems)
        }
        for (page, problems) in loaded.results {
            if let page { pages.append(page) }
            diagnostics += problems
        }
        return (pages, diagnostics)
    }
}

/// One slot per page file, each written once by the thread that parsed it.
private final class LoadedPages: @unchecked Sendable {
    private var slots: [(Page?, [Diagnostic])]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: (nil, []), count: count) }
    func set(_ index: Int, _ page: Page?, _ problems: [Diagnostic]) {
        lock.lock()
        slots[index] = (page, problems)
        lock.unlock()
    }
    var results: [(Page?, [Diagnostic])] { slots }
}

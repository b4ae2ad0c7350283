import Foundation

/// The modification time and size of files, by path: enough to notice an edit without opening a file,
/// the same way on every platform and file system. Used by the server's watcher and by the evaluation
/// cache for model files read by path. Only reads folder listings and file attributes.
package enum FileStamps {
    /// Path → [modification time, size] of the file at each path, or of every file under it when it is
    /// a folder (hidden files excluded). A path that does not exist contributes nothing.
    package static func snapshot(_ paths: [URL]) -> [String: [Double]] {
        var files: [String: [Double]] = [:]
        let keys: Set<URLResourceKey> = [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
        func add(_ url: URL) {
            guard let values = try? url.resourceValues(forKeys: keys), values.isRegularFile == true else { return }
            files[url.path] = [values.contentModificationDate?.timeIntervalSince1970 ?? 0, Double(values.fileSize ?? 0)]
        }
        for path in paths {
            add(path)
            guard let walk = FileManager.default.enumerator(at: path, includingPropertiesForKeys: Array(keys), options: [.skipsHiddenFiles]) else { continue }
            for case let url as URL in walk { add(url) }
        }
        return files
    }

    /// The paths added, removed or changed between two snapshots, sorted.
    package static func changes(from old: [String: [Double]], to new: [String: [Double]]) -> [String] {
        Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }
}

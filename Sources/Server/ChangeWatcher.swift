import Foundation

/// Notices edits in the folders the book is built from by polling modification times and sizes,
/// which works the same on every platform and file system. It only reads folder listings and file
/// attributes; it never opens a file.
struct ChangeWatcher: Sendable {
    var folders: [URL]

    /// Path → (modification time, size) of every file under the folders, hidden ones excluded.
    func snapshot() -> [String: [Double]] {
        var files: [String: [Double]] = [:]
        let manager = FileManager.default
        for folder in folders {
            guard let walk = manager.enumerator(at: folder, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey],
                                                options: [.skipsHiddenFiles]) else { continue }
            for case let url as URL in walk {
                guard let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]),
                      values.isRegularFile == true else { continue }
                files[url.path] = [values.contentModificationDate?.timeIntervalSince1970 ?? 0, Double(values.fileSize ?? 0)]
            }
        }
        return files
    }

    /// The paths added, removed or changed between two snapshots, sorted.
    static func changes(from old: [String: [Double]], to new: [String: [Double]]) -> [String] {
        Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }
}

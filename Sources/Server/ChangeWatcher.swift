import Foundation
import Site

/// Notices edits in the folders the book is built from by polling modification times and sizes
/// (`FileStamps`), which works the same on every platform and file system. It never opens a file.
struct ChangeWatcher: Sendable {
    var folders: [URL]

    /// Path → (modification time, size) of every file under the folders, hidden ones excluded.
    func snapshot() -> [String: [Double]] { FileStamps.snapshot(folders) }

    /// The paths added, removed or changed between two snapshots, sorted.
    static func changes(from old: [String: [Double]], to new: [String: [Double]]) -> [String] {
        FileStamps.changes(from: old, to: new)
    }
}

import Foundation

/// Writes a build into a staging folder inside the output folder and swaps it in only when the whole
/// build succeeded, so a failed build leaves the previous output byte-for-byte untouched.
///
/// It owns only the entries it is told to produce (`site/`, `markdown/`, `values.json`, `changes.md`);
/// anything else in the output folder (its README, `reports/`) is never touched.
struct StagedOutput {
    let outputDirectory: URL
    let stagingDirectory: URL
    private let previousDirectory: URL
    /// True when the output folder did not exist before: a discarded build then removes it again.
    private let createdOutputDirectory: Bool

    /// Prepares an empty staging folder `.infrabook-staging` inside `outputDirectory` (left over from an
    /// interrupted build, it is removed first).
    init(outputDirectory: URL) throws {
        self.outputDirectory = outputDirectory
        stagingDirectory = outputDirectory.appendingPathComponent(".infrabook-staging", isDirectory: true)
        previousDirectory = outputDirectory.appendingPathComponent(".infrabook-previous", isDirectory: true)
        let files = FileManager.default
        createdOutputDirectory = !files.fileExists(atPath: outputDirectory.path)
        try files.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        try? files.removeItem(at: stagingDirectory)
        try? files.removeItem(at: previousDirectory)
        try files.createDirectory(at: stagingDirectory, withIntermediateDirectories: true)
    }

    /// Writes `contents` at `relativePath` inside the staging folder, creating folders as needed.
    /// Safe to call from several threads for different paths.
    func write(_ contents: String, to relativePath: String) throws {
        let path = stagingDirectory.path + "/" + relativePath
        if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
            try createdFolders.create(String(path[..<slash]))
        }
        try Self.writeFile(path, contents)
    }

    /// The folders this build already created, so a thousand pages in ten folders cost ten `mkdir`s
    /// rather than a thousand rounds of `stat` calls.
    private let createdFolders = CreatedFolders()

    private final class CreatedFolders: @unchecked Sendable {
        private var paths: Set<String> = []
        private let lock = NSLock()

        func create(_ path: String) throws {
            lock.lock()
            defer { lock.unlock() }
            guard !paths.contains(path) else { return }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            paths.insert(path)
        }
    }

    /// Writes with plain POSIX calls: Foundation's `Data.write` syncs every file to disk, which for a
    /// thousand pages costs more than rendering them. The swap into place is what makes a build atomic;
    /// a crash mid-build leaves only the staging folder, which the next build removes.
    private static func writeFile(_ path: String, _ contents: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        var contents = contents
        try contents.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                guard written > 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
                offset += written
            }
        }
    }

    /// Copies a file into the staging folder.
    func copy(_ source: URL, to relativePath: String) throws {
        let url = stagingDirectory.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: url)
    }

    /// Moves each staged entry into place, replacing the old one, then removes the staging folders.
    func commit(entries: [String]) throws {
        let files = FileManager.default
        try files.createDirectory(at: previousDirectory, withIntermediateDirectories: true)
        for entry in entries {
            let target = outputDirectory.appendingPathComponent(entry)
            let staged = stagingDirectory.appendingPathComponent(entry)
            if files.fileExists(atPath: target.path) {
                try files.moveItem(at: target, to: previousDirectory.appendingPathComponent(entry))
            }
            if files.fileExists(atPath: staged.path) {
                try files.moveItem(at: staged, to: target)
            }
        }
        try? files.removeItem(at: previousDirectory)
        try? files.removeItem(at: stagingDirectory)
    }

    /// Removes the staging folder, leaving the output as it was (and absent if it was absent).
    func discard() {
        let files = FileManager.default
        try? files.removeItem(at: stagingDirectory)
        try? files.removeItem(at: previousDirectory)
        if createdOutputDirectory, (try? files.contentsOfDirectory(atPath: outputDirectory.path))?.isEmpty == true {
            try? files.removeItem(at: outputDirectory)
        }
    }
}

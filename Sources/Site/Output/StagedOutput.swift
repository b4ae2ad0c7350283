import Basics
import Foundation

/// Writes a build into the output folder so that the folder is, at every instant, either the previous
/// build or the new one, and never loses a file that infrabook did not write.
///
/// The layout it keeps (all of it under the one hidden folder `.infrabook/`):
///
/// ```
/// OUT/.infrabook/owner        the marker: this folder's build entries are infrabook's
/// OUT/.infrabook/builds/N/    a whole build: site/, markdown/, values.json, changes.md
/// OUT/.infrabook/current  ->  builds/N
/// OUT/site                ->  .infrabook/current/site      (and markdown, values.json, changes.md)
/// ```
///
/// A build is staged in a uniquely named folder under `builds/` while an exclusive lock on the output
/// folder is held (a second build into the same folder waits for it), then published by one
/// `rename(2)` of a new `current` link over the old one: that single step swaps every entry at once.
/// It refuses to replace entries in a folder it does not own (no marker) unless they are empty, and
/// never touches anything else in the output folder (its README, `reports/`). `build` publishes its
/// four entries; `report` publishes each project's `NAME.html`, `.md` and `.json` into its own folder
/// the same way, keeping the reports an earlier run published for other projects.
struct StagedOutput {
    let outputDirectory: URL
    let stagingDirectory: URL
    /// The entries a build publishes (`site`, `markdown`, `values.json`, `changes.md`), and those an
    /// earlier publish left that this one keeps.
    private(set) var entries: [String]
    private let lock: FolderLock
    private let stateDirectory: URL
    /// True when the output folder or its `.infrabook/` did not exist before: a discarded build then
    /// removes them again.
    private let createdOutputDirectory: Bool
    private let createdStateDirectory: Bool

    /// The hidden folder holding the marker, the builds and the `current` link.
    static let stateFolderName = ".infrabook"
    /// The marker file that makes an output folder infrabook's.
    static let markerName = "owner"

    /// Locks `outputDirectory` (created when missing; waits while another build holds it), checks that
    /// its entries may be replaced, and prepares an empty, uniquely named staging folder. With
    /// `keepingEarlierEntries`, entries an earlier publish left and this one does not write are copied
    /// into the staging folder, so publishing some reports does not remove the others.
    init(outputDirectory: URL, entries: [String], keepingEarlierEntries: Bool = false) throws {
        self.outputDirectory = outputDirectory
        self.entries = entries
        let files = FileManager.default
        stateDirectory = outputDirectory.appendingPathComponent(Self.stateFolderName, isDirectory: true)
        createdOutputDirectory = !files.fileExists(atPath: outputDirectory.path)
        try files.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        lock = try FolderLock(outputDirectory.path)
        do {
            try Self.checkOwnership(of: outputDirectory, entries: entries)
            createdStateDirectory = !files.fileExists(atPath: stateDirectory.path)
            let builds = stateDirectory.appendingPathComponent("builds", isDirectory: true)
            try files.createDirectory(at: builds, withIntermediateDirectories: true)
            try Data(Self.markerText.utf8).write(to: stateDirectory.appendingPathComponent(Self.markerName))
            // Builds killed before they published leave folders here; only the lock holder may clear them.
            let current = Self.currentBuild(in: stateDirectory)
            for leftover in (try? files.contentsOfDirectory(atPath: builds.path)) ?? [] where leftover != current {
                try? files.removeItem(at: builds.appendingPathComponent(leftover))
            }
            stagingDirectory = builds.appendingPathComponent(".staging-\(getpid())-\(UUID().uuidString)", isDirectory: true)
            try files.createDirectory(at: stagingDirectory, withIntermediateDirectories: false)
            if keepingEarlierEntries {
                for earlier in Self.publishedEntries(in: outputDirectory) where !entries.contains(earlier) {
                    try files.copyItem(at: stateDirectory.appendingPathComponent("current").appendingPathComponent(earlier),
                                       to: stagingDirectory.appendingPathComponent(earlier))
                    self.entries.append(earlier)
                }
            }
        } catch {
            if createdOutputDirectory, (try? files.contentsOfDirectory(atPath: outputDirectory.path))?.isEmpty == true {
                try? files.removeItem(at: outputDirectory)
            }
            lock.release()
            throw error
        }
    }

    static let markerText = """
        The entries here that link into .infrabook/current are written by infrabook (`build` or `report`);
        each run replaces them in one step. Everything else here is left alone.

        """

    /// The entries of `output` that an earlier publish made: links to `.infrabook/current/NAME` that lead somewhere.
    private static func publishedEntries(in output: URL) -> [String] {
        let files = FileManager.default
        return ((try? files.contentsOfDirectory(atPath: output.path)) ?? []).sorted().filter { name in
            let link = output.appendingPathComponent(name).path
            return (try? files.destinationOfSymbolicLink(atPath: link)) == stateFolderName + "/current/" + name && files.fileExists(atPath: link)
        }
    }

    /// Refuses to publish into a folder that is not infrabook's when it holds a non-empty entry of the
    /// same name as one the build writes: those are the user's files.
    private static func checkOwnership(of output: URL, entries: [String]) throws {
        let files = FileManager.default
        if isInfrabooks(output) { return }
        // The reports/ folder of an output folder is where `report` wrote before it published this way.
        if output.lastPathComponent == "reports", isInfrabooks(output.deletingLastPathComponent()) { return }
        let taken = entries.filter { entry in
            let path = output.appendingPathComponent(entry).path
            guard (try? files.attributesOfItem(atPath: path)) != nil else { return false }
            return ((try? files.contentsOfDirectory(atPath: path))?.isEmpty ?? false) == false
        }
        guard taken.isEmpty else {
            let names = taken.map { "'\($0)'" }.joined(separator: ", ")
            throw Diagnostics(.error(at: SourceLocation(file: output.path, line: 1, column: 1),
                                     "the output folder already holds \(names) and is not infrabook's (it has no \(stateFolderName)/\(markerName)); infrabook will not replace files it did not write: move them away or choose another --output"))
        }
    }

    /// Whether `folder` holds infrabook's marker, or is an output folder written before the marker
    /// existed (those hold both `values.json` and `site/search-index.js`).
    private static func isInfrabooks(_ folder: URL) -> Bool {
        let files = FileManager.default
        if files.fileExists(atPath: folder.appendingPathComponent(stateFolderName).appendingPathComponent(markerName).path) { return true }
        return files.fileExists(atPath: folder.appendingPathComponent("values.json").path)
            && files.fileExists(atPath: folder.appendingPathComponent("site/search-index.js").path)
    }

    /// Why `output` cannot be the output folder of a book whose content folder is `content`, or nil:
    /// an empty name (it would mean the current folder), a folder inside the content folder or the
    /// content folder inside it (a build would replace or read its own input). Symbolic links and
    /// `..` are resolved first, so no spelling gets around it.
    static func placementProblem(output: String, content: String) -> String? {
        guard !output.isEmpty else { return "the output folder is empty (--output \"\"); name a folder, such as Output" }
        let out = resolved(output), input = resolved(content)
        if out == input || out.hasPrefix(input == "/" ? "/" : input + "/") {
            return "the output folder '\(output)' is inside the content folder '\(content)'; a build must not write into its own input: choose a folder outside it"
        }
        if input.hasPrefix(out == "/" ? "/" : out + "/") {
            return "the output folder '\(output)' contains the content folder '\(content)'; a build would replace its own input: choose a folder beside it"
        }
        return nil
    }

    /// `path` made absolute with every symbolic link and `..` resolved, including for the part that
    /// does not exist yet (resolved through its nearest existing folder).
    private static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts = absolute.split(separator: "/").map(String.init)
        var missing: [String] = []
        while true {
            let candidate = "/" + parts.joined(separator: "/")
            if let real = realpath(candidate, nil) {
                defer { free(real) }
                var result = String(cString: real)
                for part in missing.reversed() {
                    switch part {
                    case ".": continue
                    case "..": result = result == "/" ? "/" : String(result[..<(result.lastIndex(of: "/") ?? result.startIndex)])
                    default: result += (result.hasSuffix("/") ? "" : "/") + part
                    }
                    if result.isEmpty { result = "/" }
                }
                return result
            }
            guard let last = parts.popLast() else { return absolute }
            missing.append(last)
        }
    }

    /// The name of the published build (`N` in `builds/N`) that `current` points to, if any.
    private static func currentBuild(in state: URL) -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: state.appendingPathComponent("current").path) else { return nil }
        return target.split(separator: "/").last.map(String.init)
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

    /// Publishes the staged build: it becomes `builds/N`, then one rename points `current` at it, which
    /// swaps every entry at once. Entries that are not yet links into `current` (the first build into
    /// a folder, or one written before this layout) become links; the previous build is removed.
    func commit() throws {
        defer { lock.release() }
        let files = FileManager.default
        let builds = stateDirectory.appendingPathComponent("builds", isDirectory: true)
        let previous = Self.currentBuild(in: stateDirectory)
        let name = String((previous.flatMap(Int.init) ?? 0) + 1)
        try files.moveItem(at: stagingDirectory, to: builds.appendingPathComponent(name))
        try Self.replace(stateDirectory.appendingPathComponent("current"), withLinkTo: "builds/" + name)

        for entry in entries {
            let target = Self.stateFolderName + "/current/" + entry
            let path = outputDirectory.appendingPathComponent(entry)
            if (try? files.destinationOfSymbolicLink(atPath: path.path)) == target { continue }
            if (try? files.attributesOfItem(atPath: path.path)) != nil {
                // Only an entry this folder's owner wrote, or an empty one, gets here (see `checkOwnership`).
                try files.moveItem(at: path, to: builds.appendingPathComponent(".replaced-\(UUID().uuidString)"))
            }
            try Self.replace(path, withLinkTo: target)
        }
        for old in (try? files.contentsOfDirectory(atPath: builds.path)) ?? [] where old != name {
            try? files.removeItem(at: builds.appendingPathComponent(old))
        }
    }

    /// Points the link at `path` to `target` in one `rename(2)`: a reader sees the old link or the new one.
    private static func replace(_ path: URL, withLinkTo target: String) throws {
        let temporary = path.deletingLastPathComponent().appendingPathComponent(".\(path.lastPathComponent)-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(atPath: temporary.path, withDestinationPath: target)
        guard rename(temporary.path, path.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path.path,
                                                           NSLocalizedDescriptionKey: "could not publish \(path.path): \(String(cString: strerror(code)))"])
        }
    }

    /// Removes the staging folder, leaving the output as it was (and absent if it was absent).
    func discard() {
        defer { lock.release() }
        let files = FileManager.default
        try? files.removeItem(at: stagingDirectory)
        if createdStateDirectory { try? files.removeItem(at: stateDirectory) }
        if createdOutputDirectory, (try? files.contentsOfDirectory(atPath: outputDirectory.path))?.isEmpty == true {
            try? files.removeItem(at: outputDirectory)
        }
    }
}

/// An exclusive `flock(2)` on a folder, held from a build's start until it has published or given up.
/// A second build into the same folder blocks until the first releases it; the kernel releases it
/// when a process dies, so a killed build never leaves the folder locked.
final class FolderLock: @unchecked Sendable {
    private var descriptor: Int32

    init(_ path: String) throws {
        while true {
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path,
                                                                   NSLocalizedDescriptionKey: "cannot open the output folder \(path) to lock it: \(String(cString: strerror(errno)))"])
            }
            var result: Int32
            repeat { result = flock(descriptor, LOCK_EX) } while result != 0 && errno == EINTR
            // The build that held the lock may have removed the folder (a failed first build does):
            // then lock the folder that is there now.
            var held = stat(), named = stat()
            if result == 0, fstat(descriptor, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                self.descriptor = descriptor
                return
            }
            close(descriptor)
            if result != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot lock the output folder \(path): \(String(cString: strerror(errno)))"])
            }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }

    /// Releases the lock (once; later calls do nothing).
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}

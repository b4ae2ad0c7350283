import Foundation
import Testing

/// A copy of the fixture book in a temporary folder (pages copied so tests can break them, `data/`
/// linked to the repository's catalog), and a way to run the built `infrabook` binary on it.
struct FixtureBook {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = repository.appendingPathComponent("Templates")

    /// The `infrabook` executable built beside this test bundle.
    static var binary: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("infrabook")
    }

    let root: URL
    var content: URL { root.appendingPathComponent("content") }
    var output: URL { root.appendingPathComponent("output") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("infrabook-e2e-\(UUID().uuidString)")
        let files = FileManager.default
        try files.createDirectory(at: content, withIntermediateDirectories: true)
        try files.copyItem(at: Self.repository.appendingPathComponent("Tests/Fixtures/site/pages"), to: content.appendingPathComponent("pages"))
        try files.createSymbolicLink(at: content.appendingPathComponent("data"), withDestinationURL: Self.repository.appendingPathComponent("Content/data"))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func text(_ relative: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Rewrites a page of the copy, failing the test when `old` is not on it.
    func write(_ page: String, replacing old: String, with new: String) throws {
        let url = content.appendingPathComponent("pages/" + page)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(page) no longer contains \(old)")
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
    }

    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs the binary with `arguments`; the build date is fixed (`SOURCE_DATE_EPOCH`) unless overridden.
    func infrabook(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            Issue.record("no infrabook binary at \(Self.binary.path): run 'swift build' before 'swift test'")
            return Run(status: -1, standardOutput: "", standardError: "")
        }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["SOURCE_DATE_EPOCH"] = "1795910400" // 2026-11-29, the prices file's as_of
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes are drained at once: a run that fills one while the other is read would block forever.
        let errorReader = PipeReader(err)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errorReader.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
                   standardError: String(decoding: errData, as: UTF8.self))
    }

    /// Every file under `directory` (hidden ones too) with its bytes.
    static func snapshot(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [:] }
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory)
            files[path] = isDirectory.boolValue ? Data() : try Data(contentsOf: directory.appendingPathComponent(path))
        }
        return files
    }
}

/// Reads a pipe to its end on a thread of its own.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        Thread.detachNewThread { [self] in
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

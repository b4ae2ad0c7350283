import Foundation
@testable import Server
import Testing

/// The server's pieces without a socket: which paths map onto site files, how request bodies become
/// sizing inputs, what the watcher counts as a change, and the event open pages receive.
struct ServerPiecesTests {
    /// A site folder with a page, an asset, a hidden file and a folder without an index.
    private func site() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("infrabook-site-\(UUID().uuidString)")
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("guide"), withIntermediateDirectories: true)
        try Data("home".utf8).write(to: site.appendingPathComponent("index.html"))
        try Data("css".utf8).write(to: site.appendingPathComponent("assets/style.css"))
        try Data("secret".utf8).write(to: site.appendingPathComponent(".hidden"))
        try Data("outside".utf8).write(to: root.appendingPathComponent("source.md"))
        try FileManager.default.createSymbolicLink(at: site.appendingPathComponent("link.md"), withDestinationURL: root.appendingPathComponent("source.md"))
        return site
    }

    @Test func pathsResolveOnlyToFilesOfTheSite() throws {
        let site = try site()
        defer { try? FileManager.default.removeItem(at: site.deletingLastPathComponent()) }
        #expect(try SiteFiles.resolve("/", in: site).lastPathComponent == "index.html")
        #expect(try SiteFiles.resolve("/assets/style.css", in: site).lastPathComponent == "style.css")
        #expect(try SiteFiles.resolve("/assets/%73tyle.css", in: site).lastPathComponent == "style.css")
        // (path, status): traversal and hidden files are 403, what is not a file of the site is 404.
        let refused: [(String, Int)] = [
            ("/../source.md", 403), ("/%2e%2e/source.md", 403), ("/assets/%2E%2E/%2e%2e/source.md", 403), ("/..%2fsource.md", 403),
            ("/.hidden", 403), ("/./index.html", 403), ("/assets/..%5c..%5csource.md", 400), ("/index.html%00.css", 400),
            ("/%zz", 400), ("/guide/", 404), ("/guide", 404), ("/missing.html", 404), ("/link.md", 404),
        ]
        for (path, status) in refused {
            #expect(throws: ServerError.self, "\(path)") { try SiteFiles.resolve(path, in: site) }
            do {
                _ = try SiteFiles.resolve(path, in: site)
            } catch {
                #expect(error.status == status, "\(path): \(error.message)")
            }
        }
    }

    @Test func servedScriptsGoBeforeTheBodyEnds() {
        let page = SiteFiles.injectingServedScripts(into: "<html><body><p>x</p></body></html>", generation: 4)
        #expect(page == "<html><body><p>x</p>" + SiteFiles.servedScripts(generation: 4) + "</body></html>")
        #expect(page.contains("<script src=\"/assets/live-reload.js\" data-generation=\"4\"></script>"))
    }

    @Test func aServedPageMayConnectBackToTheServerAndNowhereElse() {
        let built = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\"></head><body></body>"
        let served = SiteFiles.injectingServedScripts(into: built, generation: 1)
        #expect(served.contains("content=\"connect-src 'self'; default-src 'none'; script-src 'self'\""))
    }

    @Test func bodiesBecomeSizingInputs() throws {
        let inputs = try SizeAPI.inputs(from: Data(#"{"model": "glm-5", "users": 10, "context": "128K", "gpu": "h200", "kv-precision": "fp8"}"#.utf8))
        #expect(inputs.model == "glm-5")
        #expect(inputs.users == "10")
        #expect(inputs.context == "128K")
        #expect(inputs.gpus == ["h200"])
        #expect(inputs.kvPrecision == "fp8")
        #expect(inputs.precision == "bf16") // size's default, from SizingInputs
        #expect(try SizeAPI.inputs(from: Data(#"{"model": "m", "users": 1e30}"#.utf8)).users == "1e+30")
        #expect(throws: ServerError.self) { try SizeAPI.inputs(from: Data(#"{"model": "m", "gpu": [1]}"#.utf8)) }
    }

    @Test func theWatcherSeesAddedChangedAndRemovedFiles() {
        let old = ["a.md": [1.0, 10], "b.md": [1.0, 10], "c.md": [1.0, 10]]
        let new = ["a.md": [1.0, 10], "b.md": [2.0, 10], "d.md": [1.0, 1]]
        #expect(ChangeWatcher.changes(from: old, to: new) == ["b.md", "c.md", "d.md"])
        #expect(ChangeWatcher.changes(from: old, to: old).isEmpty)
    }

    @Test func eventsCarryTheGenerationAndTheErrorOnOneLine() {
        #expect(LiveEvents.event(.init(generation: 3, failure: nil, evaluated: ["a.md"])) == "event: state\ndata: {\"error\":null,\"evaluated\":[\"a.md\"],\"generation\":3}\n\n")
        let failed = LiveEvents.event(.init(generation: 3, failure: "a.md:2:1: error: x\n  |\n  ^\n"))
        #expect(failed.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.count == 1)
        #expect(failed.contains(#"a.md:2:1: error: x\n"#))
    }
}

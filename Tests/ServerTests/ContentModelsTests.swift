import Basics
import Catalog
import Foundation
@testable import Server
import Sizing
import Testing

/// Model paths over HTTP stay inside the content folder: `..`, absolute paths elsewhere and links that
/// lead out are refused with the field named, and the listing offers only what is inside.
struct ContentModelsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Qwen3-4B's published config.json, as the repository's catalog carries it.
    static let config = repository.appendingPathComponent("Content/data/models/qwen3-4b.json")

    /// A content folder with a model folder, a config file, a GGUF-named file, a link out and a folder
    /// whose config is a link out; and a model folder outside it.
    private func content() throws -> (root: URL, content: URL) {
        let files = FileManager.default
        let root = files.temporaryDirectory.appendingPathComponent("infrabook-models-\(UUID().uuidString)")
        let content = root.appendingPathComponent("content")
        let models = content.appendingPathComponent("data/models")
        try files.createDirectory(at: models.appendingPathComponent("qwen-folder"), withIntermediateDirectories: true)
        try files.createDirectory(at: models.appendingPathComponent("sneaky"), withIntermediateDirectories: true)
        try files.createDirectory(at: root.appendingPathComponent("outside"), withIntermediateDirectories: true)
        try files.copyItem(at: Self.config, to: models.appendingPathComponent("qwen-folder/config.json"))
        try files.copyItem(at: Self.config, to: models.appendingPathComponent("qwen3-4b.json"))
        try files.copyItem(at: Self.config, to: root.appendingPathComponent("outside/config.json"))
        try files.createSymbolicLink(at: models.appendingPathComponent("out.json"), withDestinationURL: root.appendingPathComponent("outside/config.json"))
        try files.createSymbolicLink(at: models.appendingPathComponent("sneaky/config.json"), withDestinationURL: root.appendingPathComponent("outside/config.json"))
        try Data("models: []\n".utf8).write(to: models.appendingPathComponent("catalog.yaml"))
        return (root, content)
    }

    @Test func pathsOutsideTheContentFolderAreRefusedNamingTheModelField() throws {
        let (root, content) = try content()
        defer { try? FileManager.default.removeItem(at: root) }
        let models = ContentModels(contentDirectory: content)
        #expect(try models.confined("data/models/qwen-folder").lastPathComponent == "qwen-folder")
        #expect(try models.confined(content.path + "/data/models/qwen3-4b.json").lastPathComponent == "qwen3-4b.json")
        // (path, status): leaving the folder is 403, naming nothing inside it 404.
        let refused: [(String, Int)] = [
            ("../outside/config.json", 403), ("data/../../outside", 403), (root.path + "/outside/config.json", 403), ("/etc/passwd", 403),
            ("data/models/out.json", 403), ("data/models/sneaky", 403), ("data/models/missing.json", 404),
        ]
        for (path, status) in refused {
            do {
                _ = try models.confined(path)
                Issue.record("\(path) was accepted")
            } catch {
                #expect(error.status == status, "\(path): \(error.message)")
                #expect(error.field == "model", "\(path)")
            }
        }
    }

    @Test func theListingOffersModelsInsideTheFolderOnly() throws {
        let (root, content) = try content()
        defer { try? FileManager.default.removeItem(at: root) }
        // out.json and sneaky/config.json lead out of the folder; catalog.yaml is not a model.
        #expect(ContentModels(contentDirectory: content).listing() == ["data/models/qwen-folder", "data/models/qwen3-4b.json"])
    }

    @Test func aModelPathIsSizedFromItsConfig() throws {
        let (root, content) = try content()
        defer { try? FileManager.default.removeItem(at: root) }
        let resolve = ContentModels(contentDirectory: content).resolver()
        let spec = try resolve("data/models/qwen-folder", DataCatalog(), SourceLocation(file: "model", line: 1, column: 1))
        #expect(spec.id == "data/models/qwen-folder")
        // Qwen3-4B's config.json: 36 hidden layers, 8 key-value heads, head_dim 128.
        #expect(spec.layers == 36)
        #expect(spec.kvHeads == 8)
    }
}

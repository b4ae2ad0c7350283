import Basics
import Catalog
import Foundation
import Testing
@testable import ModelFiles

/// The shipped catalog with its config.json models (Content/data/models/catalog.yaml).
struct ConfigCatalogTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Content/data").path

    @Test func catalogCoversWhatPeopleRun() throws {
        let catalog = try ConfigCatalog.load(directory: Self.data)
        #expect(catalog.models.count >= 40)
        #expect(Set(catalog.models.map(\.id)).count == catalog.models.count)
        #expect(catalog.models.allSatisfy { $0.source.hasPrefix("https://") })
    }

    /// Counts computed from each config against the model cards: Qwen3-8B "8.2B", Qwen3-30B-A3B "30.5B, 3.3B
    /// activated", Qwen3-235B-A22B "235B, 22B activated", Kimi K2 "1T total, 32B activated", gpt-oss-20b "21B
    /// parameters", Phi-4 "14B", Mistral NeMo "12B", Llama 3.2 3B "3.21B" (cards' active figures leave the
    /// embedding out, so active is checked as at least the card's figure), Llama 4 Maverick "17B active, 400B total",
    /// Gemma 3 "27B" (text model; the vision encoder is not counted).
    @Test(arguments: [("qwen3-8b", 8.2, 8.2), ("qwen3-30b-a3b", 30.5, 3.3), ("qwen3-235b-a22b", 235.0, 22.0),
                      ("kimi-k2", 1026.0, 32.0), ("gpt-oss-20b", 20.9, 3.6), ("phi-4", 14.7, 14.7), ("mistral-nemo-12b", 12.2, 12.2),
                      ("llama-3.2-3b", 3.21, 3.21), ("llama-4-maverick", 400.0, 17.0), ("gemma-3-27b", 27.0, 27.0)])
    func countsMatchTheModelCards(id: String, billions: Double, activeBillions: Double) throws {
        let model = try #require(try ConfigCatalog.load(directory: Self.data).model(id))
        #expect(abs(Double(model.totalParameters) / 1e9 - billions) / billions < 0.005, "\(id): \(model.totalParameters)")
        #expect(Double(model.activeParameters) / 1e9 >= activeBillions * 0.99)
    }

    @Test func perLayerPatternsOfGemma3AndLlama4() throws {
        let catalog = try ConfigCatalog.load(directory: Self.data)
        // Gemma 3 technical report: five local layers (1,024-token window) for every global one; 62 layers.
        let gemma = try #require(catalog.model("gemma-3-27b"))
        #expect(gemma.slidingWindow == ModelSpec.SlidingWindow(tokens: 1024, layers: 52))
        // Llama 4: chunked attention (8,192-token chunks) on three layers of four, global attention without RoPE on the fourth.
        let scout = try #require(catalog.model("llama-4-scout"))
        #expect(scout.slidingWindow == ModelSpec.SlidingWindow(tokens: 8192, layers: 36, chunked: true))
        #expect(scout.layerAttention?[0] == .chunk(tokens: 8192))
        #expect(scout.layerAttention?[3] == .full)
    }

    @Test func badEntryPointsAtItself() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: true)
        for name in ["models.yaml", "precisions.yaml", "gpus.yaml", "systems.yaml"] {
            try FileManager.default.copyItem(atPath: Self.data + "/" + name, toPath: folder.appendingPathComponent(name).path)
        }
        try Data("models:\n  - id: broken\n    name: Broken\n    vendor: X\n    config: missing.json\n    license: MIT\n    openness: permissive\n    source: https://example.org\n".utf8)
            .write(to: folder.appendingPathComponent("models/catalog.yaml"))
        let error = #expect(throws: Diagnostics.self) { try ConfigCatalog.load(directory: folder.path) }
        #expect(error?.items.first?.location.line == 5)
        #expect(error?.items.first?.message.contains("missing.json: cannot open the file for reading") == true)
    }
}

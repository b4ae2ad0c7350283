import Catalog
import Foundation
import Sizing
import Testing
@testable import ModelFiles

/// Model folders and files read end to end: shards found from the index, MTP layers set aside,
/// exact bytes carried into the sizing engine.
struct ModelSourceTests {
    /// A Hugging Face folder for a two-layer Llama-shaped model, split over two shards, with a layer-2
    /// tensor that stands for a multi-token-prediction module (outside num_hidden_layers).
    static func tinyFolder() throws -> URL {
        let folder = ModelFileWriter.temporaryFolder()
        let config = """
            {"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 2,
             "intermediate_size": 128, "vocab_size": 100, "max_position_embeddings": 4096, "tie_word_embeddings": false}
            """
        try Data(config.utf8).write(to: folder.appendingPathComponent("config.json"))
        var first: [(name: String, dtype: String, shape: [Int], bits: Int)] = [("model.embed_tokens.weight", "BF16", [100, 64], 16)]
        var second: [(name: String, dtype: String, shape: [Int], bits: Int)] = [("lm_head.weight", "BF16", [100, 64], 16),
                                                                                ("model.norm.weight", "BF16", [64], 16)]
        for layer in 0..<3 {
            let p = "model.layers.\(layer)."
            let tensors: [(name: String, dtype: String, shape: [Int], bits: Int)] = [
                (p + "input_layernorm.weight", "BF16", [64], 16), (p + "post_attention_layernorm.weight", "BF16", [64], 16),
                (p + "self_attn.q_proj.weight", "BF16", [64, 64], 16), (p + "self_attn.k_proj.weight", "BF16", [32, 64], 16),
                (p + "self_attn.v_proj.weight", "BF16", [32, 64], 16), (p + "self_attn.o_proj.weight", "BF16", [64, 64], 16),
                (p + "mlp.gate_proj.weight", "BF16", [128, 64], 16), (p + "mlp.up_proj.weight", "BF16", [128, 64], 16),
                (p + "mlp.down_proj.weight", "BF16", [64, 128], 16),
            ]
            if layer == 0 { first += tensors } else { second += tensors }
        }
        try ModelFileWriter.write(ModelFileWriter.safetensors(first), to: folder.appendingPathComponent("model-00001-of-00002.safetensors"))
        try ModelFileWriter.write(ModelFileWriter.safetensors(second), to: folder.appendingPathComponent("model-00002-of-00002.safetensors"))
        let map = (first.map { ($0.name, "model-00001-of-00002.safetensors") } + second.map { ($0.name, "model-00002-of-00002.safetensors") })
            .map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ",\n    ")
        try Data("{\n  \"metadata\": {\"total_size\": 0},\n  \"weight_map\": {\n    \(map)\n  }\n}\n".utf8)
            .write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        return folder
    }

    @Test func folderWithShardsGivesExactTensors() throws {
        let folder = try Self.tinyFolder()
        let loaded = try ModelSource.load(path: folder.path)
        let inventory = try #require(loaded.spec.tensors)
        // Two layers of 9 tensors, embedding, head and final norm; the third layer's 9 are set aside.
        #expect(inventory.tensors.count == 21)
        #expect(loaded.skippedTensors.count == 9)
        // The config alone implies the same parameters as the stored tensors.
        let fromConfig = try ModelConfig.read(path: folder.appendingPathComponent("config.json").path).spec.totalParameters
        #expect(loaded.spec.totalParameters == fromConfig)
        #expect(inventory.totalBytes == fromConfig * 2)
    }

    @Test func singleShardFindsItsConfig() throws {
        let folder = try Self.tinyFolder()
        let loaded = try ModelSource.load(path: folder.appendingPathComponent("model-00001-of-00002.safetensors").path)
        // The first shard alone: embedding and layer 0 (10 tensors), the architecture from config.json beside it.
        #expect(loaded.spec.tensors?.tensors.count == 10)
        #expect(loaded.spec.layers == 2)
    }

    @Test func missingShardIsNamed() throws {
        let folder = try Self.tinyFolder()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("model-00002-of-00002.safetensors"))
        let error = #expect(throws: ModelFileError.self) { try ModelSource.load(path: folder.path) }
        #expect(error?.message.contains("1 are missing: model-00002-of-00002.safetensors") == true)
    }

    @Test func weightsComeFromTheTensorsWhateverThePrecision() throws {
        let folder = ModelFileWriter.temporaryFolder()
        let model = GGUFReaderTests.llamaLike()
        let url = try ModelFileWriter.write(ModelFileWriter.gguf(metadata: model.metadata, tensors: model.tensors),
                                            to: folder.appendingPathComponent("tiny.gguf"))
        let spec = try ModelSource.load(path: url.path).spec
        let fp8 = PrecisionSpec(id: "fp8", name: "FP8", kind: .float, bitsPerWeight: 8, computeType: "fp8", nativeArchitectures: [], usableForKVCache: true, source: "test")
        let weights = try WeightsEstimate(model: spec, precision: fp8)
        #expect(weights.bytes == model.tensors.reduce(0) { $0 + $1.bytes })
        #expect(weights.formula.hasPrefix("21 tensors read from"))
    }

    @Test func hybridModelCachesOnlyItsAttentionLayers() throws {
        // Qwen3-Next-80B-A3B: 12 full-attention layers × 2 KV heads × 256 head dim × 2 (K and V) × 2 bytes = 24,576 B per token;
        // the 36 Gated DeltaNet layers keep a constant state instead (config.json's linear_* fields).
        let spec = try ModelConfig.read(path: ModelConfigTests.fixtures.appendingPathComponent("qwen3-next-80b-a3b/config.json").path).spec
        let bf16 = PrecisionSpec(id: "bf16", name: "BF16", kind: .float, bitsPerWeight: 16, computeType: "bf16", nativeArchitectures: [], usableForKVCache: true, source: "test")
        let kv = try KVCacheEstimate(model: spec, kvPrecision: bf16, contextTokens: 8192, users: 1)
        #expect(kv.bytesPerToken == 24_576)
        // State per linear layer: 32 value heads × 128 × 128, plus (2 × 16 × 128 + 32 × 128) channels × 3 convolution steps.
        let statePerLayer = 32 * 128 * 128 + 8192 * 3
        #expect(kv.stateBytesPerSequence == 36 * statePerLayer * 2)
        #expect(kv.bytesPerSequence == 24_576 * 8192 + kv.stateBytesPerSequence)
    }
}

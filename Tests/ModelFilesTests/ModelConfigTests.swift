import Catalog
import Foundation
import Testing
@testable import ModelFiles

/// Architecture and exact parameter counts from published config.json files (Tests/Fixtures/models,
/// sources in its README).
struct ModelConfigTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/models")

    static func config(_ name: String) throws -> ModelConfig {
        try ModelConfig.read(path: fixtures.appendingPathComponent(name + "/config.json").path)
    }

    /// Totals and active counts against published figures: the safetensors index `total_size` of the BF16
    /// checkpoints ÷ 2 (Llama 3.1 8B: 16,060,522,496 B; Llama 3.2 1B: 2,471,645,184 B; Mistral 7B v0.1:
    /// 14,483,464,192 B; Mixtral 8x7B: 93,405,585,408 B; Qwen2.5 72B: 145,412,407,296 B), and for the MoE models
    /// the counts in Content/data/models.yaml, which cite the configs and the cards (DeepSeek-V3 671.0B total,
    /// 37.6B active; GLM-4.5 352.8B without its MTP layer; gpt-oss-120b 116.8B as its card says). Qwen3-Next: the
    /// published BF16 safetensors of Qwen3-Coder-Next, which shares every architecture field, hold 79,674,391,296
    /// parameters without the MTP layer, 3,874,929,408 of them active (the total less the unselected experts).
    @Test(arguments: [
        ("llama-3.1-8b", 8_030_261_248, 8_030_261_248),
        ("llama-3.2-1b", 1_235_814_400, 1_235_814_400),
        ("mistral-7b-v0.1", 7_241_732_096, 7_241_732_096),
        ("mixtral-8x7b", 46_702_792_704, 12_879_925_248),
        ("qwen2.5-72b", 72_706_203_648, 72_706_203_648),
        ("deepseek-v3", 671_026_419_200, 37_552_297_472),
        ("glm-4.5", 352_797_829_024, 33_632_266_144),
        ("gpt-oss-120b", 116_829_156_672, 5_711_982_912),
        ("qwen3-next-80b-a3b", 79_674_391_296, 3_874_929_408),
    ])
    func parameterCountsMatchPublishedFigures(name: String, total: Int, active: Int) throws {
        let spec = try Self.config(name).spec
        #expect(spec.totalParameters == total)
        #expect(spec.activeParameters == active)
    }

    @Test func perLayerAttentionKinds() throws {
        // gpt-oss: layer_types alternate a 128-token window and full attention (its card: "alternating banded window").
        let oss = try Self.config("gpt-oss-120b").spec
        #expect(oss.slidingWindow == ModelSpec.SlidingWindow(tokens: 128, layers: 18))
        // Mistral 7B v0.1: a 4,096-token window on every layer (its paper, section 2).
        #expect(try Self.config("mistral-7b-v0.1").spec.slidingWindow == ModelSpec.SlidingWindow(tokens: 4096, layers: 32))
        // Qwen2.5: sliding_window is given but use_sliding_window is false.
        #expect(try Self.config("qwen2.5-72b").spec.slidingWindow == nil)
        // Qwen3-Next's card: 48 layers laid out as 12 × (3 × Gated DeltaNet + 1 × Gated Attention).
        let next = try Self.config("qwen3-next-80b-a3b").spec
        #expect(next.layerAttention?.filter { $0 == .linear }.count == 36)
        #expect(next.cachingLayers == 12)
        #expect(next.layerAttention?[3] == .full && next.layerAttention?[0] == .linear)
    }

    @Test func jambaAndNemotronHPatterns() throws {
        // Jamba (arXiv 2403.19887): one attention layer in every eight (attn_layer_period 8, offset 4), the rest Mamba.
        let jamba = """
            {"model_type": "jamba", "num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8,
             "intermediate_size": 14336, "vocab_size": 65536, "max_position_embeddings": 262144, "attn_layer_period": 8,
             "attn_layer_offset": 4, "mamba_d_state": 16, "mamba_d_conv": 4, "mamba_expand": 2, "tie_word_embeddings": false}
            """
        let j = try ModelConfig.parse(Array(jamba.utf8), path: "jamba/config.json")
        #expect(j.spec.cachingLayers == 4 && j.spec.layerAttention?[4] == .full && j.spec.layerAttention?[0] == .linear)
        // Mamba-1 state: expand × hidden channels, each with d_state + (d_conv − 1) elements, in 28 Mamba layers.
        #expect(j.spec.stateElementsPerSequence == 28 * 2 * 4096 * (16 + 3))
        #expect(j.countingGap != nil)   // its Mamba layers' weights are not counted from the config: an error, not a guess
        // Nemotron-H: hybrid_override_pattern, M = Mamba-2, * = attention, - = feed-forward only.
        let nemotron = """
            {"model_type": "nemotron_h", "num_hidden_layers": 4, "hidden_size": 1024, "num_attention_heads": 8, "num_key_value_heads": 2,
             "intermediate_size": 4096, "vocab_size": 1000, "max_position_embeddings": 8192, "hybrid_override_pattern": "M-*-",
             "mamba_num_heads": 16, "mamba_head_dim": 64, "ssm_state_size": 128, "n_groups": 8, "conv_kernel": 4}
            """
        let n = try ModelConfig.parse(Array(nemotron.utf8), path: "nemotron/config.json")
        #expect(n.spec.layerAttention == [.linear, .feedForwardOnly, .full, .feedForwardOnly])
        #expect(n.spec.cachingLayers == 1)
        #expect(n.spec.stateElementsPerSequence == 16 * 64 * 128 + (16 * 64 + 2 * 8 * 128) * 3)
    }

    @Test func mlaAndExpertsAreRead() throws {
        let v3 = try Self.config("deepseek-v3").spec
        #expect(v3.attentionKind == "MLA")
        #expect(v3.latentAttention?.cachedElementsPerLayer == 576)   // kv_lora_rank 512 + qk_rope_head_dim 64
        #expect(v3.experts == ModelSpec.Experts(total: 256, active: 8, shared: 1, moeLayers: 58, expertFFNSize: 2048))
    }

    @Test func missingFieldIsNamedWithItsPosition() throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("llama-3.1-8b/config.json"), encoding: .utf8)
            .replacingOccurrences(of: "  \"num_hidden_layers\": 32,\n", with: "")
        let error = #expect(throws: ModelFileError.self) { try ModelConfig.parse(Array(text.utf8), path: "config.json") }
        #expect(error?.description == "config.json:1:1: 'num_hidden_layers' is missing; it is needed for the layer count")
    }

    @Test func malformedJSONGivesLineAndColumn() throws {
        let text = "{\n  \"model_type\": \"llama\",\n  \"hidden_size\": 4096\n  \"vocab_size\": 1\n}"
        let error = #expect(throws: ModelFileError.self) { try ModelConfig.parse(Array(text.utf8), path: "config.json") }
        #expect(error?.position == .line(4, column: 3))   // where the next member begins without a comma
        #expect(error?.message == "expected ',' or '}'")
    }

    @Test func unknownLayerTypeIsRefused() throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("gpt-oss-120b/config.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"sliding_attention\",\n    \"full_attention\",\n    \"sliding_attention\"",
                                  with: "\"sliding_attention\",\n    \"banded_attention\",\n    \"sliding_attention\"")
        let error = #expect(throws: ModelFileError.self) { try ModelConfig.parse(Array(text.utf8), path: "config.json") }
        #expect(error?.message.hasPrefix("unknown layer type 'banded_attention' in 'layer_types'") == true)
    }
}

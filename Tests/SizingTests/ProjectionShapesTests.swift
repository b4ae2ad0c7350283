import Catalog
import Sizing
import Testing

/// Decoder weight shapes from the shipped catalog's figures (each model's config.json), and llama.cpp's
/// Q4_K_M choice of Q6_K layers (src/llama-quant.cpp, `use_more_bits`).
struct ProjectionShapesTests {
    let f: SizingFixtures
    init() throws { f = try SizingFixtures() }

    func shapes(_ id: String) throws -> [String: ProjectionShape] {
        let model = try #require(f.catalog.model(id))
        return Dictionary(uniqueKeysWithValues: model.projectionShapes.map { ($0.name, $0) })
    }

    @Test func llama31_8bHasGroupedQueryAttentionAndADenseFeedForward() throws {
        // Llama 3.1 8B config.json: hidden_size 4096, 32 heads and 8 KV heads of 128, intermediate_size 14336, 32 layers.
        let s = try shapes("llama-3.1-8b")
        #expect(s.count == 7)
        #expect(s["attn_q"].map { ($0.rows, $0.columns, $0.layers) } ?? (0, 0, 0) == (4096, 4096, 32))
        #expect(s["attn_k"]?.rows == 1024 && s["attn_v"]?.rows == 1024 && s["attn_v"]?.columns == 4096)
        #expect(s["attn_output"]?.rows == 4096 && s["attn_output"]?.columns == 4096)
        #expect(s["ffn_up"]?.rows == 14336 && s["ffn_up"]?.columns == 4096)
        #expect(s["ffn_down"]?.rows == 4096 && s["ffn_down"]?.columns == 14336)
    }

    @Test func deepSeekV3HasLatentAttentionDenseLayersAndExperts() throws {
        // DeepSeek-V3 config.json: hidden 7168, 128 heads, q_lora_rank 1536, kv_lora_rank 512, qk_nope 128, qk_rope 64,
        // v_head 128, intermediate 18432 in the first 3 of 61 layers, 256 routed experts (8 active) and 1 shared of 2048.
        let s = try shapes("deepseek-v3")
        #expect(s["attn_q_a"]?.rows == 1536 && s["attn_q_a"]?.columns == 7168)
        #expect(s["attn_q_b"]?.rows == 128 * 192 && s["attn_q_b"]?.columns == 1536)
        #expect(s["attn_kv_a_mqa"]?.rows == 576)
        #expect(s["attn_kv_b"]?.rows == 128 * 256 && s["attn_kv_b"]?.columns == 512)
        #expect(s["attn_output"]?.rows == 7168 && s["attn_output"]?.columns == 128 * 128)
        #expect(s["ffn_down"]?.layers == 3 && s["ffn_down"]?.columns == 18432)
        let experts = try #require(s["ffn_down_exps"])
        #expect(experts.layers == 58 && experts.perLayer == 256 && experts.activePerLayer == 8 && experts.columns == 2048)
        #expect(s["ffn_up_shexp"]?.rows == 2048)
    }

    @Test func q4KMStoresAHalfOfAttnVAndFfnDownInQ6K() throws {
        // use_more_bits for 32 layers: layers 0–3, 28–31, and (i − 4) % 3 == 2 between: 6, 9, …, 27 → 16 layers.
        #expect((0..<32).filter { Q4KMRecipe.useMoreBits(layer: $0, of: 32) } == [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31])
        let s = try shapes("llama-3.1-8b")
        #expect(Q4KMRecipe.q6KLayers(try #require(s["attn_v"]), modelLayers: 32) == 16)
        #expect(Q4KMRecipe.q6KLayers(try #require(s["ffn_down"]), modelLayers: 32) == 16)
        #expect(Q4KMRecipe.q6KLayers(try #require(s["attn_q"]), modelLayers: 32) == 0)
    }

    @Test func decodeSecondsCountsEveryMatrixATokenMultiplies() throws {
        // Llama 3.1 8B (config.json above): per layer q and o 4096×4096, k and v 1024×4096, gate and up 14336×4096,
        // down 4096×14336; 32 layers. With one second per weight, one token takes the decoder's weight count.
        let model = try #require(f.catalog.model("llama-3.1-8b"))
        let perLayer = 2 * 4096 * 4096 + 2 * 1024 * 4096 + 3 * 14336 * 4096
        #expect(model.decodeSeconds(format: "bf16") { m, k, _ in Double(m * k) } == Double(32 * perLayer))
        // One shape not measured: no answer rather than a partial sum.
        #expect(model.decodeSeconds(format: "bf16") { m, k, _ in m == 1024 ? nil : Double(m * k) } == nil)
        // Q4_K_M: 16 of the 32 layers' v and down in q6_K (`use_more_bits`), timed here at twice q4_K's cost.
        let mixed = Q4KMRecipe.decodeSeconds(model) { m, k, format in Double(m * k) * (format == "q6_K" ? 2 : 1) }
        #expect(mixed == Double(32 * perLayer + 16 * (1024 * 4096 + 4096 * 14336)))
    }
}

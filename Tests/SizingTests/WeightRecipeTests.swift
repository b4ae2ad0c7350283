import Catalog
import Testing
@testable import Sizing

/// Weights of quantized checkpoints sized from a catalog id and a precision, tensor by tensor,
/// against the published sizes of those checkpoints.
struct WeightRecipeTests {
    let f: SizingFixtures

    init() throws { f = try SizingFixtures() }

    func bytes(_ model: String, _ precision: String) throws -> Double {
        Double(try WeightsEstimate(model: f.model(model), precision: f.precision(precision)).bytes)
    }

    static let gib = 1_073_741_824.0

    /// llama.cpp's tools/quantize/README.md lists Llama 3.1 8B at Q3_K_M 3.74 GiB, Q4_K_M 4.58 GiB,
    /// Q5_K_M 5.33 GiB, Q6_K 6.14 GiB, Q8_0 7.95 GiB (llama-bench prints the same 4.58 GiB for Q4_K_M).
    @Test(arguments: [("q3_k_m", 3.74), ("q4_k_m", 4.58), ("q5_k_m", 5.33), ("q6_k", 6.14), ("q8_0", 7.95)])
    func llamaCppMixesMatchTheQuantizeReadme(precision: String, gibibytes: Double) throws {
        let computed = try bytes("llama-3.1-8b", precision) / Self.gib
        #expect(abs(computed - gibibytes) < 0.01, "\(precision): \(computed) GiB")
    }

    @Test func gptqKeepsEmbeddingAndHeadInBF16() throws {
        // hugging-quants/Meta-Llama-3.1-8B-Instruct-GPTQ-INT4: 5.73 GB of safetensors (4-bit layers with group-128
        // scales, zero points and g_idx; embed_tokens and lm_head in FP16). One flat 4.16 bits would give 4.17 GB.
        #expect(abs(try bytes("llama-3.1-8b", "gptq-int4") / 1e9 - 5.73) < 0.01)
    }

    @Test func int8SeventyBillionMatchesVLLMsLoadLog() throws {
        // vLLM's log loading Llama 3.1 70B INT8 (W8A8): "Loading weights took … 67.72 GiB".
        #expect(abs(try bytes("llama-3.1-70b", "int8") / Self.gib / 67.72 - 1) < 0.001)
    }

    @Test func metasFP8ReleaseKeepsAttentionAndTheEndBlocksInBF16() throws {
        // meta-llama/Llama-3.1-405B-Instruct-FP8 on eight H100s: each vLLM worker printed "Loading model weights
        // took 57.7520 GB" (vLLM issue 6746; vLLM's GB are GiB). Its config.json leaves every self_attn projection
        // and layers 0 and 125's mlp unconverted. An eighth of the tensor-by-tensor total lands within 2% of the
        // log (the per-rank split of the embedding and head is not exactly an eighth); FP8 everywhere misses by 18%.
        let perGPU = try bytes("llama-3.1-405b", "fbgemm-fp8") / 8 / Self.gib
        #expect(abs(perGPU / 57.7520 - 1) < 0.02, "\(perGPU) GiB")
        #expect(try bytes("llama-3.1-405b", "fp8") / 8 / Self.gib / 57.7520 < 0.85)
    }

    @Test func gptOSSKeepsAttentionAndRouterInBF16() throws {
        // gpt-oss-120b: experts in MXFP4, attention, router, embedding and head in BF16; its card gives 60.8 GiB.
        #expect(abs(try bytes("gpt-oss-120b", "mxfp4") / Self.gib - 60.8) < 0.05)
    }

    @Test func tiedEmbeddingTakesTheHeadsType() throws {
        // Llama 3.2 1B ties its output head to the embedding; llama.cpp then stores token_embd as Q6_K, like an output
        // head. bartowski/Llama-3.2-1B-Instruct-GGUF: Q4_K_M is 808 MB.
        #expect(abs(try bytes("llama-3.2-1b", "q4_k_m") / 808e6 - 1) < 0.015)
    }

    @Test func unquantizedPrecisionsStayFlat() throws {
        // BF16: every parameter two bytes, Llama 3.1 8B's safetensors total_size 16,060,522,496 B.
        #expect(try bytes("llama-3.1-8b", "bf16") == 16_060_522_496)
    }
}

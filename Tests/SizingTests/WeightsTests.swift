import Catalog
import Sizing
import Testing

/// Weights = parameters × bits per weight ÷ 8, checked against figures their publishers report.
struct WeightsTests {
    let f: SizingFixtures
    init() throws { f = try SizingFixtures() }

    @Test func llama70BAtBF16() throws {
        // Issue 2 / Hugging Face: 70,553,706,496 parameters × 2 bytes = 141,107,412,992 bytes (≈ 141.1 GB;
        // the reference's rule of thumb says 140 GB from a rounded 70B).
        let w = try WeightsEstimate(model: f.model("llama-3.1-70b"), precision: f.precision("bf16"))
        #expect(w.bytes == 141_107_412_992)
        #expect(w.formula == "70,553,706,496 parameters × 2 bytes")
        #expect(Double(w.bytes).isClose(to: 140e9, within: 0.01))
    }

    @Test func llama8BMatchesVLLMsLoadedWeights() throws {
        // vLLM's start-up log for Meta-Llama-3-8B (same 8,030,261,248 parameters) on an A100 40GB:
        // "model weights take 14.96GiB" (github.com/vllm-project/vllm/issues/12330).
        let w = try WeightsEstimate(model: f.model("llama-3.1-8b"), precision: f.precision("bf16"))
        #expect((Double(w.bytes) / 1_073_741_824 * 100).rounded() / 100 == 14.96)
    }

    @Test func blockFormatsCostTheirScales() throws {
        // ggml-common.h block layouts: 32 weights of Q4_0 take 18 bytes, of Q8_0 34 bytes; 256 weights of Q6_K take 210 bytes.
        #expect(try WeightsEstimate(parameters: 32, bitsPerWeight: f.precision("q4_0").bitsPerWeight).bytes == 18)
        #expect(try WeightsEstimate(parameters: 32, bitsPerWeight: f.precision("q8_0").bitsPerWeight).bytes == 34)
        #expect(try WeightsEstimate(parameters: 256, bitsPerWeight: f.precision("q6_k").bitsPerWeight).bytes == 210)
        // GPTQ at group 128: 128 four-bit weights (64 B) + an fp16 scale (2 B) + a 4-bit zero point (0.5 B).
        #expect(try WeightsEstimate(parameters: 256, bitsPerWeight: f.precision("gptq-int4").bitsPerWeight).bytes == 133)
    }

    @Test func int4KeepsEmbeddingAndHeadInBF16() throws {
        // Quantized Hugging Face checkpoints leave embed_tokens and lm_head unquantized (llm-compressor's
        // ignore: ["lm_head"]; AutoGPTQ quantizes only the blocks' linear layers): a 70B model's INT4 weights
        // are a quarter of BF16 only for the layers, and the two 128,256 × 8,192 tables stay at 2 bytes.
        let model = f.model("llama-3.1-70b")
        let bf16 = try WeightsEstimate(model: model, precision: f.precision("bf16")).bytes
        let int4 = try WeightsEstimate(model: model, precision: f.precision("int4")).bytes
        let tables = 2 * model.embeddingParameters * 2
        #expect(int4 * 4 > bf16)
        #expect(Double(int4 - tables).isClose(to: Double(bf16 - tables) / 4, within: 0.01))
    }

    @Test func mixtureOfExpertsKeepsEveryExpertResident() throws {
        // Mixtral announcement: 46.7B parameters stored, 12.9B used per token; memory follows the 46.7B.
        let mixtral = f.model("mixtral-8x7b")
        let w = try WeightsEstimate(model: mixtral, precision: f.precision("bf16"))
        #expect(w.bytes == mixtral.totalParameters * 2)
        #expect(w.bytes > 3 * mixtral.activeParameters * 2)
    }

    @Test func glm5AtFP8MatchesTheReferenceWithinARoundedParameter() throws {
        // The reference: "Model weights at FP8: 745 GB"; the config gives 743.9B parameters (card: 744B). The FP8
        // recipe keeps the embedding, output head and routers in BF16 and adds per-channel scales, 0.3% above.
        let w = try WeightsEstimate(model: f.model("glm-5"), precision: f.precision("fp8"))
        #expect(Double(w.bytes).isClose(to: 745e9, within: 0.005))
    }
}

import Catalog
import Sizing
import Testing

/// KV-cache sizes against published tables and papers.
struct KVCacheTests {
    let f: SizingFixtures
    init() throws { f = try SizingFixtures() }

    private func gibibytes(_ bytes: Int) -> Double { Double(bytes) / 1_073_741_824 }

    @Test func huggingFaceLlama31Table() throws {
        // Hugging Face, "Llama 3.1 - 405B, 70B & 8B" (huggingface.co/blog/llama31#inference-memory-requirements), FP16 KV
        // cache in GiB labelled GB: 8B 0.125 (1k = 1,024 tokens), 1.95 (16k = 16,000), 15.62 (128k = 128,000);
        // 70B 0.313, 4.88, 39.06.
        #expect(gibibytes(try f.kv("llama-3.1-8b", context: 1024).totalBytes) == 0.125)
        #expect((gibibytes(try f.kv("llama-3.1-8b", context: 16000).totalBytes) * 100).rounded() / 100 == 1.95)
        #expect((gibibytes(try f.kv("llama-3.1-8b", context: 128_000).totalBytes) * 1000).rounded() / 1000 == 15.625)
        #expect((gibibytes(try f.kv("llama-3.1-70b", context: 1024).totalBytes) * 1000).rounded() / 1000 == 0.313)
        #expect((gibibytes(try f.kv("llama-3.1-70b", context: 16000).totalBytes) * 100).rounded() / 100 == 4.88)
        #expect((gibibytes(try f.kv("llama-3.1-70b", context: 128_000).totalBytes) * 100).rounded() / 100 == 39.06)
    }

    @Test func huggingFace405BFigureAssumedSixteenKVHeads() throws {
        // The same table gives 0.984 GiB for 405B at 1k tokens, twice ours: it used the Llama 3 paper's 16 KV heads,
        // while the released config has num_key_value_heads 8 (huggingface/blog issue #2345).
        let ours = gibibytes(try f.kv("llama-3.1-405b", context: 1024).totalBytes)
        #expect(ours == 0.4921875)
        #expect((ours * 2 * 1000).rounded() / 1000 == 0.984)
    }

    @Test func perTokenFiguresFromTheConfigs() throws {
        // 2 × layers × KV heads × head dim × 2 bytes, from each config.json: 8B 2×32×8×128×2, 70B 2×80×8×128×2,
        // Qwen2.5-72B 2×80×8×128×2, Mistral 7B 2×32×8×128×2.
        #expect(try f.kv("llama-3.1-8b", context: 1).bytesPerToken == 131_072)
        #expect(try f.kv("llama-3.1-70b", context: 1).bytesPerToken == 327_680)
        #expect(try f.kv("qwen2.5-72b", context: 1).bytesPerToken == 327_680)
        #expect(try f.kv("llama-3.1-8b", context: 1).perTokenFormula == "2 × 32 layers × 8 KV heads × 128 head dim × 2 bytes")
    }

    @Test func deepSeekV3LatentCache() throws {
        // MLA caches the compressed latent plus the decoupled rope key (DeepSeek-V2 paper, §2.1): (512 + 64) × 61 × 2 = 70,272 B.
        let kv = try f.kv("deepseek-v3", context: 1)
        #expect(kv.bytesPerToken == 70_272)
        #expect(kv.perTokenFormula == "(512 latent + 64 rope) × 61 layers × 2 bytes")
        // An FP8 cache halves it.
        #expect(try f.kv("deepseek-v3", "fp8", context: 1).bytesPerToken == 35_136)
    }

    @Test func glm5CachesItsIndexerKeysToo() throws {
        // GLM-5 config: kv_lora_rank 512, qk_rope_head_dim 64, index_head_dim 128, 78 layers. vLLM keeps the indexer
        // key in FP8 with an FP32 scale, 128 + 4 = 132 B per layer, whatever the KV precision.
        #expect(try f.kv("glm-5", context: 1).bytesPerToken == (512 + 64) * 78 * 2 + 132 * 78)
        #expect(try f.kv("glm-5", "fp8", context: 1).bytesPerToken == (512 + 64) * 78 + 132 * 78)
    }

    @Test func mistralSlidingWindowCapsTheCache() throws {
        // Mistral 7B paper (arXiv 2310.06825, §2): with a 4,096-token window the rolling buffer "reduces the cache memory
        // usage by 8x" at a sequence length of 32k, without hurting quality.
        let kv = try f.kv("mistral-7b-v0.1", context: 32768)
        #expect(kv.bytesPerToken * 32768 / kv.bytesPerSequence == 8)
        #expect(kv.bytesPerSequence == 131_072 * 4096)
    }

    @Test func gptOssAlternatesWindowedAndFullLayers() throws {
        // gpt-oss-120b config: 36 layers alternating sliding_attention (window 128) and full_attention; 8 KV heads of 64.
        let kv = try f.kv("gpt-oss-120b", context: 131_072)
        let perLayerToken = 2 * 8 * 64 * 2
        #expect(kv.bytesPerSequence == perLayerToken * (18 * 131_072 + 18 * 128))
        #expect(kv.formula.contains("18 windowed layers × 128 tokens"))
    }

    @Test func usersMultiplyTheCache() throws {
        // The reference's example: a 70B model, 10 users × 4K context "might need an additional 20-40 GB".
        let kv = try f.kv("llama-3.1-70b", context: 4096, users: 10)
        #expect(kv.totalBytes == 327_680 * 4096 * 10)
        #expect(Double(kv.totalBytes) / 1e9 > 13 && Double(kv.totalBytes) / 1e9 < 14)
    }

    @Test func vLLMsReportedCapacity() throws {
        // vLLM on an A100 40GB with Meta-Llama-3-8B (same KV geometry as 3.1 8B): "the rest of the memory reserved for
        // KV Cache is 11.12GiB", "# GPU blocks: 5691" of 16 tokens (github.com/vllm-project/vllm/issues/12330).
        let perToken = try f.kv("llama-3.1-8b", context: 1).bytesPerToken
        let blocks = 11.12 * 1_073_741_824 / Double(perToken * 16)
        #expect(blocks.isClose(to: 5691, within: 0.001))
    }
}

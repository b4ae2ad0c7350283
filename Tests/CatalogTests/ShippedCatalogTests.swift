import Catalog
import Testing

/// The catalog in Content/data loads and holds the records the engine and the pages rely on, with
/// the figures their publishers give.
struct ShippedCatalogTests {
    let catalog: DataCatalog

    init() throws {
        catalog = try DataCatalog.load(directory: CatalogFixtures.dataDirectory)
    }

    @Test func requiredIdsArePresent() {
        for id in ["llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "mistral-7b-v0.1", "mixtral-8x7b", "qwen2.5-72b",
                   "deepseek-v3", "glm-4.5", "glm-5"] {
            #expect(catalog.model(id) != nil, "model \(id)")
        }
        for id in ["fp32", "bf16", "fp16", "fp8", "int8", "int4", "q8_0", "q4_0", "q4_k_m", "q5_k_m", "q6_k", "gptq-int4", "awq-int4"] {
            #expect(catalog.precision(id) != nil, "precision \(id)")
        }
        for id in ["a100-40gb", "a100-80gb", "h100-sxm", "h100-pcie", "h200", "b200", "mi300x", "ascend-910b"] {
            #expect(catalog.gpu(id) != nil, "GPU \(id)")
        }
        for id in ["dgx-a100", "dgx-h100", "dgx-h200", "dgx-b200", "mi300x-platform"] {
            #expect(catalog.system(id) != nil, "system \(id)")
        }
    }

    @Test func llamaParameterCountsAreExact() {
        // Safetensors totals Hugging Face shows for meta-llama/Llama-3.1-{8B,70B,405B}.
        #expect(catalog.model("llama-3.1-8b")?.totalParameters == 8_030_261_248)
        #expect(catalog.model("llama-3.1-70b")?.totalParameters == 70_553_706_496)
        #expect(catalog.model("llama-3.1-405b")?.totalParameters == 405_853_388_800)
    }

    @Test func denseParameterCountsFollowFromTheConfig() throws {
        // A dense GQA decoder stores: embedding and (untied) output head, per layer the Q/K/V/O projections,
        // three feed-forward matrices and two norms, and a final norm. The Llama 3.1 configs reproduce the
        // published totals exactly, so the same arithmetic checks every dense record's architecture fields.
        for id in ["llama-3.2-1b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "mistral-7b-v0.1"] {
            let m = try #require(catalog.model(id))
            let attention = m.hiddenSize * m.attentionHeads * m.headDim * 2 + m.hiddenSize * m.kvHeads * m.headDim * 2
            let perLayer = attention + 3 * m.hiddenSize * m.ffnSize + 2 * m.hiddenSize
            let tables = (m.tiedEmbeddings ? 1 : 2) * m.vocabSize * m.hiddenSize
            #expect(m.layers * perLayer + tables + m.hiddenSize == m.totalParameters, "model \(id)")
        }
    }

    @Test func mixtureOfExpertsRecordsMatchTheirCards() throws {
        // DeepSeek-V3 card: 671B total, 37B activated; config: 256 routed experts, 8 per token, 1 shared, kv_lora_rank 512.
        let deepseek = try #require(catalog.model("deepseek-v3"))
        #expect(deepseek.totalParameters == 671_026_419_200)
        #expect(deepseek.experts == ModelSpec.Experts(total: 256, active: 8, shared: 1, moeLayers: 58, expertFFNSize: 2048))
        #expect(deepseek.latentAttention?.kvLoraRank == 512 && deepseek.latentAttention?.ropeDim == 64)
        // GLM-5 config (zai-org/GLM-5, glm_moe_dsa): 78 layers, hidden 6144, 256 experts with 8 active, card: 744B total.
        let glm5 = try #require(catalog.model("glm-5"))
        #expect(glm5.layers == 78 && glm5.hiddenSize == 6144)
        #expect(glm5.experts?.total == 256 && glm5.experts?.active == 8)
        #expect((glm5.totalParameters + 500_000_000) / 1_000_000_000 == 744)
        // Mixtral announcement: 46.7B total, 12.9B active per token.
        let mixtral = try #require(catalog.model("mixtral-8x7b"))
        #expect((mixtral.totalParameters + 50_000_000) / 100_000_000 == 467)
        #expect((mixtral.activeParameters + 50_000_000) / 100_000_000 == 129)
    }

    @Test func gpuFiguresAreDenseDatasheetValues() throws {
        // NVIDIA H100 datasheet: 3.35 TB/s; 1,979 BF16 and 3,958 FP8 TFLOPS with sparsity, half of that dense.
        let h100 = try #require(catalog.gpu("h100-sxm"))
        #expect(h100.memoryBandwidthBytesPerSecond == 3.35e12)
        #expect(h100.denseFLOPS(for: "bf16") == 989.4e12)
        #expect(h100.denseFLOPS(for: "fp8") == 1978.9e12)
        // nvidia-smi on an H100 80GB HBM3 reports 81559MiB.
        #expect(h100.capacityBytes == 81_559 * 1_048_576)
        // AMD MI300X data sheet: 192 GB HBM3 at 5.3 TB/s, 1,307.4 dense BF16 TFLOPS.
        let mi300x = try #require(catalog.gpu("mi300x"))
        #expect(mi300x.memoryBytes == 192_000_000_000)
        #expect(mi300x.denseFLOPS(for: "bf16") == 1307.4e12)
        // A100 has no FP8 tensor cores.
        #expect(catalog.gpu("a100-80gb")?.denseFLOPS(for: "fp8") == nil)
    }

    @Test func precisionsCarryTheirTrueBitsPerWeight() throws {
        // ggml-common.h: block_q8_0 = fp16 scale + 32 int8 (34 bytes / 32 weights); block_q4_0 = fp16 scale + 16 bytes
        // (18 / 32); block_q6_K = 210 bytes / 256 weights. llama.cpp's quantize README: Q4_K_M 4.84, Q5_K_M 5.68 (Llama 2 7B).
        #expect(catalog.precision("q8_0")?.bitsPerWeight == 34.0 * 8 / 32)
        #expect(catalog.precision("q4_0")?.bitsPerWeight == 18.0 * 8 / 32)
        #expect(catalog.precision("q6_k")?.bitsPerWeight == 210.0 * 8 / 256)
        #expect(catalog.precision("q4_k_m")?.bitsPerWeight == 4.84)
        #expect(catalog.precision("q5_k_m")?.bitsPerWeight == 5.68)
        // GPTQ/AWQ at group 128: an fp16 scale and a 4-bit zero point per 128 weights.
        #expect(catalog.precision("gptq-int4")?.bitsPerWeight == 4 + 16.0 / 128 + 4.0 / 128)
        // FP8 needs Hopper, Ada, Blackwell or CDNA 3/4 (MI300, MI350).
        let fp8 = try #require(catalog.precision("fp8"))
        #expect(Set(fp8.nativeArchitectures) == ["hopper", "ada", "blackwell", "cdna3", "cdna4"])
    }

    @Test func everyRecordNamesASource() {
        #expect(catalog.models.allSatisfy { !$0.source.isEmpty })
        #expect(catalog.gpus.allSatisfy { !$0.source.isEmpty })
        #expect(catalog.precisions.allSatisfy { !$0.source.isEmpty })
        #expect(catalog.systems.allSatisfy { !$0.source.isEmpty })
    }
}

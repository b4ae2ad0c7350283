import Catalog
import Sizing
import Testing

/// The smallest deployment that fits, on real GPUs and nodes.
struct PlacementTests {
    let f: SizingFixtures
    init() throws { f = try SizingFixtures() }

    @Test func llama405BAtFP8FitsOneDGXH100() throws {
        // The reference says one DGX H100 (8 × 80 GB) serves "up to ~300B at FP8"; 405.9 GB of FP8 weights fit in 8 × 80 GB.
        let option = try #require(try f.plan("llama-3.1-405b", "fp8", gpus: ["h100-sxm"]).options.first)
        #expect(option.fits)
        #expect(option.gpuCount == 8 && option.nodes == 1)
        #expect(option.parallelism.tensor == 8 && option.parallelism.pipeline == 1)
    }

    @Test func glm5AtFP8NeedsTwoH100NodesButOneH200Node() throws {
        // The reference's sizing example: the 745B MoE at FP8 for 10 users at 8K needs two DGX H100 nodes (16 × 80 GB);
        // 744 GB of weights alone exceed one node's 640 GB.
        let plan = try f.plan("glm-5", "fp8", users: 10, context: 8192, gpus: ["h100-sxm", "h200", "b200"])
        let h100 = try #require(plan.option(gpu: "h100-sxm"))
        #expect(h100.fits && h100.nodes == 2 && h100.gpuCount == 16)
        #expect(h100.parallelism.tensor == 8 && h100.parallelism.pipeline == 2 && h100.parallelism.expert == 8)
        // 8 × 141 GB = 1,128 GB: one H200 node holds it, as one B200 node does.
        #expect(plan.option(gpu: "h200")?.nodes == 1)
        #expect(plan.option(gpu: "b200")?.nodes == 1)
    }

    @Test func llama70BAtBF16NeedsSeveralH100s() throws {
        // 141 GB of weights cannot fit one 80 GB H100; two do at 8K context for one user.
        let option = try #require(try f.plan("llama-3.1-70b", "bf16", gpus: ["h100-sxm"]).options.first)
        #expect(option.gpuCount == 2)
        // A long context for many users pushes it to a wider split.
        let busy = try #require(try f.plan("llama-3.1-70b", "bf16", users: 16, context: 32768, gpus: ["h100-sxm"]).options.first)
        #expect(busy.gpuCount >= 4 && busy.fits)
    }

    @Test func smallModelsFitOneGPU() throws {
        let option = try #require(try f.plan("llama-3.1-8b", "bf16", gpus: ["h100-sxm"]).options.first)
        #expect(option.gpuCount == 1 && option.parallelism.tensor == 1 && option.fits)
        #expect(option.headroomBytes == option.capacityPerGPUBytes - option.memoryPerGPU.totalBytes)
    }

    @Test func kvHeadsAreReplicatedWhenTensorParallelismExceedsThem() {
        var narrow = f.model("llama-3.1-70b")
        narrow.kvHeads = 2
        // TP 8 over 2 KV heads: each GPU keeps one head, a half of the cache rather than an eighth.
        #expect(Placement.kvShare(model: narrow, tensor: 8) == 0.5)
        #expect(Placement.kvShare(model: f.model("llama-3.1-70b"), tensor: 8) == 0.125)
        // MLA's single latent is needed by every head, so every TP rank keeps all of it.
        #expect(Placement.kvShare(model: f.model("deepseek-v3"), tensor: 8) == 1)
    }

    @Test func tensorParallelismStaysAPowerOfTwoWithinANode() {
        let candidates = Placement.candidates(model: f.model("llama-3.1-70b"), gpusPerNode: 8, maxNodes: 3)
        #expect(candidates.map(\.gpus) == [1, 2, 4, 8, 16, 24])
        #expect(candidates.map(\.nodes) == [1, 1, 1, 1, 2, 3])
        #expect(candidates.allSatisfy { $0.tensor <= 8 && ($0.tensor & ($0.tensor - 1)) == 0 })
    }

    @Test func aModelTooLargeForAnyNodeCountIsReportedAsNotFitting() throws {
        // 8 × 24 GB RTX 4090s in up to 16 workstations of 4: 1.5 TB of GLM-5 BF16 weights need more.
        let option = try #require(try f.plan("glm-5", "bf16", gpus: ["rtx-4090"]).options.first)
        #expect(!option.fits)
        #expect(option.headroomBytes < 0)
        #expect(option.notes.contains { $0.hasPrefix("does not fit") })
    }

    @Test func precisionWithoutHardwareSupportWarns() throws {
        // A100 has no FP8 tensor cores: the option says so and is timed in BF16.
        let option = try #require(try f.plan("llama-3.1-8b", "fp8", gpus: ["a100-80gb"]).options.first)
        #expect(option.warnings.contains { $0.contains("no native FP8") })
        #expect(option.performance.computeType == "bf16")
    }

    @Test func badRequestsAreRefusedWithTheField() throws {
        #expect(throws: SizingError.self) { try f.plan("llama-3.1-8b", "bf16", users: 0, gpus: ["h100-sxm"]) }
        do {
            _ = try f.plan("mistral-7b-v0.1", "bf16", context: 65536, gpus: ["h100-sxm"])
            Issue.record("a context above the model's maximum was accepted")
        } catch let error as SizingError {
            #expect(error.field == .context)
            #expect(error.message == "context of 65,536 tokens exceeds Mistral 7B v0.1's maximum of 32,768 tokens")
        }
        do {
            _ = try f.plan("llama-3.1-8b", "bf16", kv: "q4_k_m", gpus: ["h100-sxm"])
            Issue.record("a weight-only format was accepted for the KV cache")
        } catch let error as SizingError {
            #expect(error.field == .kvPrecision)
        }
    }
}

import Catalog
import Sizing
import Testing

/// Decode and prefill timings from the roofline, worked by hand from datasheet figures.
struct RooflineTests {
    let f: SizingFixtures
    init() throws { f = try SizingFixtures() }

    /// The plain estimate for `users` users at `context` tokens of `kv` cache and a `prompt`-token prompt, on `tp` GPUs of
    /// one node joined by NVLink 4 (450 GB/s one way), with the default constants.
    func estimate(_ model: String, _ precision: String, kv: String, context: Int, users: Int = 1, prompt: Int, gpu: String,
                  tp: Int) throws -> PerformanceEstimate {
        try Roofline.estimate(model: f.model(model), precision: f.precision(precision),
                              kvCache: KVCacheEstimate(model: f.model(model), kvPrecision: f.precision(kv), contextTokens: context, users: users),
                              promptTokens: prompt, gpu: f.gpu(gpu), parallelism: Parallelism(tensor: tp, pipeline: 1, expert: 1, gpusPerNode: 8),
                              links: Roofline.Links(intraNodeBytesPerSecond: 450e9, interNodeBytesPerSecond: 50e9), assumptions: .standard)
    }

    @Test func smallModelDecodeIsMemoryBound() throws {
        // The reference: decode of a 7B-class model on one H100 is limited by memory bandwidth.
        let p = try #require(try f.plan("llama-3.1-8b", "bf16", gpus: ["h100-sxm"]).options.first).performance
        #expect(p.decodeBound == .memory)
        // Hand-worked: (8,030,261,248 − 128,256 × 4,096 embedding rows) × 2 bytes of weights + 131,072 B × 8,192 tokens of
        // cache, over 3.35 TB/s × 0.75 → 6.40 ms, plus 32 layers × 20 µs of kernel overhead and the engine's 0.5 ms per
        // step (EngineAssumptions' defaults, as every serving step pays them) → 7.54 ms, 133 tokens/s.
        let bytes = Double((8_030_261_248 - 128_256 * 4096) * 2 + 131_072 * 8192)
        #expect(p.decodeStepSeconds.isClose(to: bytes / (3.35e12 * 0.75) + 32 * 20e-6 + 0.5e-3, within: 1e-9))
        #expect((p.decodeTokensPerSecondPerUser).rounded() == 133)
    }

    @Test func batchingRaisesThroughputUntilComputeBinds() throws {
        let one = try #require(try f.plan("llama-3.1-8b", "fp8", kv: "fp8", users: 1, context: 1024, gpus: ["h100-sxm"]).options.first)
        let many = try #require(try f.plan("llama-3.1-8b", "fp8", kv: "fp8", users: 512, context: 1024, gpus: ["h100-sxm"]).options.first)
        #expect(many.performance.aggregateTokensPerSecond > 50 * one.performance.aggregateTokensPerSecond)
        #expect(many.performance.decodeTokensPerSecondPerUser < one.performance.decodeTokensPerSecondPerUser)
        // 512 users × 1,024 tokens of FP8 cache is 34 GB read per step against 7.5 GB of weights, while 512 tokens × 15 GFLOP
        // take about half as long on 1,979 dense FP8 TFLOPS × 0.5: the step is still memory-bound.
        #expect(many.performance.decodeBound == .memory)
    }

    @Test func productsAndAttentionAreTimedOneAfterTheOther() throws {
        // Llama 3.1 8B (config.json: 32 layers, 32 heads, 8 KV heads of 128) at FP8 on one H200 (4.8 TB/s, 1,978.9 dense
        // FP8 TFLOPS: NVIDIA H200 datasheet), 256 users at 2,048 tokens of BF16 cache. The products with the weights are
        // compute-bound (256 tokens × 2 × 7.5e9 FLOPs against 8 GB of weights); decode attention is bound by its cache
        // reads (256 × 2,048 × 131,072 B = 68.7 GB). Their kernels run one after the other, so the step pays both.
        let p = try estimate("llama-3.1-8b", "fp8", kv: "bf16", context: 2048, users: 256, prompt: 2048, gpu: "h200", tp: 1)
        let peak = 1978.9e12 * 0.5, bandwidth = 4.8e12 * 0.75
        let products = 2 * Double(8_030_261_248 - 128_256 * 4096) * 256 / peak
        let cache = 256 * 2048 * 131_072.0 / bandwidth
        let attention = 32 * 4 * 32 * 128 * 2048.0 * 256 / peak   // QKᵀ and AV over each user's 2,048 tokens
        #expect(p.decodeProducts.computeSeconds.isClose(to: products, within: 1e-9))
        #expect(p.decodeProducts.memorySeconds < products)
        #expect(p.decodeAttention.memorySeconds.isClose(to: cache, within: 1e-9))
        #expect(p.decodeAttention.computeSeconds.isClose(to: attention, within: 1e-9))
        #expect(p.decodeStepSeconds.isClose(to: products + cache + 32 * 20e-6 + 0.5e-3, within: 1e-9))
        // One roofline over the whole step would have hidden most of the products' 3.9 ms behind the cache's reads.
        let oneRoofline = max(p.decodeMemorySeconds, p.decodeComputeSeconds) + 32 * 20e-6 + 0.5e-3
        #expect(p.decodeStepSeconds - oneRoofline > 0.0015)
    }

    @Test func prefillIsComputeBound() throws {
        // TTFT for an 8K prompt of Llama 3.1 70B at FP8 on two H100s: 2 × 70.0e9 × 8,192 FLOPs plus causal attention
        // over 1,979 dense FP8 TFLOPS × 0.5 per GPU.
        let option = try #require(try f.plan("llama-3.1-70b", "fp8", gpus: ["h100-sxm"]).options.first)
        let p = option.performance
        #expect(p.prefillBound == .compute)
        let matmul = 2 * Double(70_553_706_496 - 128_256 * 8192) * 8192
        let attention = 80 * 4 * 64 * 128 * 4096.0 * 8192
        let expected = (matmul + attention) / Double(option.parallelism.tensor) / (1978.9e12 * 0.5)
        #expect(p.prefillComputeSeconds.isClose(to: expected, within: 1e-9))
    }

    @Test func llama70BMatchesNVIDIAsPublishedLatency() throws {
        // NVIDIA NIM LLM benchmarking, "Performance" (docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance): Llama-3.3-70B
        // (the Llama 3.1 70B architecture) on 2 × H100 80G, FP8, TP2, 5,000 input / 500 output tokens, concurrency 1:
        // inter-token latency 18.58 ms, time to first token 406.77 ms. The engine, forced to the same split, should land
        // within 20% of both.
        let p = try estimate("llama-3.1-70b", "fp8", kv: "fp8", context: 5250, prompt: 5000, gpu: "h100-sxm", tp: 2)
        #expect(p.decodeStepSeconds.isClose(to: 18.58e-3, within: 0.2))
        #expect(p.timeToFirstTokenSeconds.isClose(to: 406.77e-3, within: 0.2))
    }

    @Test func tensorParallelAllReduceCostsLinkTime() throws {
        // Two all-reduces per layer of batch × hidden × 2 bytes; ring: 2(TP−1)/TP of it over NVLink 4's 450 GB/s one way
        // × 0.7, plus 8 µs each. Llama 3.1 70B, 80 layers, hidden 8,192, one user, TP 2.
        let option = try #require(try f.plan("llama-3.1-70b", "bf16", gpus: ["h100-sxm"]).options.first)
        #expect(option.parallelism.tensor == 2)
        let perAllReduce = 2 * 0.5 * Double(8192 * 2) / (450e9 * 0.7) + 8e-6
        #expect(option.performance.decodeCommunicationSeconds.isClose(to: 160 * perAllReduce, within: 1e-9))
    }

    @Test func pcieTensorParallelismIsSlowerThanNVLink() throws {
        let plan = try f.plan("llama-3.1-70b", "fp8", users: 8, context: 8192, gpus: ["h100-sxm", "h100-pcie"])
        let sxm = try #require(plan.option(gpu: "h100-sxm"))
        let pcie = try #require(plan.option(gpu: "h100-pcie"))
        #expect(pcie.performance.decodeCommunicationSeconds > sxm.performance.decodeCommunicationSeconds)
    }

    @Test func moeBatchesTouchMoreExperts() throws {
        // Under uniform routing a batch of B tokens touches E × (1 − (1 − k/E)^B) experts per layer: one token reads
        // DeepSeek-V3's 8 of 256, a large batch nearly all of them.
        let model = f.model("deepseek-v3")
        let fp8 = f.precision("fp8")
        let one = try Roofline.decodeWeightBytes(model: model, precision: fp8, batch: 1)
        let many = try Roofline.decodeWeightBytes(model: model, precision: fp8, batch: 4096)
        // One token reads its active weights: one byte each at FP8, a little more because the FP8 checkpoint keeps the
        // output head, norms and routers in BF16 (the 129,280 × 7,168 head alone adds 0.93 GB).
        let active = Double(model.activeMatmulParameters)
        #expect(one > active && one < active * 1.03)
        #expect(many > 0.95 * Double(model.totalParameters - model.embeddingParameters))
    }
}

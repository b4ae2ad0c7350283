import Basics
import Catalog
import Foundation
import Sizing
import Testing

/// The step model against hand-worked steps, the simulator against queueing theory, and the layout
/// search's rules: replicas keep cost per token flat, options that do not fit carry no figures.
struct ServingTests {
    let f: SizingFixtures
    init() throws { f = try SizingFixtures() }

    /// NVLink 4 inside a DGX H100: 900 GB/s both ways, 450 GB/s one way (systems.yaml, NVIDIA's DGX H100 datasheet).
    let nvlink = Roofline.Links(intraNodeBytesPerSecond: 450e9, interNodeBytesPerSecond: 50e9)

    func step(_ model: String, _ precision: String, kv: String = "bf16", tp: Int, gpu: String = "h100-sxm",
              assumptions: EngineAssumptions = .standard) throws -> StepModel {
        let spec = f.model(model)
        let expert = spec.experts.map { $0.total % tp == 0 && tp > 1 ? tp : 1 } ?? 1
        return try StepModel(model: spec, precision: f.precision(precision), kvPrecision: f.precision(kv), gpu: f.gpu(gpu),
                         parallelism: Parallelism(tensor: tp, pipeline: 1, expert: expert, gpusPerNode: 8), links: nvlink,
                         assumptions: assumptions)
    }

    @Test func mixedStepMatchesHandWorkedFigures() throws {
        // Llama 3.1 70B (config.json: 80 layers, hidden 8,192, 64 heads, 8 KV heads of 128) at FP8 on 2 × H100 SXM
        // (3.35 TB/s, 1,978.9 dense FP8 TFLOPS: NVIDIA H100 datasheet), KV cache in BF16 (327,680 B per token).
        // One step: 10 requests decoding at 1,000 cached tokens each, plus a first 2,048-token chunk of a new prompt.
        let model = try step("llama-3.1-70b", "fp8", tp: 2)
        var load = StepModel.Load()
        for _ in 0..<10 { load.addDecode(context: 1000, model) }
        load.addPrefill(chunk: 2048, cached: 0, model)
        let time = model.time(load)

        let tokens = 2058.0
        // Weights read: every stored byte but the input embedding table (the roofline's rule, whose byte counts per
        // tensor WeightsTests checks against the model's files), half per GPU.
        let stored = try WeightsEstimate(model: f.model("llama-3.1-70b"), precision: f.precision("fp8"))
        let weights = Double(stored.bytes - stored.embeddingTableBytes) / 2
        let kvRead = 10 * 1000 * 327_680.0 / 2            // each decode reads its cache; TP 2 holds 4 of 8 KV heads
        let kvWritten = tokens * 327_680 / 2               // every token of the step is written to the cache
        // Three kinds of kernel, each its own roofline: the products read the weights and write the cache, decode
        // attention reads the cache, and the prompt's attention reads nothing cached (its first chunk).
        #expect(time.memorySeconds.isClose(to: (weights + kvWritten) / (3.35e12 * 0.75), within: 1e-9))
        #expect(time.decodeAttention.memorySeconds.isClose(to: kvRead / (3.35e12 * 0.75), within: 1e-9))
        #expect(time.prefillAttention.memorySeconds == 0)

        let perPair = 80 * 4 * 64 * 128.0                  // QKᵀ and AV: 2 FLOPs × 2 products × heads × head dim, per layer
        let peak = 2 * 1978.9e12 * 0.5                     // two GPUs at half the dense FP8 peak
        let matmul = 2 * Double(70_553_706_496 - 128_256 * 8192) * tokens
        #expect(time.computeSeconds.isClose(to: matmul / peak, within: 1e-9))
        #expect(time.decodeAttention.computeSeconds.isClose(to: 10 * perPair * 1001 / peak, within: 1e-9))  // decodes see 1,001 tokens
        #expect(time.prefillAttention.computeSeconds.isClose(to: perPair * 1024 * 2048 / peak, within: 1e-9))  // the chunk 1,024 on average

        // Two ring all-reduces per layer of 2,058 × 8,192 × 2 bytes: 2(TP − 1)/TP of it over 450 GB/s × 0.7, plus 8 µs each.
        let allReduce = 2 * 0.5 * tokens * 8192 * 2 / (450e9 * 0.7) + 8e-6
        #expect(time.communicationSeconds.isClose(to: 160 * allReduce, within: 1e-9))
        #expect(time.overheadSeconds.isClose(to: 80 * 20e-6 + 0.5e-3, within: 1e-12))
        // 2,058 tokens × 139 GFLOP outweigh 37 GB of weights on this GPU: the products are compute-bound, decode
        // attention is bound by its cache reads, and the step waits for each in turn.
        #expect(time.computeSeconds > time.memorySeconds)
        #expect(time.decodeAttention.memorySeconds > time.decodeAttention.computeSeconds)
        #expect(time.totalSeconds.isClose(to: time.computeSeconds + time.decodeAttention.memorySeconds + time.prefillAttention.computeSeconds
                                          + time.communicationSeconds + time.overheadSeconds, within: 1e-12))
    }

    @Test func unfusedAttentionScoresTheWholeContextThroughMemory() throws {
        // llama.cpp without -fa: a 512-token micro-batch of Llama 3.1 8B (config.json: 32 layers, 32 heads of 128, 8 KV
        // heads) after 7,680 cached tokens writes each f32 score of all 8,192 positions, masked, reads and writes it in
        // the softmax and reads it for the product with V: 16 bytes × 32 heads × 512 × 8,192 per layer, on top of the
        // cache's 7,680 × 131,072 B. Its FLOPs count every position, not the causal average. One H100 SXM at the defaults.
        var unfused = EngineAssumptions.standard
        unfused.flashAttention = false
        let fused = try step("llama-3.1-8b", "bf16", tp: 1), plain = try step("llama-3.1-8b", "bf16", tp: 1, assumptions: unfused)
        func attention(_ model: StepModel, decode: Bool) -> Roofline.KernelTime {
            var load = StepModel.Load()
            if decode { load.addDecode(context: 8192, model) } else { load.addPrefill(chunk: 512, cached: 7680, model) }
            let time = model.time(load)
            return decode ? time.decodeAttention : time.prefillAttention
        }
        let bandwidth = 3.35e12 * 0.75, peak = 989.4e12 * 0.5
        let cache = 7680 * 131_072.0, scores = 16 * 32 * 32 * 512 * 8192.0
        #expect(attention(plain, decode: false).memorySeconds.isClose(to: (cache + scores) / bandwidth, within: 1e-9))
        #expect(attention(fused, decode: false).memorySeconds.isClose(to: cache / bandwidth, within: 1e-9))
        let perPair = 32 * 4 * 32 * 128.0
        #expect(attention(plain, decode: false).computeSeconds.isClose(to: perPair * 512 * 8192 / peak, within: 1e-9))
        #expect(attention(fused, decode: false).computeSeconds.isClose(to: perPair * 512 * (7680 + 256) / peak, within: 1e-9))
        // A decode token's scores (32 heads × 8,193 positions × 4 B, 1 MB a layer) stay in L2: the same step either way.
        #expect(attention(plain, decode: true) == attention(fused, decode: true))
    }

    @Test func moeStepReadsTheDistinctExpertsItsTokensSelect() throws {
        // DeepSeek V3 (config.json: 256 routed experts, 8 active, 58 MoE layers of 3 × 7,168 × 2,048 parameters each).
        // Under uniform routing a step of B tokens touches 256 × (1 − (1 − 8/256)^B) experts per layer: 8 at B = 1,
        // 58.6 at B = 8, 162.6 at B = 32. Compare one decode token with eight, on 8 × H200 at FP8.
        let model = try step("deepseek-v3", "fp8", tp: 8, gpu: "h200")
        func bytes(_ batch: Int) -> Double {
            var load = StepModel.Load()
            for _ in 0..<batch { load.addDecode(context: 1, model) }
            return model.time(load).memorySeconds * (4.8e12 * 0.75)
        }
        let expert = 3.0 * 7168 * 2048                     // FP8: 1 byte per parameter
        let extra = 58 * (256 * (1 - pow(1 - 8.0 / 256, 8)) - 8) * expert / 8
        #expect((bytes(8) - bytes(1)).isClose(to: extra, within: 0.01))
    }

    @Test func kvCapacityIsWhatTheMemoryShareLeaves() throws {
        // Llama 3.1 70B FP8 on 2 × H100 (81,559 MiB usable each, 90% planned as vLLM's gpu_memory_utilization): what the
        // weights, activation workspace and 2 GiB runtime overhead leave, over 163,840 B of BF16 cache per token per GPU.
        let model = try step("llama-3.1-70b", "fp8", tp: 2)
        let memory = try StepModel.memoryPerGPU(model: model.model, precision: f.precision("fp8"), kvPrecision: f.precision("bf16"),
                                            parallelism: model.parallelism, assumptions: .standard)
        let limit = Int(81_559.0 * 1_048_576 * 0.9)
        #expect(model.kvCapacityTokens == (limit - memory.totalBytes) / 163_840)
        #expect(memory.weightsBytes > 35_000_000_000)      // half of 70.55 GB
    }

    @Test func loneQueueMatchesMD1Theory() throws {
        // One request at a time, fixed 1,000-token prompts, one output token each: every request is one step of fixed
        // length D, and Poisson arrivals at λ = 0.5 / D make an M/D/1 queue. Pollaczek–Khinchine: utilisation ρ = 0.5,
        // mean wait W = ρ D / (2 (1 − ρ)) = 0.5 D.
        var assumptions = EngineAssumptions.standard
        assumptions.maxRunningRequests = 1
        let model = try step("llama-3.1-8b", "bf16", tp: 1, assumptions: assumptions)
        var load = StepModel.Load()
        load.addPrefill(chunk: 1000, cached: 0, model)
        let service = model.time(load).totalSeconds
        let workload = Workload(inputTokens: .fixed(1000), outputTokens: .fixed(1), arrivals: .rate(0.5 / service), requests: 40_000, seed: 7)
        let result = ServingSimulator.run(workload, step: model)
        #expect(result.busyFraction.isClose(to: 0.5, within: 0.03))
        #expect(result.meanQueueSeconds.isClose(to: 0.5 * service, within: 0.05))
        #expect(result.ttftSeconds.p50 >= service)
    }

    @Test func sameSeedSameRunOtherSeedOtherRun() throws {
        let model = try step("llama-3.1-8b", "fp8", tp: 1)
        let workload = Workload(inputTokens: .uniform(low: 200, high: 3000), outputTokens: .normal(mean: 300, standardDeviation: 100),
                                arrivals: .rate(4), requests: 1500, seed: 42)
        let first = ServingSimulator.run(workload, step: model)
        #expect(ServingSimulator.run(workload, step: model) == first)
        var other = workload
        other.seed = 43
        #expect(ServingSimulator.run(other, step: model) != first)
    }

    @Test func closedLoopKeepsItsUsersRunning() throws {
        // 16 users with no think time on one H100: after the start, 16 requests are always in flight, and the replica
        // decodes them together, so time per output token is one step of about 16 decodes.
        let model = try step("llama-3.1-8b", "fp8", tp: 1)
        let workload = Workload(inputTokens: .fixed(500), outputTokens: .fixed(200), arrivals: .users(16, thinkSeconds: 0), requests: 800)
        let result = ServingSimulator.run(workload, step: model)
        #expect(result.maxRunningRequests == 16)
        #expect(result.meanRunningRequests > 15)
        #expect(result.outputTokensPerSecond > 0 && result.outputTokensPerSecond.isFinite)
        // Little's law: users in the system = throughput × time in system.
        let inSystem = result.requestsPerSecond * (result.e2eSeconds.p50)
        #expect(inSystem.isClose(to: 16, within: 0.1))
    }

    @Test func replicasKeepCostPerTokenFlat() throws {
        // Issue 18: Llama 3.1 8B at 8K for 500 users fits one H100 node (TP 8); 2,000 users should be four such replicas,
        // four times the GPUs and the throughput, so the cost per token stays where it was.
        let prices = try f.prices()
        let small = try #require(try f.plan("llama-3.1-8b", "bf16", users: 500, gpus: ["h100-sxm"]).priced(with: prices).options.first)
        let large = try #require(try f.plan("llama-3.1-8b", "bf16", users: 2000, gpus: ["h100-sxm"]).priced(with: prices).options.first)
        #expect(small.replicas == 1 && small.parallelism.tensor == 8)
        #expect(large.replicas == 4 && large.parallelism == small.parallelism && large.gpuCount == 32)
        #expect(large.outputTokensPerSecond.isClose(to: 4 * small.outputTokensPerSecond, within: 1e-9))
        let perToken = try #require(large.cost?.usdPerMillionTokens)
        #expect(perToken.isClose(to: try #require(small.cost?.usdPerMillionTokens), within: 1e-9))
    }

    @Test func servedLoadGrowsByReplicas() throws {
        // Four times the arrival rate needs about four times the replicas (up to the rounding of whole replicas), so the
        // GPUs per output token stay where they were, within that rounding.
        func option(_ rate: Double) throws -> DeploymentOption {
            var request = SizingRequest(model: f.model("llama-3.1-8b"), precision: f.precision("fp8"), kvPrecision: f.precision("fp8"),
                                        users: 1, contextTokens: 2500, gpus: [f.gpu("h100-sxm")])
            request.workload = Workload(inputTokens: .fixed(2000), outputTokens: .fixed(500), arrivals: .rate(rate), requests: 1000)
            request.layout = LayoutPin(tensor: 1)
            return try #require(try SizingEngine.plan(request, catalog: f.catalog).options.first)
        }
        let one = try option(100)
        let four = try option(400)
        #expect(one.replicas > 1)
        #expect(four.replicas <= 4 * one.replicas && four.replicas >= 4 * one.replicas - 3)
        let costOne = Double(one.gpuCount) / one.outputTokensPerSecond
        let costFour = Double(four.gpuCount) / four.outputTokensPerSecond
        #expect(costFour.isClose(to: costOne, within: 1 / Double(one.replicas) + 0.05))
    }

    @Test func optionThatDoesNotFitHasNoFigures() throws {
        // Llama 3.1 70B at BF16 is 141 GB of weights: pinned to one H100 (81,559 MiB) it cannot fit.
        var request = SizingRequest(model: f.model("llama-3.1-70b"), precision: f.precision("bf16"), kvPrecision: f.precision("bf16"),
                                    users: 1, contextTokens: 5500, gpus: [f.gpu("h100-sxm")])
        request.workload = Workload(inputTokens: .fixed(5000), outputTokens: .fixed(500), arrivals: .users(4, thinkSeconds: 0))
        request.layout = LayoutPin(gpus: 1, tensor: 1)
        let prices = try f.prices()
        let plan = try SizingEngine.plan(request, catalog: f.catalog).priced(with: prices)
        let option = try #require(plan.options.first)
        #expect(!option.fits)
        #expect(option.cost == nil && option.serving == nil)
        let json = option.jsonObject
        for key in ["serving", "aggregate_tokens_per_second", "decode_tokens_per_second_per_user", "ttft_seconds",
                    "cost_per_hour_usd", "cost_per_million_tokens_usd"] {
            #expect(json[key] is NSNull, "\(key) should be null")
        }
    }

    @Test func targetsPickTheCheapestLayoutThatMeetsThem() throws {
        // Loose targets are met by the fewest GPUs; a tight time per output token needs more replicas or wider TP,
        // each replica then decoding fewer requests per step.
        func option(ttft: Double, tpot: Double) throws -> DeploymentOption {
            var request = SizingRequest(model: f.model("llama-3.1-8b"), precision: f.precision("fp8"), kvPrecision: f.precision("fp8"),
                                        users: 64, contextTokens: 2500, gpus: [f.gpu("h100-sxm")])
            request.workload = Workload(inputTokens: .fixed(2000), outputTokens: .fixed(500), arrivals: .users(64, thinkSeconds: 0),
                                        requests: 600)
            request.targets = ServingTargets(ttftSeconds: ttft, tpotSeconds: tpot)
            return try #require(try SizingEngine.plan(request, catalog: f.catalog).options.first)
        }
        let loose = try option(ttft: 10, tpot: 0.05)
        let tight = try option(ttft: 10, tpot: 0.007)
        #expect(loose.meetsTargets == true && tight.meetsTargets == true)
        #expect(tight.gpuCount > loose.gpuCount)
        #expect(try #require(tight.serving).tpotSeconds.p99 <= 0.007)
        // A target no layout meets is said, with the nearest layout and by how much: a 2,000-token prompt alone takes
        // longer than a millisecond to read.
        let impossible = try option(ttft: 0.001, tpot: 0.05)
        #expect(impossible.meetsTargets == false)
        #expect(impossible.notes.contains { $0.contains("no layout meets the targets") && $0.contains("p99 TTFT") && $0.contains("%") })
    }

    @Test func badWorkloadsAndLayoutsAreRefused() {
        func refuse(_ field: SizingError.Field, _ fragment: String, _ edit: (inout SizingRequest) -> Void) {
            var request = SizingRequest(model: f.model("llama-3.1-70b"), precision: f.precision("fp8"), kvPrecision: f.precision("bf16"),
                                        users: 1, contextTokens: 5500, gpus: [f.gpu("h100-sxm")])
            request.workload = Workload(inputTokens: .fixed(5000), outputTokens: .fixed(500), arrivals: .users(10, thinkSeconds: 0))
            edit(&request)
            #expect(throws: SizingError.self) { try SizingEngine.plan(request, catalog: f.catalog) }
            do {
                _ = try SizingEngine.plan(request, catalog: f.catalog)
            } catch {
                #expect(error.field == field)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
        refuse(.inputTokens, "at least 1") { $0.workload!.inputTokens = .fixed(0) }
        refuse(.outputTokens, "at least one sample") { $0.workload!.outputTokens = .samples([]) }
        refuse(.users, "at least 1") { $0.workload!.arrivals = .users(0, thinkSeconds: 0) }
        refuse(.rate, "more than 0") { $0.workload!.arrivals = .rate(-2) }
        refuse(.rate, "more than 0") { $0.workload!.arrivals = .rate(.nan) }
        refuse(.targets, "more than 0") { $0.targets = ServingTargets(ttftSeconds: 0) }
        refuse(.targets, "50, 90 or 99") { $0.targets = ServingTargets(ttftSeconds: 1, percentile: 95) }
        // Sizes that would overflow a replica count or a length sum are refused, not computed.
        refuse(.rate, "at most") { $0.workload!.arrivals = .rate(1e300) }
        refuse(.outputTokens, "normal distribution") { $0.workload!.outputTokens = .normal(mean: 500, standardDeviation: 1e300) }
        refuse(.inputTokens, "more than any model's context") { $0.workload!.inputTokens = .uniform(low: 1, high: Int.max) }
        refuse(.inputTokens, "maximum context") { $0.workload!.inputTokens = .fixed(200_000) }
        // GLM-4.5: 96 attention heads, 8 KV heads (config.json); TP 6 divides the first but not the second.
        refuse(.tensorParallel, "KV heads") { $0.model = f.model("glm-4.5"); $0.layout = LayoutPin(tensor: 6) }
        refuse(.pipelineParallel, "80 layers") { $0.layout = LayoutPin(pipeline: 81) }
        refuse(.expertParallel, "dense") { $0.layout = LayoutPin(expert: 2) }
        // DeepSeek V3 has 256 routed experts.
        refuse(.expertParallel, "256 experts") { $0.model = f.model("deepseek-v3"); $0.layout = LayoutPin(expert: 512) }
        refuse(.replicas, "replicas") { $0.layout = LayoutPin(gpus: 6, replicas: 4) }
    }

    @Test func tokenLengthsReadTheirTextForm() {
        #expect(TokenLengths.parse("5000") == .fixed(5000))
        #expect(TokenLengths.parse("4K") == .fixed(4096))
        #expect(TokenLengths.parse("uniform(1K, 3000)") == .uniform(low: 1024, high: 3000))
        #expect(TokenLengths.parse("normal(2000, 500)") == .normal(mean: 2000, standardDeviation: 500))
        #expect(TokenLengths.parse("samples(120, 800)") == .samples([120, 800]))
        #expect(TokenLengths.parse("samples()") == .samples([]))
        #expect(TokenLengths.parse("gamma(2, 3)") == nil)
        #expect(TokenLengths.parse("uniform(1.5, 3)") == nil)
        #expect(Quantity.parse("500ms", as: .seconds) == 0.5)
        #expect(Quantity.parse("40ms", as: .seconds) == 0.04)
    }

    @Test func simulationSpeed() throws {
        // The benchmark: 10,000 requests of 1,000 in / 200 out, Poisson at 40 requests/s on Llama 3.1 8B FP8, one H100.
        // Prints requests simulated per second (a debug build is many times slower than the release build).
        let model = try step("llama-3.1-8b", "fp8", tp: 1)
        let workload = Workload(inputTokens: .fixed(1000), outputTokens: .fixed(200), arrivals: .rate(40), requests: 10_000)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = ServingSimulator.run(workload, step: model)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("serving simulation: 10,000 requests, \(result.steps) steps in \(String(format: "%.3f", seconds)) s = "
              + "\(Int(10_000 / seconds)) requests/s")
        #expect(result.measuredRequests == 9_000)
    }
}

import Catalog

/// One published speed figure (output tokens/s, TTFT or TPOT) and the simulation that estimates it:
/// the record's deployment built as a `StepModel` and its workload run through `ServingSimulator`.
///
/// Owns the one mapping from a record's workload to the simulation (`workload(for:)`) and the
/// replay that lets calibration try other constants without simulating again. It never tunes a
/// record on its own: every record goes through the same mapping with the same constants.
package struct SpeedCase: Sendable {
    package let measurement: Measurement
    package let statistic: Statistic
    package var kind: MeasurementComparison.Kind { statistic.kind }
    /// Whether the figure counts a request's latency outside the steps (a served time to first token).
    package var paysRequestOverhead: Bool { statistic.paysRequestOverhead(measurement) }
    /// Whether the deployment's steps send messages that pay the all-reduce latency (tensor or expert parallelism).
    package var paysAllReduceLatency: Bool { Roofline.latencyBoundMessages(model: model, parallelism: parallelism) > 0 }
    package let published: Double
    /// The simulated workload (one replica's share of it).
    package let workload: Workload
    let model: ModelSpec
    let precision: PrecisionSpec
    let kvPrecision: PrecisionSpec
    package let gpu: GPUSpec
    let parallelism: Parallelism
    let links: Roofline.Links
    /// For a figure whose schedule does not depend on step times (an offline run, a single stream):
    /// the steps traced once, replayed under other constants.
    let trace: Trace?

    /// A traced run's steps, kept in the form that gives their total under other constants at once.
    ///
    /// Under efficiencies other than `tracedWith`'s, each of a step's kernel kinds (`StepModel.Time`) has
    /// its memory time scaled by one factor (the routed experts' part by another) and its compute time by
    /// a third, and takes the larger of the two. The fit evaluates each case thousands of times, so each
    /// kind's times are kept as `Rooflines` (a binary search and two running sums, not a pass over every
    /// step); only a mixture of experts' weight products (two memory factors) are summed one by one.
    struct Trace: Sendable {
        var tracedWith: EngineAssumptions
        var figure: @Sendable (_ totalSeconds: Double) -> Double
        /// The weight products without expert time; with it, each step's memory time other than the
        /// experts', the experts', and compute.
        let products: Rooflines
        let expertProducts: [(memory: Double, experts: Double, compute: Double)]
        let decodeAttention: Rooflines
        let prefillAttention: Rooflines
        /// Communication and overhead seconds of every step less what a fit changes: the per-step overhead
        /// and the latency of each all-reduce.
        let fixedSeconds: Double
        /// How many messages pay the all-reduce latency over the steps (their weights' sum).
        let messageCount: Double
        /// How many steps pay the per-step overhead (their weights' sum).
        let stepCount: Double
        /// How many times the figure counts a request's own latency outside the steps
        /// (`EngineAssumptions.requestOverheadSeconds`): once for a served time to first token, else never.
        let requestCount: Double

        /// The total of `steps`, each counted `weights` times (once each without): a figure that is a weighted sum
        /// of step times whose weights the schedule alone decides (a mean time to first token weighs each step by
        /// the measured requests waiting through it) replays exactly.
        init(steps: [StepModel.Time], weights: [Double]? = nil, requestCount: Double = 0, tracedWith: EngineAssumptions,
             figure: @escaping @Sendable (_ totalSeconds: Double) -> Double) {
            self.tracedWith = tracedWith
            self.figure = figure
            self.requestCount = requestCount
            stepCount = weights?.reduce(0, +) ?? Double(steps.count)
            let steps = weights.map { zip(steps, $0).filter { $0.1 > 0 }.map { $0.scaled(by: $1) } } ?? steps
            messageCount = steps.reduce(0) { $0 + $1.latencyBoundMessages }
            fixedSeconds = steps.reduce(0) { $0 + $1.communicationSeconds + $1.overheadSeconds } - stepCount * tracedWith.stepOverheadSeconds
                - messageCount * tracedWith.allReduceLatencySeconds
            decodeAttention = Rooflines(steps.map(\.decodeAttention))
            prefillAttention = Rooflines(steps.map(\.prefillAttention))
            if steps.allSatisfy({ $0.expertSeconds == 0 }) {
                products = Rooflines(steps.map { Roofline.KernelTime(memorySeconds: $0.memorySeconds, computeSeconds: $0.computeSeconds) })
                expertProducts = []
            } else {
                products = Rooflines([])
                expertProducts = steps.map { ($0.memorySeconds - $0.expertSeconds, $0.expertSeconds, $0.computeSeconds) }
            }
        }

        /// The steps' total seconds under `assumptions`, which may differ from `tracedWith` only in the
        /// efficiencies, the per-step and per-request overheads and the all-reduce latency: exactly what
        /// timing each step again would give.
        func totalSeconds(_ assumptions: EngineAssumptions) -> Double {
            let old = tracedWith
            precondition(old.interconnectEfficiency == assumptions.interconnectEfficiency
                         && old.layerOverheadSeconds == assumptions.layerOverheadSeconds, "only the efficiencies, overheads and latency rescale")
            return boundSeconds(memoryScale: old.memoryBandwidthEfficiency / assumptions.memoryBandwidthEfficiency,
                                expertScale: old.expertEfficiency / assumptions.expertEfficiency,
                                computeScale: old.computeEfficiency / assumptions.computeEfficiency)
                + fixedSeconds + stepCount * assumptions.stepOverheadSeconds + requestCount * assumptions.requestOverheadSeconds
                + messageCount * assumptions.allReduceLatencySeconds
        }

        /// The steps' total seconds at the GPU's full datasheet bandwidth and compute, with no
        /// communication and no overhead: no engine runs these steps faster.
        var idealSeconds: Double {
            boundSeconds(memoryScale: tracedWith.memoryBandwidthEfficiency, expertScale: tracedWith.expertEfficiency,
                         computeScale: tracedWith.computeEfficiency)
        }

        /// Σ over the steps of each kernel kind's max(memory × memoryScale (+ experts × expertScale), compute × computeScale).
        private func boundSeconds(memoryScale: Double, expertScale: Double, computeScale: Double) -> Double {
            let experts = expertProducts.reduce(0) { $0 + max($1.memory * memoryScale + $1.experts * expertScale, $1.compute * computeScale) }
            return experts + products.seconds(memoryScale: memoryScale, computeScale: computeScale)
                + decodeAttention.seconds(memoryScale: memoryScale, computeScale: computeScale)
                + prefillAttention.seconds(memoryScale: memoryScale, computeScale: computeScale)
        }
    }

    /// Σ max(memory × memoryScale, compute × computeScale) over many (memory, compute) times, for any
    /// scales at once: sorted by the ratio of memory to compute time, the times that stay compute-bound
    /// (ratio × memoryScale ≤ computeScale) are a prefix, so the sum is one binary search and two running sums.
    struct Rooflines: Sendable {
        /// Each time's memory ÷ compute, ascending; compute seconds of the first k, memory seconds of k and after.
        let ratios: [Double]
        let computeBefore: [Double]
        let memoryFrom: [Double]

        init(_ bounds: [Roofline.KernelTime]) {
            let sorted = bounds.filter { $0.memorySeconds > 0 || $0.computeSeconds > 0 }.map { bound in
                (ratio: bound.computeSeconds > 0 ? bound.memorySeconds / bound.computeSeconds : .infinity, bound: bound)
            }.sorted { $0.ratio < $1.ratio }
            ratios = sorted.map(\.ratio)
            var before = [0.0], from = [Double](repeating: 0, count: sorted.count + 1)
            for entry in sorted { before.append(before.last! + entry.bound.computeSeconds) }
            for index in sorted.indices.reversed() { from[index] = from[index + 1] + sorted[index].bound.memorySeconds }
            computeBefore = before
            memoryFrom = from
        }

        func seconds(memoryScale: Double, computeScale: Double) -> Double {
            let threshold = computeScale / memoryScale
            var low = 0, high = ratios.count
            while low < high {
                let middle = (low + high) / 2
                if ratios[middle] <= threshold { low = middle + 1 } else { high = middle }
            }
            return computeScale * computeBefore[low] + memoryScale * memoryFrom[low]
        }
    }

    /// The speed figures a record may carry.
    /// The single-stream figures (`ttftMean`, `tpotMean`) come from a benchmark's prompt and generation
    /// rates (llama-bench's `pp N` and `tg N`): the prompt's tokens ÷ the prompt rate is the time to
    /// process it, the time to first token of a lone request; 1 ÷ the generation rate is the mean time
    /// per output token. The rates are what the record copies; the times are only their reciprocals.
    /// Or they are a served run's means with one user (`ttft_mean_ms`, `tpot_mean_ms`: AIPerf's time to
    /// first token and inter-token latency), where decoding starts after the prompt.
    package enum Statistic: String, Sendable, CaseIterable {
        case throughput = "output tokens/s", ttftP50 = "TTFT p50 (s)", ttftP99 = "TTFT p99 (s)", tpotP50 = "TPOT p50 (s)", tpotP99 = "TPOT p99 (s)"
        case ttftMean = "TTFT mean (s)", tpotMean = "TPOT mean (s)"

        package var kind: MeasurementComparison.Kind {
            switch self {
            case .throughput: return .throughput
            case .ttftP50, .ttftP99, .ttftMean: return .ttft
            case .tpotP50, .tpotP99, .tpotMean: return .tpot
            }
        }

        func published(_ record: Measurement) -> Double? {
            let r = record.results
            switch self {
            case .throughput: return r.outputTokensPerSecond
            case .ttftP50: return r.ttftP50Seconds
            case .ttftP99: return r.ttftP99Seconds
            case .tpotP50: return r.tpotP50Seconds
            case .tpotP99: return r.tpotP99Seconds
            case .ttftMean: return r.ttftMeanSeconds ?? record.workload.inputTokens.flatMap { input in r.promptTokensPerSecond.map { Double(input) / $0 } }
            case .tpotMean: return r.tpotMeanSeconds ?? r.generationTokensPerSecond.map { 1 / $0 }
            }
        }

        /// A figure of one request alone on an empty engine, timed step by step rather than simulated.
        var isSingleStream: Bool { self == .ttftMean || self == .tpotMean }

        /// Whether the figure counts a request's latency outside the steps (`EngineAssumptions.requestOverheadSeconds`):
        /// a served run's time to first token does; one from a benchmark's prompt rate (no server) does not.
        package func paysRequestOverhead(_ record: Measurement) -> Bool {
            kind == .ttft && (self != .ttftMean || record.results.ttftMeanSeconds != nil)
        }
    }

    /// Requests an offline (maximum-throughput) record is simulated with, all queued at once: enough for
    /// several full batches of `maxRunningRequests`, so the last partial batch weighs as little as in a
    /// benchmark of thousands of requests, and few enough for the page build and the tests.
    package static let offlineRequests = 1_000
    /// Requests a record at a stated rate is simulated with (the first tenth is warm-up and not measured).
    package static let onlineRequests = 1_000
    /// A record at a stated concurrency is simulated for this many waves of its users (at least
    /// `minimumServedRequests` requests), the first wave warm-up: a closed loop settles within a few
    /// waves, and each wave of a long answer is thousands of steps the calibration keeps.
    package static let servedWaves = 10
    package static let minimumServedRequests = 200

    /// How a record's workload becomes a simulation, the one rule for every record:
    /// - input and output tokens are fixed at the record's values (benchmarks use fixed lengths);
    /// - `users: N`: a closed loop of N users with no think time, as concurrency benchmarks run, for
    ///   `servedWaves` waves of them;
    /// - `rate: R`: Poisson arrivals at R requests per second;
    /// - neither (a maximum-throughput table such as trtllm-bench's): the offline case, every request
    ///   queued at time zero, so the engine runs as many at once as its cache and `maxRunningRequests` allow
    ///   (for TensorRT-LLM, the limits `trtllm-bench` sets itself, `trtllmBenchLimits`); throughput is
    ///   then all output tokens over the whole run's time, over the record's `requests` where the source
    ///   gives them (else `offlineRequests`): the last, partial batch weighs as much as in the real run.
    /// Nil, with the reason, when the record does not give the lengths.
    package static func workload(for record: Measurement) -> (workload: Workload, offline: Bool)? {
        guard let input = record.workload.inputTokens, let output = record.workload.outputTokens else { return nil }
        let queued = record.workload.requests ?? offlineRequests
        if let users = record.workload.users {
            return (Workload(inputTokens: .fixed(input), outputTokens: .fixed(output), arrivals: .users(users, thinkSeconds: 0),
                             requests: max(minimumServedRequests, servedWaves * users)), false)
        }
        if let rate = record.workload.requestsPerSecond {
            return (Workload(inputTokens: .fixed(input), outputTokens: .fixed(output), arrivals: .rate(rate), requests: onlineRequests), false)
        }
        return (Workload(inputTokens: .fixed(input), outputTokens: .fixed(output), arrivals: .users(queued, thinkSeconds: 0),
                         requests: queued), true)
    }

    /// The batch limits `trtllm-bench throughput` sets for itself when not told (TensorRT-LLM's
    /// `tensorrt_llm/bench/build/tuning.py`, `calc_engine_setting` and `finetune_setting`, release 1.0).
    /// It makes its own estimate of the KV cache, not the engine's: 95% of every GPU's whole memory less
    /// the parameters at 2 bytes (1 for FP8, ½ for FP4), over 2 × layers × max(TP, KV heads) × head size
    /// bytes a token (1 byte an element for an FP8 cache, 2 otherwise). Requests: that many at the
    /// benchmark's lengths, at most 4,096 ÷ pipeline stages, rounded up (to 32 below 256, 128 below
    /// 1,024, else 256; at least 64); tokens per step: that batch × (1 + input ÷ output), at most
    /// 32,768, rounded up likewise (at least 2,048). The published tables ran with these defaults.
    static func trtllmBenchLimits(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, gpu: GPUSpec,
                                  parallelism: Parallelism, input: Int, output: Int) -> (requests: Int, tokens: Int) {
        func bytesPerElement(_ precision: PrecisionSpec) -> Double {
            precision.bitsPerWeight <= 5 ? 0.5 : precision.bitsPerWeight <= 8.5 ? 1 : 2
        }
        let gpus = Double(parallelism.tensor * parallelism.pipeline)
        let memory = Double(gpu.usableMemoryBytes ?? gpu.memoryBytes) * gpus
        let cache = (memory - Double(model.totalParameters) * bytesPerElement(precision)) * 0.95
        let perToken = 2 * Double(model.layers * max(parallelism.tensor, model.kvHeads) * model.headDim) * min(bytesPerElement(kvPrecision), 2)
        let fits = max(0, cache / (perToken * Double(input + output)))
        func roundUp(_ value: Double, to step: Double) -> Int { Int((value / step).rounded(.up) * step) }
        let batch = min(fits, 4096) / Double(parallelism.pipeline)
        let tokens = min(batch * (1 + Double(input) / Double(output)), 32768)
        let requests = batch < 256 ? max(64, roundUp(batch, to: 32)) : batch < 1024 ? roundUp(batch, to: 128) : roundUp(batch, to: 256)
        let budget = tokens < 4096 ? max(2048, roundUp(tokens, to: 256)) : tokens < 8192 ? roundUp(tokens, to: 512) : roundUp(tokens, to: 1024)
        return (requests, budget)
    }

    /// `assumptions` with the kernels the record's engine runs on its GPU for its model and lengths.
    static func kernelRules(_ assumptions: EngineAssumptions, record: Measurement, model: ModelSpec, gpu: GPUSpec,
                            workload: Workload) -> EngineAssumptions {
        var ruled = assumptions
        if record.engine == .trtLLM {
            ruled.chunkedDecodeReadsPerQueryHead = trtllmDecodesChunksPerQueryHead(model: model, gpu: gpu,
                                                                                   longestSequence: workload.maxTokensPerRequest)
        }
        return ruled
    }

    /// Whether TensorRT-LLM decodes `model`'s chunked-attention layers with its MMHA kernel on `gpu`
    /// (`EngineAssumptions.chunkedDecodeReadsPerQueryHead`): on Hopper, when the engine's longest
    /// sequence (trtllm-bench sets it from the dataset: input + output) passes the chunk. Pull request
    /// 6306 (merged July 2025, before release 1.0) keeps the faster XQA kernel only while every
    /// sequence fits in one chunk, since XQA lacks chunked attention; the release notes (0.21.0, Known
    /// Issues) name the Hopper slowdown past 8K tokens.
    static func trtllmDecodesChunksPerQueryHead(model: ModelSpec, gpu: GPUSpec, longestSequence: Int) -> Bool {
        guard let window = model.slidingWindow, window.chunked else { return false }
        return gpu.architecture == "hopper" && longestSequence > window.tokens
    }

    /// The micro-batch llama.cpp splits a prompt into: `n_ubatch`, 512 by default in `llama-server`
    /// and in `llama-bench` (`-ub 512`; tools/llama-bench/README.md), so a prompt of 4,096 tokens runs
    /// as eight forward passes, each attending to the chunks before it.
    static let llamaCppMicroBatchTokens = 512

    /// The steps of a single-stream figure: the prompt's micro-batches from an empty cache (TTFT), or
    /// one decode step at each context `decoded` (TPOT, divided by the step count when replayed):
    /// 0 ..< output tokens as llama-bench's `tg N` runs from an empty cache, or after a served prompt
    /// each token past the first, input + 1 ..< input + output.
    static func singleStreamSteps(_ statistic: Statistic, input: Int, decoded: Range<Int>, step: StepModel) -> [StepModel.Time] {
        var steps: [StepModel.Time] = []
        if statistic == .ttftMean {
            var cached = 0
            while cached < input {
                let chunk = min(step.assumptions.prefillChunkTokens, input - cached)
                var load = StepModel.Load()
                load.addPrefill(chunk: chunk, cached: cached, step)
                steps.append(step.time(load))
                cached += chunk
            }
        } else {
            for context in decoded {
                var load = StepModel.Load()
                load.addDecode(context: context, step)
                steps.append(step.time(load))
            }
        }
        return steps
    }

    /// The record's speed figures of `kinds`, each a case; `skip` when the record has such figures the
    /// engine cannot estimate.
    static func cases(for record: Measurement, catalog: DataCatalog, assumptions: EngineAssumptions,
                      kinds: Set<MeasurementComparison.Kind> = Set(MeasurementComparison.Kind.allCases)) throws(SizingError)
        -> (cases: [SpeedCase], skip: String?) {
        let figures = Statistic.allCases.filter { kinds.contains($0.kind) }.compactMap { statistic in
            statistic.published(record).map { (statistic, $0) }
        }
        guard !figures.isEmpty else { return ([], nil) }
        guard let model = catalog.model(record.model), let gpu = catalog.gpu(record.gpu), let precision = catalog.precision(record.precision),
              let kv = catalog.precision(record.kvPrecision ?? "bf16") else { return ([], "names an id the catalog lacks") }
        guard let (workload, offline) = workload(for: record) else {
            return ([], "gives no input and output lengths, so there is no workload to simulate")
        }
        guard workload.requests <= Workload.maximumRequests else {
            return ([], "ran more requests than infrabook simulates (\(Workload.maximumRequests))")
        }
        guard workload.maxTokensPerRequest <= model.maxContextTokens else {
            return ([], "a request is longer than the model's context")
        }
        let system = catalog.system(forGPU: gpu)
        let layout = Parallelism(tensor: record.layout.tensorParallel, pipeline: record.layout.pipelineParallel,
                                 expert: record.layout.expertParallel, gpusPerNode: system?.gpusPerNode ?? gpu.gpusPerNode)
        let links = ServingPlanner.links(gpu: gpu, system: system, assumptions: assumptions)
        let assumptions = kernelRules(assumptions, record: record, model: model, gpu: gpu, workload: workload)
        var step = try StepModel(model: model, precision: precision, kvPrecision: kv, gpu: gpu, parallelism: layout, links: links,
                                 assumptions: assumptions)
        if record.engine == .llamaCpp {
            var limited = assumptions
            (limited.maxRunningRequests, limited.prefillChunkTokens) = (record.workload.users ?? 1, llamaCppMicroBatchTokens)
            limited.flashAttention = record.settings.flashAttention ?? limited.flashAttention
            step = try StepModel(model: model, precision: precision, kvPrecision: kv, gpu: gpu, parallelism: layout, links: links,
                                 assumptions: limited)
        } else if offline, record.engine == .trtLLM {
            var limited = assumptions
            (limited.maxRunningRequests, limited.prefillChunkTokens) = trtllmBenchLimits(
                model: model, precision: precision, kvPrecision: kv, gpu: gpu, parallelism: layout,
                input: workload.inputTokens.maximum, output: workload.outputTokens.maximum)
            step = try StepModel(model: model, precision: precision, kvPrecision: kv, gpu: gpu, parallelism: layout, links: links,
                                 assumptions: limited)
        }
        guard step.kvCapacityTokens >= workload.maxTokensPerRequest else {
            return ([], "infrabook finds no room for one request's KV cache in this layout")
        }
        var offlineTrace: Trace?
        if offline {
            var steps: [StepModel.Time] = []
            _ = ServingSimulator.run(workload, step: step) { steps.append($0) }
            let outputTokens = Double(workload.requests * record.workload.outputTokens!), replicas = Double(record.layout.replicas)
            offlineTrace = Trace(steps: steps, tracedWith: step.assumptions) { seconds in seconds > 0 ? outputTokens / seconds * replicas : 0 }
        }
        // One user's figures are timed alone below; a served run at a higher concurrency is traced as a closed loop.
        let users = record.workload.users ?? 1
        let servedTraces = !offline && users > 1 && record.layout.replicas == 1 ? closedLoopTraces(workload, step: step) : nil
        let cases = figures.map { statistic, published in
            var trace = statistic == .throughput ? offlineTrace : nil
            if let servedTraces {
                trace = servedTraces[statistic]
            } else if statistic.isSingleStream, users == 1 {
                let input = workload.inputTokens.maximum, output = workload.outputTokens.maximum
                let served = statistic == .tpotMean && record.results.tpotMeanSeconds != nil
                let decoded = served ? (input + 1)..<(input + max(output, 2)) : 0..<output
                let steps = singleStreamSteps(statistic, input: input, decoded: decoded, step: step)
                let count = Double(decoded.count)
                let requests = statistic.paysRequestOverhead(record) ? 1.0 : 0
                trace = Trace(steps: steps, requestCount: requests, tracedWith: step.assumptions) { seconds in
                    statistic == .ttftMean ? seconds : seconds / count
                }
            }
            return SpeedCase(measurement: record, statistic: statistic, published: published, workload: workload, model: model,
                             precision: precision, kvPrecision: kv, gpu: gpu, parallelism: layout, links: links, trace: trace)
        }
        return (cases, nil)
    }

    /// The fastest figure the record's deployment allows as described (its precisions, layout and
    /// workload): every step at the GPU's full bandwidth and compute, with no communication and no
    /// overhead. A published figure faster than this means the record does not describe what ran.
    /// Nil for a figure that is simulated anew rather than traced.
    package var ceiling: Double? { trace.map { $0.figure($0.idealSeconds) } }

    /// Whether the published figure beats `ceiling`.
    package var beatsCeiling: Bool {
        guard let ceiling else { return false }
        return (published / ceiling - 1) * kind.optimisticSign > 0
    }

    /// infrabook's figure under `assumptions`. An offline throughput and a single-stream figure replay
    /// the traced steps (their schedule does not depend on step times, only on the cache and the
    /// lengths, so this equals a new simulation); anything else is simulated again.
    package func estimate(_ assumptions: EngineAssumptions) throws(SizingError) -> Double {
        if let trace {
            return trace.figure(trace.totalSeconds(assumptions))
        }
        let step = try StepModel(model: model, precision: precision, kvPrecision: kvPrecision, gpu: gpu, parallelism: parallelism,
                                 links: links, assumptions: Self.kernelRules(assumptions, record: measurement, model: model, gpu: gpu,
                                                                             workload: workload))
        let result = ServingPlanner.evaluate(workload: workload, targets: nil, step: step, replicas: measurement.layout.replicas)
        switch statistic {
        case .throughput: return result.deployment.outputTokensPerSecond
        case .ttftP50: return result.replica.ttftSeconds.p50
        case .ttftP99: return result.replica.ttftSeconds.p99
        case .tpotP50: return result.replica.tpotSeconds.p50
        case .tpotP99: return result.replica.tpotSeconds.p99
        case .ttftMean: return result.replica.meanTTFTSeconds
        case .tpotMean: return result.replica.meanTPOTSeconds
        }
    }

    /// The figures of a closed loop of users without think time (a concurrency benchmark), traced: such a
    /// loop schedules the same steps whatever they last, since every arrival comes as a request finishes, at
    /// the end of a step. Throughput is the window's output tokens over the window's steps; the mean time
    /// to first token weighs each step by the measured requests waiting through it (each 1 ÷ their count),
    /// the mean time per output token by the requests decoding through it (each 1 ÷ (their count ×
    /// (output − 1))). Nil when an event does not fall on a step's end (then the figures are simulated anew).
    static func closedLoopTraces(_ workload: Workload, step: StepModel) -> [Statistic: Trace]? {
        var steps: [StepModel.Time] = []
        var ends: [Double: Int] = [0: 0]
        var now = 0.0
        var timeline: ServingSimulator.Timeline?
        _ = ServingSimulator.run(workload, step: step, observe: { time in
            steps.append(time)
            now += time.totalSeconds
            ends[now] = steps.count
        }, timeline: { timeline = $0 })
        guard let timeline, !timeline.requests.isEmpty, let first = ends[timeline.window.start], let last = ends[timeline.window.end] else {
            return nil
        }
        /// Each step's weight: the sum of the weights of the intervals of step ends [from, to) that cover it.
        func weights(_ intervals: [(from: Double, to: Double, weight: Double)]) -> [Double]? {
            var change = [Double](repeating: 0, count: steps.count + 1)
            for interval in intervals {
                guard let from = ends[interval.from], let to = ends[interval.to] else { return nil }
                change[from] += interval.weight
                change[to] -= interval.weight
            }
            var running = 0.0
            return (0..<steps.count).map { index in
                running += change[index]
                return max(running, 0)
            }
        }
        let requests = timeline.requests
        let decoding = requests.filter { $0.output > 1 }
        let output = Double(timeline.windowOutputTokens), assumptions = step.assumptions
        guard let window = weights([(timeline.window.start, timeline.window.end, 1)]), first < last,
              let ttft = weights(requests.map { ($0.arrival, $0.firstToken, 1 / Double(requests.count)) }),
              let tpot = weights(decoding.map { ($0.firstToken, $0.finish, 1 / (Double(decoding.count) * Double($0.output - 1))) }) else {
            return nil
        }
        return [.throughput: Trace(steps: steps, weights: window, tracedWith: assumptions) { seconds in seconds > 0 ? output / seconds : 0 },
                .ttftMean: Trace(steps: steps, weights: ttft, requestCount: 1, tracedWith: assumptions) { $0 },
                .tpotMean: Trace(steps: steps, weights: tpot, tracedWith: assumptions) { $0 }]
    }
}

import Catalog
import Foundation

/// How long one continuous-batching step takes on one replica, and how many tokens of KV cache the
/// replica holds.
///
/// A step (as vLLM and SGLang schedule them) runs one decode token for each running request plus
/// chunks of prompt tokens. Its time is the roofline's, with the roofline's constants
/// (`EngineAssumptions`) and helpers (`Roofline`), per GPU and summed over pipeline stages:
/// - the products with the weights: the weights the step's tokens touch (for MoE the expected
///   distinct experts, E × (1 − (1 − k/E)^tokens) per layer, streamed at their own efficiency) and the
///   KV the step writes; 2 × active matmul parameters × tokens FLOPs;
/// - decode attention: the KV cache each decode reads; its attention FLOPs;
/// - prompt attention: what each prompt chunk reads of its earlier chunks; attention over each
///   token's context;
/// - time = Σ over those three kinds of max(bytes ÷ bandwidth, FLOPs ÷ peak) (`Time`) + TP
///   all-reduces, PP hand-offs and EP all-to-alls of the step's tokens + the per-layer launch
///   overhead + a fixed per-step overhead.
/// Owns the arithmetic of a step only; it never schedules, never keeps state between steps.
package struct StepModel: Sendable {
    package let model: ModelSpec
    package let precision: PrecisionSpec
    package let parallelism: Parallelism
    package let assumptions: EngineAssumptions
    let links: Roofline.Links
    /// The GPU, whose bandwidth `Roofline.streamingSeconds` takes, and sustained compute (FLOP/s) per
    /// GPU after the efficiency.
    let gpu: GPUSpec
    let peak: Double
    /// Number of pipeline stages × the busiest stage's share of layers: what per-GPU work is multiplied by.
    let stagesTimesShare: Double
    /// The share of a sequence's KV cache one GPU holds and reads.
    let kvShare: Double
    let window: (layers: Int, tokens: Int)?
    /// Caps on the past tokens each cache read or query counts (`Roofline.AttendedSums`): a sparse
    /// model's selection (its top-k; for cache reads only with latent attention, whose selected
    /// latents are what is read).
    let kvSelectedAtMost: Double?
    let attentionSelectedAtMost: Double?
    /// The windowed layers' window, sliding or chunked (`windowSees`).
    let slidingWindow: ModelSpec.SlidingWindow?
    /// The factor by which a decode token's reads of a chunked layer's cache are multiplied: query heads
    /// per KV head under `EngineAssumptions.chunkedDecodeReadsPerQueryHead`, else 1.
    let chunkedDecodeReadFactor: Double
    /// Cache coefficients: bytes per token per layer, and the layer counts.
    let kvBytesPerTokenLayer: Double
    /// One token in every layer, in bytes (whole model, before any split).
    package let kvBytesPerToken: Double
    /// Tokens of KV cache one replica holds beside its weights, activations and overhead.
    package let kvCapacityTokens: Int
    /// Weight bytes every step reads (all but the input embedding table and the routed experts), and
    /// the routed experts' bytes, of which a step reads the share its tokens select.
    let alwaysReadWeightBytes: Double
    let routedExpertBytes: Double

    /// Why a replica shape cannot serve: too little memory left for even one request's cache.
    package struct Unfit: Error, Sendable {
        package var memoryPerGPU: MemoryBreakdown
        package var kvCapacityTokens: Int
    }

    package init(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, gpu: GPUSpec, parallelism: Parallelism,
                links: Roofline.Links, assumptions: EngineAssumptions) throws(SizingError) {
        self.model = model
        self.precision = precision
        self.parallelism = parallelism
        self.assumptions = assumptions
        self.links = links
        self.gpu = gpu
        peak = Roofline.computePath(precision: precision, gpu: gpu).flops * assumptions.computeEfficiency
        let share = Placement.stageShare(layers: model.layers, pipeline: parallelism.pipeline)
        stagesTimesShare = Double(parallelism.pipeline) * share
        kvShare = Placement.kvShare(model: model, tensor: parallelism.tensor)
        window = model.slidingWindow.map { (layers: $0.layers, tokens: $0.tokens) }
        attentionSelectedAtMost = model.sparseAttention.map { Double($0.topK) }
        kvSelectedAtMost = model.latentAttention == nil ? nil : attentionSelectedAtMost
        slidingWindow = model.slidingWindow
        chunkedDecodeReadFactor = assumptions.chunkedDecodeReadsPerQueryHead && model.slidingWindow?.chunked == true
            ? Double(model.attentionHeads) / Double(model.kvHeads) : 1
        let weights = try WeightsEstimate(model: model, precision: precision)
        alwaysReadWeightBytes = Double(weights.bytes - weights.embeddingTableBytes - weights.routedExpertBytes)
        routedExpertBytes = Double(weights.routedExpertBytes)
        let kv = try KVCacheEstimate(model: model, kvPrecision: kvPrecision, contextTokens: 1, users: 1)
        kvBytesPerTokenLayer = Double(kv.elementsPerTokenPerLayer) * kv.bytesPerElement
        kvBytesPerToken = kvBytesPerTokenLayer * Double(model.layers)
        let memory = try Self.memoryPerGPU(model: model, precision: precision, kvPrecision: kvPrecision, parallelism: parallelism,
                                       assumptions: assumptions)
        let free = Double(Placement.memoryLimitBytes(gpu: gpu, assumptions: assumptions) - memory.totalBytes)
        let perTokenPerGPU = kvBytesPerToken * share * kvShare
        kvCapacityTokens = free > 0 ? Int(free / perTokenPerGPU) : 0
    }

    /// Memory on the busiest GPU without any KV cache: its weights, the workspace for a full step
    /// (a whole token budget and `maxRunningRequests` rows of logits) and the runtime overhead.
    package static func memoryPerGPU(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, parallelism: Parallelism,
                                    assumptions: EngineAssumptions) throws(SizingError) -> MemoryBreakdown {
        let empty = try KVCacheEstimate(model: model, kvPrecision: kvPrecision, contextTokens: assumptions.prefillChunkTokens, users: 1)
        let placed = try Placement.memoryPerGPU(model: model, precision: precision, kvCache: empty, parallelism: parallelism,
                                            assumptions: assumptions)
        let activations = try ActivationModel.bytesPerGPU(model: model, tensorParallel: parallelism.tensor,
                                                      users: assumptions.maxRunningRequests,
                                                      contextTokens: assumptions.prefillChunkTokens, assumptions: assumptions)
        return try MemoryBreakdown(weightsBytes: placed.weightsBytes, kvCacheBytes: 0, kvCacheBytesPerToken: 0,
                               activationsBytes: activations, overheadBytes: placed.overheadBytes)
    }

    /// Bytes of cache one GPU reads for the reads summed in `reads` (each of a sequence holding that
    /// many tokens; window caps; for sparse attention the selected tokens' latents plus every token's
    /// indexer key).
    func kvReadBytes(_ reads: Roofline.AttendedSums, decode: Bool) -> Double {
        let held: Double
        if let sparse = model.sparseAttention, let latent = model.latentAttention {
            let selected = reads.selected * Double(latent.cachedElementsPerLayer)
            let keys = reads.all * Double(sparse.indexerKeyDim)
            held = (selected + keys) / Double(latent.cachedElementsPerLayer + sparse.indexerKeyDim) * Double(model.layers)
        } else {
            let windowLayers = window?.layers ?? 0
            let windowedReads = reads.windowed * (decode ? chunkedDecodeReadFactor : 1)
            held = Double(model.layers - windowLayers) * reads.all + Double(windowLayers) * windowedReads
        }
        return held * kvBytesPerTokenLayer * kvShare
    }

    /// The most past tokens a windowed layer counts for a query at position `past` (0 without a window):
    /// a sliding window's width (the sums cap each count at it), or in chunks those since the query's
    /// chunk began, with the query itself when `includingSelf`.
    func windowSees(past: Double, includingSelf: Bool = false) -> Double {
        guard let window = slidingWindow else { return 0 }
        return window.chunked ? window.visible(past: past) + (includingSelf ? 1 : 0) : Double(window.tokens)
    }

    /// `windowSees` for a prompt chunk of `count` queries from position `from`, averaged over them: in
    /// chunks the exact mean (a span may cross a chunk's start), each query counting itself; a sliding
    /// window's width otherwise.
    func windowSeesOnAverage(from start: Double, count: Double) -> Double {
        guard let window = slidingWindow, window.chunked, count > 0 else { return windowSees(past: start) }
        let size = Double(window.tokens)
        var position = start, left = count, sum = 0.0
        while left > 0 {
            let offset = window.visible(past: position)
            let run = min(left, size - offset)
            sum += run * (offset + 1) + run * (run - 1) / 2
            position += run
            left -= run
        }
        return sum / count
    }

    /// What a step's tokens cost beyond the weights, as sums over the step's requests: the cache they
    /// read and the past tokens their queries attend to. Accumulated by the scheduler request by request
    /// (a few additions each, so a step of thousands of requests stays cheap); `time` turns the sums into
    /// bytes and FLOPs, per GPU before the pipeline multiplier.
    package struct Load: Sendable, Equatable {
        package var tokens = 0
        /// The cache read by decode tokens, and by prompt chunks of their earlier chunks.
        var decodeReads = Roofline.AttendedSums()
        var prefillReads = Roofline.AttendedSums()
        var decodeAttention = Roofline.AttendedSums()
        var prefillAttention = Roofline.AttendedSums()
        /// The scores unfused attention computes for the prompt chunks: each token against the whole
        /// context so far, masked, not the causal half (`EngineAssumptions.flashAttention`).
        var prefillScores = Roofline.AttendedSums()
        package init() {}

        /// One decode token of a request holding `context` tokens: it reads them and attends to them and itself.
        package mutating func addDecode(context: Int, _ step: StepModel) {
            tokens += 1
            let past = Double(context)
            decodeReads.add(past, selectedAtMost: step.kvSelectedAtMost, windowSees: step.windowSees(past: past))
            decodeAttention.add(past + 1, selectedAtMost: step.attentionSelectedAtMost, windowSees: step.windowSees(past: past, includingSelf: true))
        }

        /// A chunk of `chunk` prompt tokens after `cached` tokens already in the cache: it reads the
        /// cached part once and each new token attends, on average, to cached + chunk/2 tokens.
        package mutating func addPrefill(chunk: Int, cached: Int, _ step: StepModel) {
            tokens += chunk
            let past = Double(cached), count = Double(chunk)
            if cached > 0 { prefillReads.add(past, selectedAtMost: step.kvSelectedAtMost, windowSees: step.windowSees(past: past)) }
            prefillAttention.add(past + count / 2, weight: count, selectedAtMost: step.attentionSelectedAtMost,
                                 windowSees: step.windowSeesOnAverage(from: past, count: count))
            let chunked = step.slidingWindow?.chunked == true
            prefillScores.add(past + count, weight: count, selectedAtMost: step.attentionSelectedAtMost,
                              windowSees: chunked ? step.windowSees(past: past) + count : step.windowSees(past: past))
        }
    }

    /// A step's time and where it goes, in seconds.
    ///
    /// The step's kernels come in three kinds, each bound by its own bytes or FLOPs: the products with the
    /// weights (every token), decode attention (each decode reading its cache) and prompt attention (each
    /// chunk's tokens over their context). Engines launch them one after another (TensorRT-LLM's context
    /// and generation attention kernels, vLLM's FlashInfer prefill and decode wrappers), so a step's time is
    /// the sum of the three, not one roofline over all of it: a step that mixes a long prompt's
    /// compute-bound attention with many long decodes' cache reads waits for both.
    package struct Time: Sendable, Equatable {
        /// The weight products: streaming the weights the step touches (`expertSeconds` of it the routed
        /// experts') and the KV cache it writes, and their FLOPs.
        package var memorySeconds: Double
        package var expertSeconds: Double = 0
        package var computeSeconds: Double
        /// Decode attention and prompt attention, each its cache reads and FLOPs.
        package var decodeAttention = Roofline.KernelTime()
        package var prefillAttention = Roofline.KernelTime()
        package var communicationSeconds: Double
        /// Of the communication, how many messages paid the all-reduce latency (`Roofline.latencyBoundMessages`).
        package var latencyBoundMessages: Double = 0
        package var overheadSeconds: Double
        package var totalSeconds: Double {
            max(memorySeconds, computeSeconds) + decodeAttention.seconds + prefillAttention.seconds + communicationSeconds + overheadSeconds
        }

        /// Every part of this time `weight` times over (a step counted that many times in a weighted sum).
        func scaled(by weight: Double) -> Time {
            func scaled(_ kernel: Roofline.KernelTime) -> Roofline.KernelTime {
                Roofline.KernelTime(memorySeconds: kernel.memorySeconds * weight, computeSeconds: kernel.computeSeconds * weight)
            }
            return Time(memorySeconds: memorySeconds * weight, expertSeconds: expertSeconds * weight, computeSeconds: computeSeconds * weight,
                        decodeAttention: scaled(decodeAttention), prefillAttention: scaled(prefillAttention),
                        communicationSeconds: communicationSeconds * weight, latencyBoundMessages: latencyBoundMessages * weight,
                        overheadSeconds: overheadSeconds * weight)
        }
    }

    /// The time of a step carrying `load`.
    package func time(_ load: Load) -> Time {
        let tp = Double(parallelism.tensor)
        let tokens = Double(load.tokens)
        let experts = routedExpertBytes * Roofline.touchedExpertFraction(model: model, tokens: load.tokens) / tp * stagesTimesShare
        let written = tokens * kvBytesPerToken * kvShare
        let bytes = (alwaysReadWeightBytes / tp + written) * stagesTimesShare
        let expertSeconds = Roofline.streamingSeconds(bytes: 0, expertBytes: experts, gpu: gpu, assumptions: assumptions)
        let memorySeconds = Roofline.streamingSeconds(bytes: bytes, expertBytes: 0, gpu: gpu, assumptions: assumptions) + expertSeconds
        let windowLayers = window?.layers ?? 0
        func attention(reads: Roofline.AttendedSums, attended: Roofline.AttendedSums, decode: Bool) -> Roofline.KernelTime {
            let fused = assumptions.flashAttention
            let flops = Roofline.attentionFLOPs(model: model, attended, windowLayers: windowLayers, decode: decode) / tp * stagesTimesShare
            // A decode token's scores (one row per head, a few MB per layer at most) stay in the GPU's L2 cache.
            let scores = fused || decode ? 0 : Roofline.unfusedScoreBytes(model: model, attended, windowLayers: windowLayers) / tp
            return Roofline.KernelTime(memorySeconds: Roofline.streamingSeconds(bytes: (kvReadBytes(reads, decode: decode) + scores) * stagesTimesShare, expertBytes: 0,
                                                                           gpu: gpu, assumptions: assumptions),
                                  computeSeconds: flops / peak)
        }
        let communication = Roofline.communicationSeconds(model: model, tokens: load.tokens, parallelism: parallelism, links: links,
                                                          assumptions: assumptions)
            + Roofline.expertAllToAllSeconds(model: model, tokens: load.tokens, parallelism: parallelism, links: links,
                                             assumptions: assumptions)
        let overhead = Roofline.passOverheadSeconds(model: model, assumptions: assumptions)
        return Time(memorySeconds: memorySeconds, expertSeconds: expertSeconds,
                    computeSeconds: 2 * Double(model.activeMatmulParameters) * tokens / tp * stagesTimesShare / peak,
                    decodeAttention: attention(reads: load.decodeReads, attended: load.decodeAttention, decode: true),
                    prefillAttention: attention(reads: load.prefillReads, attended: assumptions.flashAttention ? load.prefillAttention : load.prefillScores,
                                                decode: false),
                    communicationSeconds: communication,
                    latencyBoundMessages: Double(Roofline.latencyBoundMessages(model: model, parallelism: parallelism)), overheadSeconds: overhead)
    }
}

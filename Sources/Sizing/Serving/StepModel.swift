import Catalog
import Foundation

/// How long one continuous-batching step takes on one replica, and how many tokens of KV cache the
/// replica holds.
///
/// A step (as vLLM and SGLang schedule them) runs one decode token for each running request plus
/// chunks of prompt tokens. Its time is the roofline's, with the roofline's constants
/// (`EngineAssumptions`) and helpers (`Roofline`), per GPU and summed over pipeline stages:
/// - bytes = the weights the step's tokens touch (for MoE the expected distinct experts,
///   E × (1 − (1 − k/E)^tokens) per layer) + the KV cache each decode reads and each prompt chunk
///   reads of its earlier chunks + the KV the step writes;
/// - FLOPs = 2 × active matmul parameters × tokens + attention over each token's context;
/// - time = max(bytes ÷ bandwidth, FLOPs ÷ peak) + TP all-reduces, PP hand-offs and EP all-to-alls
///   of the step's tokens + the per-layer launch overhead + a fixed per-step overhead.
/// Owns the arithmetic of a step only; it never schedules, never keeps state between steps.
package struct StepModel: Sendable {
    package let model: ModelSpec
    package let precision: PrecisionSpec
    package let parallelism: Parallelism
    package let assumptions: EngineAssumptions
    let links: Roofline.Links
    /// Sustained bandwidth (bytes/s) and compute (FLOP/s) per GPU after the efficiencies.
    let bandwidth: Double
    let peak: Double
    /// Number of pipeline stages × the busiest stage's share of layers: what per-GPU work is multiplied by.
    let stagesTimesShare: Double
    /// The share of a sequence's KV cache one GPU holds and reads.
    let kvShare: Double
    let window: (layers: Int, tokens: Int)?
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
        bandwidth = gpu.memoryBandwidthBytesPerSecond * assumptions.memoryBandwidthEfficiency
        peak = Roofline.computePath(precision: precision, gpu: gpu).flops * assumptions.computeEfficiency
        let share = Placement.stageShare(layers: model.layers, pipeline: parallelism.pipeline)
        stagesTimesShare = Double(parallelism.pipeline) * share
        kvShare = Placement.kvShare(model: model, tensor: parallelism.tensor)
        window = model.slidingWindow.map { (layers: $0.layers, tokens: $0.tokens) }
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

    /// Bytes of cache one GPU reads for a sequence holding `context` tokens (window caps; for sparse
    /// attention the selected tokens' latents plus every token's indexer key).
    func kvReadBytes(context: Int) -> Double {
        let tokens = Double(context)
        let held: Double
        if let sparse = model.sparseAttention, let latent = model.latentAttention {
            let selected = min(tokens, Double(sparse.topK)) * Double(latent.cachedElementsPerLayer)
            let keys = tokens * Double(sparse.indexerKeyDim)
            held = (selected + keys) / Double(latent.cachedElementsPerLayer + sparse.indexerKeyDim) * Double(model.layers)
        } else {
            let windowLayers = window?.layers ?? 0
            held = Double(model.layers - windowLayers) * tokens + Double(windowLayers) * min(tokens, Double(window?.tokens ?? 0))
        }
        return held * kvBytesPerTokenLayer * kvShare
    }

    /// What a step's tokens cost beyond the weights: cache bytes read and attention FLOPs, per GPU
    /// before the pipeline multiplier. Accumulated by the scheduler over the step's requests.
    package struct Load: Sendable, Equatable {
        package var tokens = 0
        package var kvBytes = 0.0
        package var attentionFLOPs = 0.0
        package init() {}

        /// One decode token of a request holding `context` tokens.
        package mutating func addDecode(context: Int, _ step: StepModel) {
            tokens += 1
            kvBytes += step.kvReadBytes(context: context)
            attentionFLOPs += Roofline.attentionFLOPs(model: step.model, attendedTokens: Double(context + 1), windowed: step.window,
                                                      decode: true)
        }

        /// A chunk of `chunk` prompt tokens after `cached` tokens already in the cache: it reads the
        /// cached part once and each new token attends, on average, to cached + chunk/2 tokens.
        package mutating func addPrefill(chunk: Int, cached: Int, _ step: StepModel) {
            tokens += chunk
            if cached > 0 { kvBytes += step.kvReadBytes(context: cached) }
            attentionFLOPs += Roofline.attentionFLOPs(model: step.model, attendedTokens: Double(cached) + Double(chunk) / 2,
                                                      windowed: step.window, decode: false) * Double(chunk)
        }
    }

    /// A step's time and where it goes, in seconds.
    package struct Time: Sendable, Equatable {
        package var memorySeconds: Double
        package var computeSeconds: Double
        package var communicationSeconds: Double
        package var overheadSeconds: Double
        package var totalSeconds: Double { max(memorySeconds, computeSeconds) + communicationSeconds + overheadSeconds }
    }

    /// The time of a step carrying `load`.
    package func time(_ load: Load) -> Time {
        let tp = Double(parallelism.tensor)
        let tokens = Double(load.tokens)
        let weights = (alwaysReadWeightBytes + routedExpertBytes * Roofline.touchedExpertFraction(model: model, tokens: load.tokens)) / tp
        let written = tokens * kvBytesPerToken * kvShare
        let bytes = (weights + load.kvBytes + written) * stagesTimesShare
        let flops = (2 * Double(model.activeMatmulParameters) * tokens + load.attentionFLOPs) / tp * stagesTimesShare
        let communication = Roofline.communicationSeconds(model: model, tokens: load.tokens, parallelism: parallelism, links: links,
                                                          assumptions: assumptions)
            + Roofline.expertAllToAllSeconds(model: model, tokens: load.tokens, parallelism: parallelism, links: links,
                                             assumptions: assumptions)
        let overhead = Roofline.passOverheadSeconds(model: model, assumptions: assumptions)
        return Time(memorySeconds: bytes / bandwidth, computeSeconds: flops / peak, communicationSeconds: communication,
                    overheadSeconds: overhead)
    }
}

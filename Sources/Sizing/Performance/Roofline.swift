import Catalog
import Foundation

/// The roofline model of decode and prefill, per GPU of a placement.
///
/// Decode step (all `users` sequences advance one token), in two kinds of kernel (`KernelTime`):
/// - the products with the weights: the weights the step touches (dense: every matmul weight; MoE:
///   shared parts plus the experts the batch's tokens select, E × (1 − (1 − k/E)^batch) per layer under
///   uniform routing), and 2 × active matmul parameters × batch FLOPs;
/// - attention: the KV cache read for every sequence at full context, and QKᵀ and AV over the
///   attended tokens;
/// - time = Σ over the kinds of max(bytes ÷ (bandwidth × efficiency), FLOPs ÷ (dense peak ×
///   efficiency)), each per GPU and summed over pipeline stages (no micro-batch overlap: a
///   conservative figure),
///   + a fixed overhead per layer (kernel launches),
///   + 2 all-reduces per layer of batch × hidden activations when TP > 1 (ring: 2(TP−1)/TP of the
///   message over the link's one-direction bandwidth, plus a fixed latency), + one hand-off per
///   pipeline boundary.
/// Prefill of one prompt: the products (weights read once, 2 × active parameters × prompt FLOPs) and
/// then causal attention's FLOPs; all-reduces carry prompt × hidden activations.
package enum Roofline {
    /// The data type matrix products run in on `gpu` for `precision`, and its dense peak in FLOP/s.
    /// Falls back to BF16, FP16 then FP32 when the GPU lacks the precision's tensor-core path.
    package static func computePath(precision: PrecisionSpec, gpu: GPUSpec) -> (type: String, flops: Double) {
        for type in [precision.computeType, "bf16", "fp16", "fp32"] {
            if let flops = gpu.denseFLOPS(for: type) { return (type, flops) }
        }
        return ("fp32", 1e12)
    }

    /// Links used for communication: intra-node per-GPU bandwidth and inter-node per-GPU bandwidth, both one direction.
    package struct Links: Sendable, Hashable {
        package var intraNodeBytesPerSecond: Double
        package var interNodeBytesPerSecond: Double
        package init(intraNodeBytesPerSecond: Double, interNodeBytesPerSecond: Double) {
            self.intraNodeBytesPerSecond = intraNodeBytesPerSecond
            self.interNodeBytesPerSecond = interNodeBytesPerSecond
        }
    }

    /// Weight bytes a decode step of `batch` sequences streams, for the whole model: every stored byte
    /// but the input embedding table (only gathered) and the routed experts no token of the batch selects,
    /// each tensor at its own storage width (gpt-oss's BF16 attention and MXFP4 experts apart).
    package static func decodeWeightBytes(model: ModelSpec, precision: PrecisionSpec, batch: Int) throws(SizingError) -> Double {
        let split = decodeWeightBytesSplit(try WeightsEstimate(model: model, precision: precision), model: model, batch: batch)
        return split.dense + split.experts
    }

    /// `decodeWeightBytes` in its two parts, from the model's `weights`: the bytes every step reads, and
    /// the routed experts' bytes the batch selects, which stream at their own efficiency (`streamingSeconds`).
    static func decodeWeightBytesSplit(_ weights: WeightsEstimate, model: ModelSpec, batch: Int) -> (dense: Double, experts: Double) {
        let always = Double(weights.bytes - weights.embeddingTableBytes - weights.routedExpertBytes)
        return (always, Double(weights.routedExpertBytes) * touchedExpertFraction(model: model, tokens: batch))
    }

    /// Seconds to stream `bytes` (weights other than routed experts, and the KV cache) and
    /// `expertBytes` (routed experts' weights) from one GPU's memory: the one rule for every estimate.
    static func streamingSeconds(bytes: Double, expertBytes: Double, gpu: GPUSpec, assumptions: EngineAssumptions) -> Double {
        bytes / (gpu.memoryBandwidthBytesPerSecond * assumptions.memoryBandwidthEfficiency)
            + expertBytes / (gpu.memoryBandwidthBytesPerSecond * assumptions.expertEfficiency)
    }

    /// The expected share of routed experts that `tokens` tokens select between them under uniform
    /// routing, 1 − (1 − k/E)^tokens (all of them for a dense model's feed-forward).
    package static func touchedExpertFraction(model: ModelSpec, tokens: Int) -> Double {
        guard let experts = model.experts, experts.total > 0 else { return 1 }
        let selectedFraction = Double(experts.active) / Double(experts.total)
        return 1 - pow(1 - selectedFraction, Double(tokens))
    }

    /// Attention FLOPs for one query token attending to `tokens` past tokens in every layer
    /// (window caps applied per layer; a chunked layer counted at its most, a whole chunk), with MLA
    /// in its absorbed (decode) or expanded (prefill) form.
    static func attentionFLOPs(model: ModelSpec, attendedTokens tokens: Double, windowed: (layers: Int, tokens: Int)?,
                               decode: Bool) -> Double {
        var sums = AttendedSums()
        sums.add(tokens, selectedAtMost: model.sparseAttention.map { Double($0.topK) }, windowSees: Double(windowed?.tokens ?? 0))
        return attentionFLOPs(model: model, sums, windowLayers: windowed?.layers ?? 0, decode: decode)
    }

    /// Attention FLOPs of the query tokens summed in `sums` (each attending to its own count of past
    /// tokens; `add`'s weight counts the query tokens that attend to as many), in every layer: the one
    /// formula for a single token and for a whole step's tokens at once.
    static func attentionFLOPs(model: ModelSpec, _ sums: AttendedSums, windowLayers: Int, decode: Bool) -> Double {
        let perPair: Double
        if let latent = model.latentAttention {
            let attentionTokensDims: Double = decode
                ? Double(latent.kvLoraRank + latent.ropeDim + latent.kvLoraRank)
                : Double(latent.noRopeDim + latent.ropeDim + latent.valueHeadDim)
            perPair = 2 * Double(model.attentionHeads) * attentionTokensDims
        } else {
            perPair = 4 * Double(model.attentionHeads) * Double(model.headDim)
        }
        // A sparse model's lightning indexer scores every past token in every layer.
        let indexer = model.sparseAttention.map { 2 * Double($0.indexerHeads * $0.indexerKeyDim) } ?? 0
        let fullLayers = Double(model.layers - windowLayers)
        return fullLayers * perPair * sums.selected + Double(windowLayers) * perPair * sums.windowed + Double(model.layers) * indexer * sums.all
    }

    /// One kind of kernel's time: the larger of streaming its bytes and doing its FLOPs. A forward pass
    /// runs its kinds one after another (the products with the weights, then attention), so their times
    /// add: one roofline over the whole pass would let a compute-bound product hide a memory-bound cache
    /// read, which no engine's separate kernels do.
    package struct KernelTime: Sendable, Hashable {
        package var memorySeconds = 0.0
        package var computeSeconds = 0.0
        package var seconds: Double { max(memorySeconds, computeSeconds) }
        package init(memorySeconds: Double = 0, computeSeconds: Double = 0) {
            self.memorySeconds = memorySeconds
            self.computeSeconds = computeSeconds
        }
    }

    /// Bytes unfused attention moves for the scores of the query tokens summed in `sums`, in every layer:
    /// each score (one per query, past token and head) written in f32 by QKᵀ, read and written by the
    /// softmax, read by the product with V, 16 bytes in all (llama.cpp without `-fa`).
    static func unfusedScoreBytes(model: ModelSpec, _ sums: AttendedSums, windowLayers: Int) -> Double {
        16 * Double(model.attentionHeads) * (Double(model.layers - windowLayers) * sums.selected + Double(windowLayers) * sums.windowed)
    }

    /// Sums over query tokens (or cache reads) of the past tokens each attends to: all of them, those a
    /// sparse model selects (at most its top-k), and those a windowed layer sees of the selection.
    struct AttendedSums: Sendable, Equatable {
        var all = 0.0
        var selected = 0.0
        var windowed = 0.0

        /// `weight` query tokens each attending to `tokens` past tokens, of which a windowed layer sees
        /// at most `windowSees` (a sliding window's width, or the tokens since a chunk began).
        mutating func add(_ tokens: Double, weight: Double = 1, selectedAtMost topK: Double?, windowSees: Double) {
            let chosen = topK.map { min(tokens, $0) } ?? tokens
            all += weight * tokens
            selected += weight * chosen
            windowed += weight * min(chosen, windowSees)
        }
    }

    /// Speed of `model` at `precision` with the given cache, on `gpu` split as `parallelism`.
    package static func estimate(model: ModelSpec, precision: PrecisionSpec, kvCache: KVCacheEstimate, promptTokens: Int,
                                gpu: GPUSpec, parallelism: Parallelism, links: Links,
                                assumptions: EngineAssumptions) throws(SizingError) -> PerformanceEstimate {
        let batch = kvCache.users
        let tp = Double(parallelism.tensor)
        let pp = parallelism.pipeline
        let share = Placement.stageShare(layers: model.layers, pipeline: pp)
        let stagesTimesShare = Double(pp) * share
        let kvShare = Placement.kvShare(model: model, tensor: parallelism.tensor)
        let path = computePath(precision: precision, gpu: gpu)
        let peak = path.flops * assumptions.computeEfficiency
        let window = model.slidingWindow.map { (layers: $0.layers, tokens: $0.tokens) }

        // Decode.
        let weights = try WeightsEstimate(model: model, precision: precision)
        let weightBytes = decodeWeightBytesSplit(weights, model: model, batch: batch)
        let kvBytes = Double(kvCache.decodeReadBytesPerSequence) * Double(batch) * kvShare
        let decodeBytes = (weightBytes.dense / tp + weightBytes.experts / tp + kvBytes) * stagesTimesShare
        let decodeProducts = KernelTime(
            memorySeconds: streamingSeconds(bytes: weightBytes.dense / tp * stagesTimesShare, expertBytes: weightBytes.experts / tp * stagesTimesShare,
                                            gpu: gpu, assumptions: assumptions),
            computeSeconds: 2 * Double(model.activeMatmulParameters) * Double(batch) / tp * stagesTimesShare / peak)
        let attention = attentionFLOPs(model: model, attendedTokens: Double(kvCache.contextTokens), windowed: window, decode: true) * Double(batch)
        let decodeAttention = KernelTime(memorySeconds: streamingSeconds(bytes: kvBytes * stagesTimesShare, expertBytes: 0, gpu: gpu, assumptions: assumptions),
                                         computeSeconds: attention / tp * stagesTimesShare / peak)
        let decodeFLOPs = (2 * Double(model.activeMatmulParameters) * Double(batch) + attention) / tp * stagesTimesShare
        let decodeCommunication = communicationSeconds(model: model, tokens: batch, parallelism: parallelism, links: links,
                                                       assumptions: assumptions)

        // Prefill of one prompt: Σ over positions of the tokens each attends to is P²/2 for full layers, capped by windows.
        let prompt = Double(promptTokens)
        // Unfused attention (`EngineAssumptions.flashAttention`) scores every token against the whole prompt, masked,
        // and moves the scores through memory.
        let scored = assumptions.flashAttention ? prompt / 2 : prompt
        let causalAttention = attentionFLOPs(model: model, attendedTokens: scored, windowed: window, decode: false) * prompt
        let perGPU = stagesTimesShare / tp
        let prefillProducts = KernelTime(
            memorySeconds: streamingSeconds(bytes: Double(weights.bytes - weights.routedExpertBytes) * perGPU,
                                            expertBytes: Double(weights.routedExpertBytes) * perGPU, gpu: gpu, assumptions: assumptions),
            computeSeconds: 2 * Double(model.activeMatmulParameters) * prompt * perGPU / peak)
        var scores = AttendedSums()
        scores.add(prompt, weight: prompt, selectedAtMost: model.sparseAttention.map { Double($0.topK) }, windowSees: Double(window?.tokens ?? 0))
        let scoreBytes = assumptions.flashAttention ? 0 : unfusedScoreBytes(model: model, scores, windowLayers: window?.layers ?? 0) * perGPU
        let prefillAttention = KernelTime(memorySeconds: streamingSeconds(bytes: scoreBytes, expertBytes: 0, gpu: gpu, assumptions: assumptions),
                                          computeSeconds: causalAttention * perGPU / peak)
        let prefillCommunication = communicationSeconds(model: model, tokens: promptTokens, parallelism: parallelism, links: links,
                                                        assumptions: assumptions)

        return PerformanceEstimate(
            batch: batch, decodeBytesPerStep: decodeBytes, decodeFLOPsPerStep: decodeFLOPs,
            decodeProducts: decodeProducts, decodeAttention: decodeAttention, decodeCommunicationSeconds: decodeCommunication,
            passOverheadSeconds: passOverheadSeconds(model: model, assumptions: assumptions),
            requestOverheadSeconds: assumptions.requestOverheadSeconds, promptTokens: promptTokens,
            prefillFLOPs: 2 * Double(model.activeMatmulParameters) * prompt + causalAttention,
            prefillProducts: prefillProducts, prefillAttention: prefillAttention,
            prefillCommunicationSeconds: prefillCommunication, computeType: path.type, peakFLOPSPerGPU: path.flops)
    }

    /// The fixed time of one forward pass beyond its bytes, FLOPs and messages: each layer's kernel
    /// launches and tails, and the engine's per-step work (sampling, scheduling, host sync). The one
    /// rule for the plain estimate and the serving simulation's steps alike, so a calibrated step
    /// overhead moves both.
    package static func passOverheadSeconds(model: ModelSpec, assumptions: EngineAssumptions) -> Double {
        Double(model.layers) * assumptions.layerOverheadSeconds + assumptions.stepOverheadSeconds
    }

    /// Tensor-parallel all-reduces (two per layer) and pipeline hand-offs for a pass over `tokens` tokens.
    package static func communicationSeconds(model: ModelSpec, tokens: Int, parallelism: Parallelism, links: Links,
                                            assumptions: EngineAssumptions) -> Double {
        // In floating point: a token count times a width may pass what an Int holds, and this is a time, not a count.
        let message = Double(tokens) * Double(model.hiddenSize) * Double(assumptions.activationBytes)
        var seconds = 0.0
        if parallelism.tensor > 1 {
            let tp = Double(parallelism.tensor)
            let link = links.intraNodeBytesPerSecond * assumptions.interconnectEfficiency
            let perAllReduce = 2 * (tp - 1) / tp * message / link + assumptions.allReduceLatencySeconds
            seconds += Double(tensorParallelAllReduces(model: model, parallelism: parallelism)) * perAllReduce
        }
        if parallelism.pipeline > 1 {
            let link = links.interNodeBytesPerSecond * assumptions.interconnectEfficiency
            seconds += Double(parallelism.pipeline - 1) * (message / link + assumptions.pipelineHopLatencySeconds)
        }
        return seconds
    }

    /// Expert-parallel dispatch and combine of a pass over `tokens` tokens: in each MoE layer every GPU
    /// sends its 1/EP of the tokens' hidden vectors to their k experts, (EP − 1)/EP of them to other
    /// GPUs, and receives the results back (two exchanges of that size, each with the all-reduce latency).
    package static func expertAllToAllSeconds(model: ModelSpec, tokens: Int, parallelism: Parallelism, links: Links,
                                             assumptions: EngineAssumptions) -> Double {
        guard let experts = model.experts, parallelism.expert > 1 else { return 0 }
        let ep = Double(parallelism.expert)
        let message = Double(tokens) / ep * Double(experts.active * model.hiddenSize * assumptions.activationBytes) * (ep - 1) / ep
        let link = links.intraNodeBytesPerSecond * assumptions.interconnectEfficiency
        return Double(expertExchanges(model: model, parallelism: parallelism)) * (message / link + assumptions.allReduceLatencySeconds)
    }

    /// Tensor-parallel all-reduces of one pass: two a layer (after attention and after the feed-forward), none without TP.
    static func tensorParallelAllReduces(model: ModelSpec, parallelism: Parallelism) -> Int {
        parallelism.tensor > 1 ? 2 * model.layers : 0
    }

    /// Expert-parallel exchanges of one pass: dispatch and combine in each MoE layer, none without EP.
    static func expertExchanges(model: ModelSpec, parallelism: Parallelism) -> Int {
        guard let experts = model.experts, parallelism.expert > 1 else { return 0 }
        return 2 * experts.moeLayers
    }

    /// The messages of one pass that each pay `EngineAssumptions.allReduceLatencySeconds`: the one count
    /// that the communication times above and calibration's replay of them share.
    package static func latencyBoundMessages(model: ModelSpec, parallelism: Parallelism) -> Int {
        tensorParallelAllReduces(model: model, parallelism: parallelism) + expertExchanges(model: model, parallelism: parallelism)
    }
}

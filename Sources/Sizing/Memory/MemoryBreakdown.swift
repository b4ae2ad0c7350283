import Catalog

/// Where a deployment's memory goes: weights, KV cache, activation workspace and runtime overhead.
///
/// Used twice: for the model as a whole (one replica on one imaginary GPU large enough, the
/// `memory` object of `size --format json`) and per GPU of a placement option.
public struct MemoryBreakdown: Sendable, Hashable {
    public var weightsBytes: Int
    public var kvCacheBytes: Int
    /// One token cached in every layer (for the whole model; for one GPU, that GPU's share).
    public var kvCacheBytesPerToken: Int
    public var activationsBytes: Int
    public var overheadBytes: Int

    public init(weightsBytes: Int, kvCacheBytes: Int, kvCacheBytesPerToken: Int, activationsBytes: Int, overheadBytes: Int) {
        self.weightsBytes = weightsBytes
        self.kvCacheBytes = kvCacheBytes
        self.kvCacheBytesPerToken = kvCacheBytesPerToken
        self.activationsBytes = activationsBytes
        self.overheadBytes = overheadBytes
    }

    public var totalBytes: Int { weightsBytes + kvCacheBytes + activationsBytes + overheadBytes }
}

/// The activation workspace: the tensors alive at the peak of one layer's forward pass over a chunk
/// of tokens, plus the logits of one decode step. Weights are sharded by tensor parallelism; so is
/// the feed-forward part of the workspace, while hidden-width tensors are whole on every GPU.
/// This is a lower bound on what an engine reserves: vLLM's V0 profiler, which also materialised
/// logits for every profiled token, reported 9.37 GiB for Llama 3 8B (vllm-project/vllm#12330),
/// where this model gives about 1 GB.
public enum ActivationModel {
    /// Activation bytes on one GPU of a tensor-parallel group of `tensorParallel` GPUs.
    ///
    /// chunk × bytes × (liveHidden × hidden + liveFFN × widest feed-forward ÷ TP) + sequences × vocab ÷ TP × logit bytes,
    /// where chunk = min(prefill chunk, users × context) and the widest feed-forward is the dense
    /// one or, for MoE, (active + shared) experts × expert width.
    public static func bytesPerGPU(model: ModelSpec, tensorParallel: Int, users: Int, contextTokens: Int,
                                   assumptions: EngineAssumptions) -> Int {
        let chunk = min(assumptions.prefillChunkTokens, users * contextTokens)
        let expertWidth = model.experts.map { ($0.active + $0.shared) * $0.expertFFNSize } ?? 0
        let ffn = max(model.ffnSize, expertWidth)
        let perToken = assumptions.liveHiddenTensors * model.hiddenSize + assumptions.liveFFNTensors * ffn / tensorParallel
        let workspace = chunk * assumptions.activationBytes * perToken
        let logits = users * model.vocabSize / tensorParallel * assumptions.logitBytes
        return workspace + logits
    }
}

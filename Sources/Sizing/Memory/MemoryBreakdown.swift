import Basics
import Catalog

/// Where a deployment's memory goes: weights, KV cache, activation workspace and runtime overhead.
///
/// Used twice: for the model as a whole (one replica on one imaginary GPU large enough, the
/// `memory` object of `size --format json`) and per GPU of a placement option. Encoded (in reports)
/// under its property names, which a snake-case encoder turns into `size --format json`'s keys.
package struct MemoryBreakdown: Sendable, Hashable, Encodable {
    package let weightsBytes: Int
    package let kvCacheBytes: Int
    /// One token cached in every layer (for the whole model; for one GPU, that GPU's share).
    package let kvCacheBytesPerToken: Int
    package let activationsBytes: Int
    package let overheadBytes: Int
    /// weights + KV cache + activations + overhead, added with overflow checked.
    package let totalBytes: Int

    /// The parts and their total; a total too large to count is refused as too many users (the only
    /// input that grows without bound; a model too large is caught earlier, by its weights).
    package init(weightsBytes: Int, kvCacheBytes: Int, kvCacheBytesPerToken: Int, activationsBytes: Int, overheadBytes: Int) throws(SizingError) {
        self.weightsBytes = weightsBytes
        self.kvCacheBytes = kvCacheBytes
        self.kvCacheBytesPerToken = kvCacheBytesPerToken
        self.activationsBytes = activationsBytes
        self.overheadBytes = overheadBytes
        totalBytes = try SizingError.counting(.users) { () throws(CountOverflow) in
            try CheckedCount.sum(weightsBytes, kvCacheBytes, activationsBytes, overheadBytes, what: "the memory")
        }
    }
}

/// The activation workspace: the tensors alive at the peak of one layer's forward pass over a chunk
/// of tokens, plus the logits of one decode step. Weights are sharded by tensor parallelism; so is
/// the feed-forward part of the workspace, while hidden-width tensors are whole on every GPU.
/// This is a lower bound on what an engine reserves: vLLM's V0 profiler, which also materialised
/// logits for every profiled token, reported 9.37 GiB for Llama 3 8B (vllm-project/vllm#12330),
/// where this model gives about 1 GB.
package enum ActivationModel {
    /// Tokens in one prefill pass: the prefill chunk, or every user's whole context when that is fewer.
    package static func chunkTokens(users: Int, contextTokens: Int, assumptions: EngineAssumptions) -> Int {
        let tokens = users.multipliedReportingOverflow(by: contextTokens)
        return tokens.overflow ? assumptions.prefillChunkTokens : min(assumptions.prefillChunkTokens, tokens.partialValue)
    }

    /// Activation bytes on one GPU of a tensor-parallel group of `tensorParallel` GPUs.
    ///
    /// chunk × bytes × (liveHidden × hidden + liveFFN × widest feed-forward ÷ TP) + sequences × vocab ÷ TP × logit bytes,
    /// where chunk = min(prefill chunk, users × context) and the widest feed-forward is the dense
    /// one or, for MoE, (active + shared) experts × expert width.
    package static func bytesPerGPU(model: ModelSpec, tensorParallel: Int, users: Int, contextTokens: Int,
                                   assumptions: EngineAssumptions) throws(SizingError) -> Int {
        let what = "the activation workspace of \(NumberText.count(users, "user"))"
        return try SizingError.counting(.users) { () throws(CountOverflow) in
            let chunk = chunkTokens(users: users, contextTokens: contextTokens, assumptions: assumptions)
            let expertWidth = try model.experts.map { experts throws(CountOverflow) in
                try CheckedCount.product(experts.active + experts.shared, experts.expertFFNSize, what: what)
            } ?? 0
            let ffn = max(model.ffnSize, expertWidth)
            let perToken = try CheckedCount.sum(try CheckedCount.product(assumptions.liveHiddenTensors, model.hiddenSize, what: what),
                                                try CheckedCount.product(assumptions.liveFFNTensors, ffn, what: what) / tensorParallel, what: what)
            let workspace = try CheckedCount.product(chunk, assumptions.activationBytes, perToken, what: what)
            let logits = try CheckedCount.product(try CheckedCount.product(users, model.vocabSize, what: what) / tensorParallel,
                                                  assumptions.logitBytes, what: what)
            return try CheckedCount.sum(workspace, logits, what: what)
        }
    }
}

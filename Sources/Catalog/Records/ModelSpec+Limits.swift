/// The ranges a model's architecture must lie in before the engine multiplies it: one rule for every
/// way a model arrives (a catalog record, a config.json, a GGUF or safetensors header), so a corrupt
/// or hostile file becomes an error naming the field, never an overflow trap, a negative byte count
/// or a layer loop that allocates without end.
///
/// It owns the limits and the sentence that explains a value outside them. It never reads files and
/// never adjusts a value: callers turn the message into an error at the input's position.
extension ModelSpec {
    /// The largest architecture dimension accepted (heads, widths, vocabulary): 2²⁴, a hundred times
    /// any published model's, and small enough that the engine's products of two or three of them stay
    /// far inside an `Int`.
    package static let largestDimension = 16_777_216
    /// The most layers (a hundred times DeepSeek-V3's 61); the engine walks the layers one by one.
    package static let largestLayerCount = 4096
    /// The most routed experts per layer (DeepSeek-V3 has 256).
    package static let largestExpertCount = 65_536
    /// The most parameters, 2⁵² (about 4.5 quadrillion): their bytes at 32 bits stay exact in a `Double`
    /// and far inside an `Int`.
    package static let largestParameterCount = 1 << 52
    /// The longest context a model may declare, 2³² tokens.
    package static let largestContext = 1 << 32

    /// Why this architecture cannot be sized, naming the first field outside its range, or nil.
    package var limitProblem: String? {
        func outside(_ name: String, _ value: Int, _ range: ClosedRange<Int>) -> String? {
            range.contains(value) ? nil
                : "\(name) is \(value); expected \(range.lowerBound) to \(range.upperBound)"
        }
        let dimension = 1...Self.largestDimension
        var checks: [String?] = [
            outside("the layer count", layers, 1...Self.largestLayerCount),
            outside("the hidden size", hiddenSize, dimension),
            outside("the attention head count", attentionHeads, dimension),
            outside("the KV head count", kvHeads, 1...attentionHeads),
            outside("the head dimension", headDim, dimension),
            outside("the feed-forward size", ffnSize, 0...Self.largestDimension),
            outside("the vocabulary size", vocabSize, dimension),
            outside("the context length", maxContextTokens, 1...Self.largestContext),
        ]
        if attentionHeads % max(1, kvHeads) != 0 {
            checks.append("the attention head count \(attentionHeads) is not a multiple of the KV head count \(kvHeads)")
        }
        if let experts {
            checks += [
                outside("the expert count", experts.total, 1...Self.largestExpertCount),
                outside("the experts each token uses", experts.active, 1...max(1, experts.total)),
                outside("the shared expert count", experts.shared, 0...Self.largestExpertCount),
                outside("the mixture-of-experts layer count", experts.moeLayers, 0...layers),
                outside("the expert feed-forward size", experts.expertFFNSize, 0...Self.largestDimension),
            ]
        }
        if let latent = latentAttention {
            checks += [
                outside("the MLA latent rank (kv_lora_rank)", latent.kvLoraRank, dimension),
                outside("the MLA rotary dimension", latent.ropeDim, 0...Self.largestDimension),
                outside("the MLA non-rotary dimension", latent.noRopeDim, 0...Self.largestDimension),
                outside("the MLA value head dimension", latent.valueHeadDim, dimension),
                latent.qLoraRank.flatMap { outside("the MLA query rank (q_lora_rank)", $0, dimension) },
            ]
        }
        if let sparse = sparseAttention {
            checks += [
                outside("the sparse attention top-k", sparse.topK, dimension),
                outside("the indexer head count", sparse.indexerHeads, dimension),
                outside("the indexer key dimension", sparse.indexerKeyDim, dimension),
            ]
        }
        if let window = slidingWindow {
            checks += [outside("the sliding window", window.tokens, 1...Self.largestContext),
                       outside("the sliding-window layer count", window.layers, 0...layers)]
        }
        if let pattern = layerAttention, pattern.count != layers {
            checks.append("the per-layer attention pattern lists \(pattern.count) layers for \(layers)")
        }
        // Counts derived from the dimensions last, so the message names the dimension at fault when there is one.
        checks += [
            outside("the parameter count", totalParameters, 0...Self.largestParameterCount),
            outside("the active parameter count", activeParameters, 0...max(0, totalParameters)),
            outside("the state per sequence", stateElementsPerSequence, 0...Self.largestParameterCount),
        ]
        return checks.lazy.compactMap { $0 }.first
    }
}

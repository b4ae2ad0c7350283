import Basics
import Catalog

/// The key/value cache a model keeps for its users: what one token costs, what one conversation of
/// `contextTokens` holds, and the total for all users.
///
/// Per token and layer the cache holds 2 × KV heads × head dim elements for MHA/GQA/MQA, or the
/// latent plus rotary key (kv_lora_rank + rope dim) for MLA, plus the indexer key where sparse
/// attention keeps one: vLLM stores that key in FP8 with a 4-byte FP32 scale (`index_head_dim` + 4
/// = 132 B per layer for GLM-5 and DeepSeek-V3.2) whatever the KV precision (vLLM's DeepSeek-V3.2
/// sparse-attention indexer cache). Layers with a sliding window hold at most the window's tokens.
package struct KVCacheEstimate: Sendable, Hashable {
    package var contextTokens: Int
    package var users: Int
    /// Bytes per cached element at the KV precision (2 for BF16, 1 for FP8, 1.0625 for Q8_0).
    package var bytesPerElement: Double
    /// Elements cached per token in one layer at the KV precision (the indexer key is apart).
    package var elementsPerTokenPerLayer: Int
    /// Bytes of the sparse-attention indexer key per token and layer (FP8 key + FP32 scale); 0 without an indexer.
    package var indexerBytesPerTokenPerLayer: Int
    /// Layers that attend to the whole context.
    package var fullLayers: Int
    /// Layers limited to a sliding window, and the window's length in tokens.
    package var windowedLayers: Int
    package var windowTokens: Int
    /// Linear-attention or state-space layers: no per-token cache, a constant state instead.
    package var linearLayers: Int
    /// The constant state of those layers for one sequence, in bytes (stored at the KV precision).
    package var stateBytesPerSequence: Int
    /// One token cached in every layer, in bytes (the figure model cards and calculators quote).
    package var bytesPerToken: Int
    /// One user's cache at `contextTokens`, window caps applied, in bytes.
    package var bytesPerSequence: Int
    /// All users together, in bytes.
    package var totalBytes: Int
    /// Cache bytes one decode step reads for one user: the whole cache, or for sparse attention the
    /// selected tokens' latents plus every token's indexer key.
    package var decodeReadBytesPerSequence: Int
    /// How the per-token figure arises: "2 × 80 layers × 8 KV heads × 128 head dim × 2 bytes".
    package var perTokenFormula: String

    /// The cache of `model` at `kvPrecision` for `users` conversations of `contextTokens` each; a cache
    /// too large to count in bytes is a `SizingError` naming what made it so (the model per token, the
    /// context per user, the users in total).
    package init(model: ModelSpec, kvPrecision: PrecisionSpec, contextTokens: Int, users: Int) throws(SizingError) {
        let bytes = kvPrecision.bitsPerWeight / 8
        let elements: Int
        let formulaHead: String
        let bytesText = bytes.rounded() == bytes ? NumberText.count(bytes, "byte") : NumberText.decimal(bytes) + " bytes"
        let indexerBytes = model.sparseAttention.map { $0.indexerKeyDim + 4 } ?? 0
        if let latent = model.latentAttention {
            elements = latent.cachedElementsPerLayer
            let indexerText = indexerBytes > 0 ? " + \(indexerBytes) B FP8 indexer key and scale × \(model.cachingLayers) layers" : ""
            formulaHead = "(\(latent.kvLoraRank) latent + \(latent.ropeDim) rope) × \(model.cachingLayers) layers × \(bytesText)\(indexerText)"
        } else {
            elements = 2 * model.kvHeads * model.headDim
            formulaHead = "2 × \(model.cachingLayers) layers × \(model.kvHeads) KV heads × \(model.headDim) head dim × \(bytesText)"
        }
        let windowed = model.slidingWindow?.layers ?? 0
        let window = model.slidingWindow?.tokens ?? 0
        let caching = model.cachingLayers
        let full = caching - windowed
        let perLayer = Double(elements) * bytes + Double(indexerBytes)
        let heldTokenLayers = Double(full) * Double(contextTokens) + Double(windowed) * Double(min(contextTokens, window))
        let stateBytes = try SizingError.counting(.model) { () throws(CountOverflow) in
            try CheckedCount.rounded(Double(model.stateElementsPerSequence) * bytes, what: "one user's constant state")
        }

        self.contextTokens = contextTokens
        self.users = users
        bytesPerElement = bytes
        elementsPerTokenPerLayer = elements
        indexerBytesPerTokenPerLayer = indexerBytes
        fullLayers = full
        windowedLayers = windowed
        windowTokens = window
        linearLayers = model.layerAttention?.filter { $0 == .linear }.count ?? 0
        stateBytesPerSequence = stateBytes
        perTokenFormula = formulaHead
        bytesPerToken = try SizingError.counting(.model) { () throws(CountOverflow) in
            try CheckedCount.rounded(perLayer * Double(caching), what: "one token's KV cache")
        }
        let perSequence = try SizingError.counting(.context) { () throws(CountOverflow) in
            try CheckedCount.sum(try CheckedCount.rounded(perLayer * heldTokenLayers, what: "one user's KV cache"), stateBytes,
                                 what: "one user's KV cache")
        }
        bytesPerSequence = perSequence
        totalBytes = try SizingError.counting(.users) { () throws(CountOverflow) in
            try CheckedCount.product(perSequence, users, what: "the KV cache of \(NumberText.count(users, "user"))")
        }
        if let latent = model.latentAttention, let sparse = model.sparseAttention {
            let selected = Double(min(contextTokens, sparse.topK)) * Double(latent.cachedElementsPerLayer) * bytes
            let keys = Double(contextTokens) * Double(indexerBytes)
            decodeReadBytesPerSequence = try SizingError.counting(.context) { () throws(CountOverflow) in
                try CheckedCount.rounded((selected + keys) * Double(caching), what: "one user's KV cache read per step")
            }
        } else {
            decodeReadBytesPerSequence = perSequence
        }
    }

    /// The same cache for another number of users (one replica's share, never more than the
    /// users this estimate was made for, so the total cannot grow past it).
    package func forUsers(_ count: Int) -> KVCacheEstimate {
        precondition(count >= 0 && count <= users, "a replica's share of users is at most all of them")
        var copy = self
        copy.users = count
        copy.totalBytes = bytesPerSequence * count
        return copy
    }

    /// "327,680 B per token × 8,192 tokens × 10 users", with window caps spelled out where they apply.
    package var formula: String {
        let perToken = "\(NumberText.grouped(bytesPerToken)) B per token"
        let usersText = NumberText.count(users, "user")
        let state = stateBytesPerSequence > 0
            ? " + \(NumberText.grouped(stateBytesPerSequence)) B constant state of \(NumberText.count(linearLayers, "linear layer")) per user" : ""
        if windowedLayers > 0, contextTokens > windowTokens {
            let perLayer = NumberText.decimal(Double(elementsPerTokenPerLayer) * bytesPerElement + Double(indexerBytesPerTokenPerLayer))
            return "\(perLayer) B per token per layer × (\(NumberText.count(fullLayers, "full layer")) × \(NumberText.count(contextTokens, "token")) + "
                + "\(NumberText.count(windowedLayers, "windowed layer")) × \(NumberText.count(windowTokens, "token")))\(state) × \(usersText)"
        }
        return "\(perToken) × \(NumberText.count(contextTokens, "token"))\(state) × \(usersText)"
    }
}

import Catalog

/// The key/value cache a model keeps for its users: what one token costs, what one conversation of
/// `contextTokens` holds, and the total for all users.
///
/// Per token and layer the cache holds 2 × KV heads × head dim elements for MHA/GQA/MQA, or the
/// latent plus rotary key (kv_lora_rank + rope dim) for MLA, plus the indexer key where sparse
/// attention keeps one. Layers with a sliding window hold at most the window's tokens.
public struct KVCacheEstimate: Sendable, Hashable {
    public var contextTokens: Int
    public var users: Int
    /// Bytes per cached element at the KV precision (2 for BF16, 1 for FP8, 1.0625 for Q8_0).
    public var bytesPerElement: Double
    /// Elements cached per token in one layer.
    public var elementsPerTokenPerLayer: Int
    /// Layers that attend to the whole context.
    public var fullLayers: Int
    /// Layers limited to a sliding window, and the window's length in tokens.
    public var windowedLayers: Int
    public var windowTokens: Int
    /// One token cached in every layer, in bytes (the figure model cards and calculators quote).
    public var bytesPerToken: Int
    /// One user's cache at `contextTokens`, window caps applied, in bytes.
    public var bytesPerSequence: Int
    /// All users together, in bytes.
    public var totalBytes: Int
    /// Cache bytes one decode step reads for one user: the whole cache, or for sparse attention the
    /// selected tokens' latents plus every token's indexer key.
    public var decodeReadBytesPerSequence: Int
    /// How the per-token figure arises: "2 × 80 layers × 8 KV heads × 128 head dim × 2 bytes".
    public var perTokenFormula: String

    /// The cache of `model` at `kvPrecision` for `users` conversations of `contextTokens` each.
    public init(model: ModelSpec, kvPrecision: PrecisionSpec, contextTokens: Int, users: Int) {
        let bytes = kvPrecision.bitsPerWeight / 8
        let elements: Int
        let formulaHead: String
        let bytesText = NumberText.decimal(bytes) + " byte" + (bytes == 1 ? "" : "s")
        if let latent = model.latentAttention {
            let indexer = model.sparseAttention?.indexerKeyDim ?? 0
            elements = latent.cachedElementsPerLayer + indexer
            let indexerText = indexer > 0 ? " + \(indexer) indexer" : ""
            formulaHead = "(\(latent.kvLoraRank) latent + \(latent.ropeDim) rope\(indexerText)) × \(model.layers) layers × \(bytesText)"
        } else {
            elements = 2 * model.kvHeads * model.headDim
            formulaHead = "2 × \(model.layers) layers × \(model.kvHeads) KV heads × \(model.headDim) head dim × \(bytesText)"
        }
        let windowed = model.slidingWindow?.layers ?? 0
        let window = model.slidingWindow?.tokens ?? 0
        let full = model.layers - windowed
        let heldTokenLayers = Double(full) * Double(contextTokens) + Double(windowed) * Double(min(contextTokens, window))

        self.contextTokens = contextTokens
        self.users = users
        bytesPerElement = bytes
        elementsPerTokenPerLayer = elements
        fullLayers = full
        windowedLayers = windowed
        windowTokens = window
        bytesPerToken = Int((Double(elements * model.layers) * bytes).rounded(.up))
        bytesPerSequence = Int((Double(elements) * bytes * heldTokenLayers).rounded(.up))
        totalBytes = bytesPerSequence * users
        perTokenFormula = formulaHead

        if let latent = model.latentAttention, let sparse = model.sparseAttention {
            let selected = Double(min(contextTokens, sparse.topK)) * Double(latent.cachedElementsPerLayer)
            let keys = Double(contextTokens) * Double(sparse.indexerKeyDim)
            decodeReadBytesPerSequence = Int(((selected + keys) * Double(model.layers) * bytes).rounded(.up))
        } else {
            decodeReadBytesPerSequence = bytesPerSequence
        }
    }

    /// The same cache for another number of users (one replica's share, never more than the
    /// users this estimate was made for, so the total cannot grow past it).
    public func forUsers(_ count: Int) -> KVCacheEstimate {
        precondition(count >= 0 && count <= users, "a replica's share of users is at most all of them")
        var copy = self
        copy.users = count
        copy.totalBytes = bytesPerSequence * count
        return copy
    }

    /// "327,680 B per token × 8,192 tokens × 10 users", with window caps spelled out where they apply.
    public var formula: String {
        let perToken = "\(NumberText.grouped(bytesPerToken)) B per token"
        let usersText = "\(NumberText.grouped(users)) user\(users == 1 ? "" : "s")"
        if windowedLayers > 0, contextTokens > windowTokens {
            let perLayer = NumberText.decimal(Double(elementsPerTokenPerLayer) * bytesPerElement)
            return "\(perLayer) B per token per layer × (\(fullLayers) full layers × \(NumberText.grouped(contextTokens)) tokens + "
                + "\(windowedLayers) windowed layers × \(NumberText.grouped(windowTokens)) tokens) × \(usersText)"
        }
        return "\(perToken) × \(NumberText.grouped(contextTokens)) tokens × \(usersText)"
    }
}

/// A language model's architecture as published in its config file and model card.
///
/// Every count here is what the sizing engine multiplies: layers, heads and dimensions for the
/// KV cache, parameter counts for weights and FLOPs. Records are facts from outside, so each one
/// names its `source`; where a figure had to be computed from the config (a card that only says
/// "355B"), `notes` says so.
package struct ModelSpec: Sendable, Hashable, Identifiable {
    /// How freely the weights can be obtained and used.
    package enum Openness: String, Sendable, Hashable, CaseIterable {
        /// Weights not published; reachable only through an API.
        case closed
        /// Weights downloadable under a licence with use restrictions.
        case openWeights = "open-weights"
        /// Weights under a permissive licence (MIT, Apache 2.0): commercial use and redistribution.
        case permissive
        /// Weights, training data and training code all published.
        case fullyOpen = "fully-open"
    }

    /// Multi-head latent attention (DeepSeek-V2/V3 style): the cache holds one compressed latent
    /// vector plus a decoupled rotary key per token and layer, shared by every head.
    package struct LatentAttention: Sendable, Hashable {
        /// Width of the compressed key/value latent (`kv_lora_rank`).
        package var kvLoraRank: Int
        /// Width of the decoupled rotary key (`qk_rope_head_dim`).
        package var ropeDim: Int
        /// Width of the query and key part without rotary embedding (`qk_nope_head_dim`).
        package var noRopeDim: Int
        /// Width of each head's value (`v_head_dim`).
        package var valueHeadDim: Int
        /// Width of the compressed query (`q_lora_rank`); nil when queries are not compressed.
        package var qLoraRank: Int?

        package init(kvLoraRank: Int, ropeDim: Int, noRopeDim: Int, valueHeadDim: Int, qLoraRank: Int?) {
            self.kvLoraRank = kvLoraRank
            self.ropeDim = ropeDim
            self.noRopeDim = noRopeDim
            self.valueHeadDim = valueHeadDim
            self.qLoraRank = qLoraRank
        }

        /// Elements cached per token and layer: the latent plus the rotary key.
        package var cachedElementsPerLayer: Int { kvLoraRank + ropeDim }
    }

    /// A lightning indexer that picks which past tokens each query attends to (DeepSeek Sparse
    /// Attention, used by DeepSeek-V3.2 and GLM-5). It keeps one extra key per token and layer.
    package struct SparseAttention: Sendable, Hashable {
        /// Past tokens each query attends to (`index_topk`).
        package var topK: Int
        /// Heads of the indexer (`index_n_heads`).
        package var indexerHeads: Int
        /// Width of the indexer key cached per token and layer (`index_head_dim`).
        package var indexerKeyDim: Int

        package init(topK: Int, indexerHeads: Int, indexerKeyDim: Int) {
            self.topK = topK
            self.indexerHeads = indexerHeads
            self.indexerKeyDim = indexerKeyDim
        }
    }

    /// Mixture-of-experts feed-forward layers.
    package struct Experts: Sendable, Hashable {
        /// Routed experts per MoE layer.
        package var total: Int
        /// Routed experts each token passes through.
        package var active: Int
        /// Experts every token passes through in addition to the routed ones.
        package var shared: Int
        /// Layers whose feed-forward block is a mixture of experts (the rest are dense).
        package var moeLayers: Int
        /// Intermediate width of one expert.
        package var expertFFNSize: Int

        /// Of `routedParameters` (every routed expert of every layer), those one token does not pass
        /// through: the (total − active) ÷ total share. Active counts are total minus this.
        package func unusedParameters(ofRouted routedParameters: Int) -> Int {
            total > 0 ? routedParameters / total * (total - active) : 0
        }

        package init(total: Int, active: Int, shared: Int, moeLayers: Int, expertFFNSize: Int) {
            self.total = total
            self.active = active
            self.shared = shared
            self.moeLayers = moeLayers
            self.expertFFNSize = expertFFNSize
        }
    }

    /// Attention restricted to recent tokens on some or all layers: a sliding window (each token sees
    /// the last `tokens`), or chunks (Llama 4: the context is cut into blocks of `tokens`, and each token
    /// sees only the tokens of its own block, from the block's start to itself; Hugging Face's
    /// `attention_chunk_size`). Either way a layer needs at most `tokens` of cache.
    package struct SlidingWindow: Sendable, Hashable {
        /// Tokens a windowed layer attends to at most (and keeps in its cache).
        package var tokens: Int
        /// How many of the model's layers use the window; the others attend to the whole context.
        package var layers: Int
        /// Whether the window is a chunk (restarting at every multiple of `tokens`) rather than sliding.
        package var chunked: Bool

        package init(tokens: Int, layers: Int, chunked: Bool = false) {
            self.tokens = tokens
            self.layers = layers
            self.chunked = chunked
        }

        /// Of the `past` tokens before a token at position `past` (counted from 0), how many it sees in
        /// a windowed layer: the last `tokens` of them, or, in chunks, those since its chunk began.
        package func visible(past: Double) -> Double {
            let window = Double(tokens)
            return chunked ? past - (past / window).rounded(.down) * window : min(past, window)
        }
    }

    /// How one layer attends, which decides what it caches per token.
    package enum LayerAttention: Sendable, Hashable {
        /// Attends to the whole context: caches every token.
        case full
        /// Attends to the last `tokens` tokens (a sliding window): caches at most that many.
        case window(tokens: Int)
        /// Attends within chunks of `tokens` (Llama 4): caches at most that many.
        case chunk(tokens: Int)
        /// A linear-attention or state-space layer (Gated DeltaNet, Mamba): a state of constant size, no per-token cache.
        case linear
        /// A layer with no attention or state at all (Nemotron-H's feed-forward-only layers).
        case feedForwardOnly

        /// Whether the layer caches keys and values per token.
        package var cachesTokens: Bool {
            switch self {
            case .full, .window, .chunk: return true
            case .linear, .feedForwardOnly: return false
            }
        }

        /// "full", "window 4096", "chunk 8192", "linear".
        package var label: String {
            switch self {
            case .full: return "full"
            case .window(let tokens): return "window \(tokens)"
            case .chunk(let tokens): return "chunk \(tokens)"
            case .linear: return "linear (constant state)"
            case .feedForwardOnly: return "none (feed-forward only)"
            }
        }
    }

    package var id: String
    package var name: String
    package var vendor: String
    package var layers: Int
    package var hiddenSize: Int
    package var attentionHeads: Int
    /// Key/value heads: equal to `attentionHeads` for MHA, fewer for GQA, 1 for MQA.
    package var kvHeads: Int
    /// Width of one query/key head (for MLA models: the no-rope plus rope widths, `qk_head_dim`).
    package var headDim: Int
    /// Intermediate width of the dense feed-forward blocks.
    package var ffnSize: Int
    package var vocabSize: Int
    /// Whether the output projection reuses the input embedding matrix (stored once).
    package var tiedEmbeddings: Bool
    /// Every parameter stored, all experts included (what memory holds).
    package var totalParameters: Int
    /// Parameters one token passes through (what each decode step reads and multiplies).
    package var activeParameters: Int
    package var experts: Experts?
    package var latentAttention: LatentAttention?
    package var sparseAttention: SparseAttention?
    package var slidingWindow: SlidingWindow?
    /// Longest context the model supports, in tokens.
    package var maxContextTokens: Int
    package var license: String
    package var openness: Openness
    /// Weight formats the publisher distributes (`safetensors-bf16`, `safetensors-fp8`, `gguf`...).
    package var formats: [String]
    /// Where the figures come from (config.json and model card URLs).
    package var source: String
    package var notes: String?
    /// Each layer's attention, first layer first, when the config gives a per-layer pattern; nil means
    /// every layer is `.full` except the `slidingWindow.layers` windowed ones.
    package var layerAttention: [LayerAttention]?
    /// Elements of the constant state every sequence keeps in all linear/state-space layers together
    /// (recurrent state plus convolution window); 0 for pure attention models.
    package var stateElementsPerSequence: Int = 0
    /// The exact stored tensors, when the model was read from its own files.
    package var tensors: TensorInventory?

    package init(id: String, name: String, vendor: String, layers: Int, hiddenSize: Int, attentionHeads: Int, kvHeads: Int,
                headDim: Int, ffnSize: Int, vocabSize: Int, tiedEmbeddings: Bool = false, totalParameters: Int, activeParameters: Int,
                experts: Experts? = nil, latentAttention: LatentAttention? = nil, sparseAttention: SparseAttention? = nil,
                slidingWindow: SlidingWindow? = nil, maxContextTokens: Int, license: String, openness: Openness,
                formats: [String], source: String, notes: String? = nil) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.attentionHeads = attentionHeads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.ffnSize = ffnSize
        self.vocabSize = vocabSize
        self.tiedEmbeddings = tiedEmbeddings
        self.totalParameters = totalParameters
        self.activeParameters = activeParameters
        self.experts = experts
        self.latentAttention = latentAttention
        self.sparseAttention = sparseAttention
        self.slidingWindow = slidingWindow
        self.maxContextTokens = maxContextTokens
        self.license = license
        self.openness = openness
        self.formats = formats
        self.source = source
        self.notes = notes
    }

    /// Parameters of the input embedding table: a decode step gathers one row of it, never reads it whole.
    package var embeddingParameters: Int { vocabSize * hiddenSize }

    /// Parameters a decode step streams from memory and multiplies: the active parameters less the
    /// embedding table (which is only indexed), unless the table doubles as the output projection.
    package var activeMatmulParameters: Int {
        tiedEmbeddings ? activeParameters : activeParameters - embeddingParameters
    }

    /// Layers that cache keys and values per token (every layer but the linear/state-space ones).
    package var cachingLayers: Int {
        layerAttention.map { $0.filter(\.cachesTokens).count } ?? layers
    }

    /// True for mixture-of-experts models.
    package var isMixtureOfExperts: Bool { experts != nil }

    /// "MHA", "GQA", "MQA" or "MLA", as the KV-cache formula depends on it.
    package var attentionKind: String {
        if latentAttention != nil { return "MLA" }
        if kvHeads == attentionHeads { return "MHA" }
        return kvHeads == 1 ? "MQA" : "GQA"
    }
}

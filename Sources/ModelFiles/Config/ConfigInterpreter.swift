import Foundation
import Catalog

/// Turns config fields into a `ModelConfig`: the family rules live here, one place.
struct ConfigInterpreter {
    var fields: ConfigFields

    init(fields: ConfigFields) {
        self.fields = fields
        if let type = fields.value("model_type")?.string { self.fields.defaults = ConfigFields.familyDefaults[type] ?? [:] }
    }

    func read() throws(ModelFileError) -> ModelConfig {
        let f = fields
        guard let modelType = try f.string("model_type") else {
            throw f.error("'model_type' is missing; it names the architecture (llama, qwen3_moe, deepseek_v3…)")
        }
        let layers = try f.require("num_hidden_layers", maximum: ModelSpec.largestLayerCount, why: "the layer count")
        let hidden = try f.require("hidden_size", why: "the weights and the activations")
        let heads = try f.require("num_attention_heads", why: "the attention shapes")
        var notes: [String] = []
        if !f.defaultsUsed.isEmpty {
            notes.append(f.defaultsUsed.joined(separator: ", ") + " absent: transformers' defaults for \(modelType)")
        }
        let kvHeads: Int
        if let declared = try f.int("num_key_value_heads") {
            kvHeads = declared
        } else {
            kvHeads = heads
            notes.append("num_key_value_heads absent: one KV head per attention head (MHA), as transformers reads it")
        }
        guard kvHeads >= 1, heads % kvHeads == 0 else {
            throw f.error("'num_key_value_heads' is \(kvHeads); expected a divisor of num_attention_heads (\(heads))", at: f.value("num_key_value_heads"))
        }
        let vocab = try f.require("vocab_size", why: "the embedding table and output head")
        let headDim = try f.positive("head_dim") ?? {
            guard hidden % heads == 0 else { return 0 }
            return hidden / heads
        }()
        guard headDim > 0 else { throw f.error("'head_dim' is missing and hidden_size \(hidden) is not a multiple of num_attention_heads \(heads)") }
        guard let maxContext = try f.first("max_position_embeddings", "max_sequence_length", "seq_length") else {
            throw f.error("'max_position_embeddings' is missing; it bounds the context the model can be sized for")
        }
        let tied = try f.bool("tie_word_embeddings") ?? ConfigInterpreter.tiedByDefault(modelType)
        if try f.bool("tie_word_embeddings") == nil {
            notes.append("tie_word_embeddings absent: \(tied ? "tied" : "untied"), transformers' default for \(modelType)")
        }

        let experts = try moe(modelType: modelType, layers: layers)
        let ffn: Int
        if let dense = try f.int("intermediate_size_mlp") {
            ffn = dense   // Llama 4: dense layers' width; intermediate_size is the experts'.
        } else if let declared = try f.int("intermediate_size") {
            ffn = declared
        } else if experts != nil {
            ffn = 0
        } else {
            throw f.error("'intermediate_size' is missing; it sizes the feed-forward layers")
        }
        let latent = try mla()
        let sparse = try sparseIndexer()
        let pattern = try layerPattern(modelType: modelType, layers: layers)
        let windowed = pattern.compactMap { kind -> Int? in
            switch kind {
            case .window(let tokens), .chunk(let tokens): return tokens
            default: return nil
            }
        }
        let chunked = pattern.contains { if case .chunk = $0 { return true }; return false }
        let window = windowed.isEmpty ? nil : ModelSpec.SlidingWindow(tokens: windowed.max()!, layers: windowed.count, chunked: chunked)
        let state = try stateElements(modelType: modelType, linearLayers: pattern.filter { $0 == .linear }.count, hidden: hidden)

        // A downloaded model's folder carries its repository name (Llama-3.1-8B); a config saved under another
        // name (qwen3-8b.json) carries it in the file name; a bare config.json in the working folder takes its model_type.
        let file = (fields.path as NSString).lastPathComponent
        let folder = ((fields.path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        let name = file != "config.json" ? (file as NSString).deletingPathExtension
            : folder.isEmpty || folder == "." || folder == "/" ? modelType : folder
        var spec = ModelSpec(
            id: modelType, name: name, vendor: "", layers: layers, hiddenSize: hidden, attentionHeads: heads, kvHeads: kvHeads,
            headDim: latent.map { $0.noRopeDim + $0.ropeDim } ?? headDim, ffnSize: ffn, vocabSize: vocab, tiedEmbeddings: tied,
            totalParameters: 0, activeParameters: 0, experts: experts, latentAttention: latent, sparseAttention: sparse,
            slidingWindow: window, maxContextTokens: maxContext, license: "", openness: .openWeights, formats: [],
            source: fields.path)
        spec.layerAttention = pattern.contains { $0 != .full } ? pattern : nil
        spec.stateElementsPerSequence = state

        var savedType = try f.string("torch_dtype")
        if savedType == nil { savedType = try f.string("dtype") }
        var config = ModelConfig(path: fields.path, modelType: modelType, spec: spec, savedType: savedType)
        let quantization = f.root["quantization_config"]
        config.quantizationMethod = quantization?["quant_method"]?.string
        if let bits = quantization?["bits"] ?? quantization?["config_groups"]?.members?.first?.value["weights"]?["num_bits"] {
            // Packed integer weights are 1 to 32 bits wide; the width divides a 32-bit word's count of them.
            guard let width = bits.integer, (1...32).contains(width) else {
                throw f.error("the quantization width is \(bits.integer.map(String.init) ?? bits.kindName); expected a whole number of bits from 1 to 32", at: bits)
            }
            config.quantizationBits = width
        }
        let counted = try ConfigTensors(fields: fields, modelType: modelType, spec: spec).tensors()
        switch counted {
        case .tensors(let list):
            config.impliedTensors = list
            var total = 0, routed = 0
            for tensor in list {
                let count = try f.product(tensor.shape, "tensor \(tensor.name)")
                total += count
                if tensor.name.contains(".experts.") { routed += count }
                guard total < 1 << 52 else { throw f.error("the model comes to more than 2^52 parameters; the config's sizes are implausible") }
            }
            config.spec.totalParameters = total
            config.spec.activeParameters = total - (experts?.unusedParameters(ofRouted: routed) ?? 0)
        case .gap(let why):
            config.countingGap = why
            notes.append(why)
        }
        config.spec.notes = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return config
    }

    /// transformers' `tie_word_embeddings` default per family, where the config leaves it out.
    static func tiedByDefault(_ modelType: String) -> Bool {
        modelType.hasPrefix("gemma")
    }

    func moe(modelType: String, layers: Int) throws(ModelFileError) -> ModelSpec.Experts? {
        let f = fields
        guard let total = try f.first("num_local_experts", "num_experts", "n_routed_experts"), total > 1 else { return nil }
        guard total <= ModelSpec.largestExpertCount else {
            throw f.error("the config declares \(total) experts; expected at most \(ModelSpec.largestExpertCount)")
        }
        guard let active = try f.first("num_experts_per_tok", "experts_per_token", "num_experts_per_token", "moe_topk") else {
            throw f.error("'num_experts_per_tok' is missing; a mixture-of-experts model must say how many experts each token uses")
        }
        let shared: Int
        if modelType.hasPrefix("llama4") {
            shared = 1   // Llama 4's MoE layers add one shared expert as wide as a routed one (Llama4TextMoe.shared_expert).
        } else if let count = try f.first("n_shared_experts", "num_shared_experts") {
            shared = count
        } else if let width = try f.int("shared_expert_intermediate_size"), width > 0 {
            shared = 1
        } else {
            shared = 0
        }
        var expertWidth = try f.first("moe_intermediate_size", "expert_intermediate_size")
        if expertWidth == nil { expertWidth = try f.int("intermediate_size") }
        guard let width = expertWidth else {
            throw f.error("'moe_intermediate_size' is missing; it sizes each expert")
        }
        return ModelSpec.Experts(total: total, active: active, shared: shared, moeLayers: try moeLayerFlags(layers: layers).filter { $0 }.count,
                                 expertFFNSize: width)
    }

    /// Which layers have a mixture-of-experts feed-forward block (the others are dense).
    func moeLayerFlags(layers: Int) throws(ModelFileError) -> [Bool] {
        let f = fields
        let firstDense = try f.first("first_k_dense_replace") ?? 0
        let step = try f.first("decoder_sparse_step", "expert_layer_period", "interleave_moe_layer_step") ?? 1
        let offset = try f.int("expert_layer_offset") ?? (step > 1 && f.has("interleave_moe_layer_step") ? step - 1 : 0)
        let denseOnly = Set((f.value("mlp_only_layers")?.items ?? []).compactMap(\.integer))
        let hybrid = try f.string("hybrid_override_pattern").map(Array.init)
        return (0..<layers).map { layer in
            if let hybrid, layer < hybrid.count { return hybrid[layer] == "E" }
            guard layer >= firstDense, !denseOnly.contains(layer), step >= 1 else { return false }
            return step == 1 ? true : layer % step == offset % step
        }
    }

    func mla() throws(ModelFileError) -> ModelSpec.LatentAttention? {
        let f = fields
        guard let rank = try f.int("kv_lora_rank") else { return nil }
        let rope = try f.require("qk_rope_head_dim", why: "the rotary key cached beside the MLA latent")
        let noRope = try f.require("qk_nope_head_dim", why: "the MLA query and key shapes")
        let value = try f.require("v_head_dim", why: "the MLA value shape")
        return ModelSpec.LatentAttention(kvLoraRank: rank, ropeDim: rope, noRopeDim: noRope, valueHeadDim: value, qLoraRank: try f.int("q_lora_rank"))
    }

    func sparseIndexer() throws(ModelFileError) -> ModelSpec.SparseAttention? {
        let f = fields
        guard let topK = try f.int("index_topk") else { return nil }
        return ModelSpec.SparseAttention(topK: topK, indexerHeads: try f.require("index_n_heads", why: "the sparse-attention indexer"),
                                         indexerKeyDim: try f.require("index_head_dim", why: "the indexer key cached per token"))
    }

    /// Each layer's attention kind, from whichever per-layer description the family uses.
    func layerPattern(modelType: String, layers: Int) throws(ModelFileError) -> [ModelSpec.LayerAttention] {
        let f = fields
        let slidingWindow = try f.int("sliding_window")
        func window() throws(ModelFileError) -> ModelSpec.LayerAttention {
            guard let slidingWindow else { throw f.error("'sliding_window' is missing; the config has sliding-attention layers") }
            return .window(tokens: slidingWindow)
        }
        if let types = f.value("layer_types") {
            guard let items = types.items, items.count == layers else {
                throw f.error("'layer_types' must list one kind per layer (\(layers))", at: types)
            }
            var out: [ModelSpec.LayerAttention] = []
            for item in items {
                switch item.string {
                case "full_attention", "attention": out.append(.full)
                case "sliding_attention": out.append(try window())
                case "chunked_attention":
                    out.append(.chunk(tokens: try f.require("attention_chunk_size", why: "chunked attention layers")))
                case "linear_attention", "mamba", "mamba2": out.append(.linear)
                default:
                    throw f.error("unknown layer type \(item.string.map { "'\($0)'" } ?? item.kindName) in 'layer_types'; expected "
                                  + "full_attention, sliding_attention, chunked_attention or linear_attention", at: item)
                }
            }
            return out
        }
        if let pattern = try f.string("hybrid_override_pattern") {
            // Nemotron-H: M = Mamba-2 layer, * = attention, - = feed-forward only, E = mixture-of-experts only.
            guard pattern.count == layers else { throw f.error("'hybrid_override_pattern' has \(pattern.count) letters for \(layers) layers", at: f.value("hybrid_override_pattern")) }
            var out: [ModelSpec.LayerAttention] = []
            for letter in pattern {
                switch letter {
                case "M": out.append(.linear)
                case "*": out.append(.full)
                case "-", "E": out.append(.feedForwardOnly)
                default: throw f.error("unknown letter '\(letter)' in 'hybrid_override_pattern'; expected M, *, - or E", at: f.value("hybrid_override_pattern"))
                }
            }
            return out
        }
        if let interval = try f.positive("full_attention_interval") {
            return (0..<layers).map { ($0 + 1) % interval == 0 ? .full : .linear }
        }
        if let period = try f.positive("attn_layer_period") {
            let offset = try f.require("attn_layer_offset", minimum: 0, why: "which Jamba layers are attention layers")
            return (0..<layers).map { $0 % period == offset ? .full : .linear }
        }
        if let chunk = try f.int("attention_chunk_size") {
            // Llama 4: layers with rotary embeddings attend within chunks; every no_rope_layer_interval-th layer (NoPE) attends globally.
            if let flags = f.value("no_rope_layers")?.items, flags.count == layers {
                return flags.map { $0.integer == 0 ? .full : .chunk(tokens: chunk) }
            }
            let interval = try f.positive("no_rope_layer_interval") ?? 4
            return (0..<layers).map { ($0 + 1) % interval == 0 ? .full : .chunk(tokens: chunk) }
        }
        if let every = try f.positive("sliding_window_pattern") {
            // Gemma 3: every `every`-th layer is global, the others slide.
            let local = try window()
            return (0..<layers).map { ($0 + 1) % every == 0 ? .full : local }
        }
        if slidingWindow != nil, try f.bool("use_sliding_window") != false {
            if let max = try f.int("max_window_layers"), f.has("use_sliding_window") {
                return (0..<layers).map { $0 < max ? .full : (try? window()) ?? .full }
            }
            return Array(repeating: try window(), count: layers)
        }
        return Array(repeating: .full, count: layers)
    }

    /// Elements of the constant state a sequence keeps in the linear/state-space layers.
    func stateElements(modelType: String, linearLayers: Int, hidden: Int) throws(ModelFileError) -> Int {
        guard linearLayers > 0 else { return 0 }
        let f = fields
        if f.has("linear_num_value_heads") {
            // Gated DeltaNet (Qwen3-Next): a key × value state per value head, plus the convolution window over q, k, v.
            let valueHeads = try f.require("linear_num_value_heads", why: "the linear-attention state")
            let keyHeads = try f.require("linear_num_key_heads", why: "the linear-attention state")
            let keyDim = try f.require("linear_key_head_dim", why: "the linear-attention state")
            let valueDim = try f.require("linear_value_head_dim", why: "the linear-attention state")
            let kernel = try f.require("linear_conv_kernel_dim", why: "the convolution state")
            let convChannels = 2 * keyHeads * keyDim + valueHeads * valueDim
            let perLayer = try f.product([valueHeads, keyDim, valueDim], "the linear-attention state")
                + f.product([convChannels, kernel - 1], "the linear-attention convolution state")
            return try f.product([linearLayers, perLayer], "the linear-attention state")
        }
        if f.has("mamba_num_heads") {
            // Mamba-2 (Nemotron-H): heads × head dim × state size, plus the convolution over x, B and C.
            let heads = try f.require("mamba_num_heads", why: "the Mamba-2 state")
            let headDim = try f.require("mamba_head_dim", why: "the Mamba-2 state")
            let stateSize = try f.require("ssm_state_size", why: "the Mamba-2 state")
            let groups = try f.int("n_groups") ?? 1
            let kernel = try f.require("conv_kernel", why: "the convolution state")
            let perLayer = try f.product([heads, headDim, stateSize], "the Mamba-2 state")
                + f.product([heads * headDim + 2 * groups * stateSize, kernel - 1], "the Mamba-2 convolution state")
            return try f.product([linearLayers, perLayer], "the Mamba-2 state")
        }
        if f.has("mamba_d_state") {
            // Mamba-1 (Jamba): expand × hidden channels, each with a d_state state and a d_conv − 1 window.
            let expand = try f.require("mamba_expand", why: "the Mamba state")
            let stateSize = try f.require("mamba_d_state", why: "the Mamba state")
            let kernel = try f.require("mamba_d_conv", why: "the convolution state")
            return try f.product([linearLayers, expand, hidden, stateSize + kernel - 1], "the Mamba state")
        }
        throw f.error("the config has linear-attention or state-space layers but none of the fields that size their state "
                      + "(linear_num_value_heads, mamba_num_heads, mamba_d_state)")
    }
}

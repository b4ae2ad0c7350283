import Catalog

/// The tensors a config implies, by the families' module layouts in transformers, so a model can
/// be counted exactly from its config.json alone: embedding, per layer the attention (GQA with
/// optional biases and q/k norms, or MLA with its low-rank projections and sparse indexer), the
/// dense or mixture-of-experts feed-forward block (router, experts, shared experts), the norms, and
/// the output head unless tied. Multi-token-prediction layers are left out (engines do not load
/// them unless asked to); layer kinds it cannot count (state-space mixers) are reported as a gap,
/// never estimated.
struct ConfigTensors {
    let fields: ConfigFields
    let modelType: String
    let spec: ModelSpec

    enum Result {
        case tensors([(name: String, shape: [Int])])
        case gap(String)
    }

    func tensors() throws(ModelFileError) -> Result {
        let f = fields
        let hidden = spec.hiddenSize
        var out: [(name: String, shape: [Int])] = []
        func add(_ name: String, _ shape: Int...) { out.append((name, shape)) }

        let pattern = spec.layerAttention ?? Array(repeating: .full, count: spec.layers)
        if pattern.contains(.linear), !f.has("linear_num_value_heads") {
            return .gap("parameters of \(modelType)'s state-space layers are not counted from config.json; "
                        + "give the model folder with its safetensors headers for exact weights")
        }
        let moeFlags = spec.experts == nil ? Array(repeating: false, count: spec.layers)
            : try ConfigInterpreter(fields: f).moeLayerFlags(layers: spec.layers)
        let gptOSS = modelType == "gpt_oss"
        let gemma = modelType.hasPrefix("gemma")
        let attentionBias = try f.bool("attention_bias") ?? gptOSS
        let declaredQKVBias = try f.bool("qkv_bias") ?? false
        let declaredQKNorm = try f.bool("use_qk_norm") ?? false
        let qkvBias = attentionBias || ["qwen2", "qwen2_moe"].contains(modelType) || declaredQKVBias
        // Llama 4's use_qk_norm is a weightless L2 norm; the others hold a weight per head dimension.
        let qkNorm = ["qwen3", "qwen3_moe", "qwen3_next", "gemma3", "gemma3_text", "olmo2"].contains(modelType)
            || (declaredQKNorm && !modelType.hasPrefix("llama4"))
        let mlpBias = try f.bool("mlp_bias") ?? false
        let outputGate = modelType == "qwen3_next"
        let topK = try f.string("topk_method")
        let routingBias = try f.bool("use_routing_bias") ?? false
        let routerBias = ["deepseek_v3", "deepseek_v32", "kimi_k2", "glm4_moe", "glm_moe_dsa"].contains(modelType) || topK == "noaux_tc"
            || routingBias
        // MiniMax-M2 normalises the whole query and key projections (qk_norm_type per_layer), not each head.
        let wholeQKNorm = try f.string("qk_norm_type") == "per_layer"

        add("model.embed_tokens.weight", spec.vocabSize, hidden)
        for layer in 0..<spec.layers {
            let p = "model.layers.\(layer)."
            add(p + "input_layernorm.weight", hidden)
            add(p + "post_attention_layernorm.weight", hidden)
            if gemma {
                add(p + "pre_feedforward_layernorm.weight", hidden)
                add(p + "post_feedforward_layernorm.weight", hidden)
            }
            switch pattern[layer] {
            case .linear:
                // Gated DeltaNet (Qwen3-Next).
                let vh = try f.require("linear_num_value_heads", why: "the linear-attention weights")
                let kh = try f.require("linear_num_key_heads", why: "the linear-attention weights")
                let kd = try f.require("linear_key_head_dim", why: "the linear-attention weights")
                let vd = try f.require("linear_value_head_dim", why: "the linear-attention weights")
                let kernel = try f.require("linear_conv_kernel_dim", why: "the convolution weights")
                let a = p + "linear_attn."
                add(a + "in_proj_qkvz.weight", 2 * kh * kd + 2 * vh * vd, hidden)
                add(a + "in_proj_ba.weight", 2 * vh, hidden)
                add(a + "conv1d.weight", 2 * kh * kd + vh * vd, 1, kernel)
                add(a + "dt_bias", vh)
                add(a + "A_log", vh)
                add(a + "norm.weight", vd)
                add(a + "out_proj.weight", hidden, vh * vd)
            case .feedForwardOnly:
                break
            case .full, .window, .chunk:
                let a = p + "self_attn."
                if let latent = spec.latentAttention {
                    let qk = latent.noRopeDim + latent.ropeDim
                    if let qRank = latent.qLoraRank {
                        add(a + "q_a_proj.weight", qRank, hidden)
                        add(a + "q_a_layernorm.weight", qRank)
                        add(a + "q_b_proj.weight", spec.attentionHeads * qk, qRank)
                    } else {
                        add(a + "q_proj.weight", spec.attentionHeads * qk, hidden)
                    }
                    add(a + "kv_a_proj_with_mqa.weight", latent.kvLoraRank + latent.ropeDim, hidden)
                    add(a + "kv_a_layernorm.weight", latent.kvLoraRank)
                    add(a + "kv_b_proj.weight", spec.attentionHeads * (latent.noRopeDim + latent.valueHeadDim), latent.kvLoraRank)
                    add(a + "o_proj.weight", hidden, spec.attentionHeads * latent.valueHeadDim)
                    if let sparse = spec.sparseAttention {
                        let i = a + "indexer."
                        add(i + "wq_b.weight", sparse.indexerHeads * sparse.indexerKeyDim, latent.qLoraRank ?? hidden)
                        add(i + "wk.weight", sparse.indexerKeyDim, hidden)
                        add(i + "k_norm.weight", sparse.indexerKeyDim)
                        add(i + "k_norm.bias", sparse.indexerKeyDim)
                        add(i + "weights_proj.weight", sparse.indexerHeads, hidden)
                    }
                } else {
                    let q = spec.attentionHeads * spec.headDim, kv = spec.kvHeads * spec.headDim
                    add(a + "q_proj.weight", outputGate ? 2 * q : q, hidden)
                    add(a + "k_proj.weight", kv, hidden)
                    add(a + "v_proj.weight", kv, hidden)
                    add(a + "o_proj.weight", hidden, q)
                    if qkvBias {
                        add(a + "q_proj.bias", outputGate ? 2 * q : q)
                        add(a + "k_proj.bias", kv)
                        add(a + "v_proj.bias", kv)
                    }
                    if attentionBias, modelType != "glm4_moe" { add(a + "o_proj.bias", hidden) }
                    if qkNorm {
                        add(a + "q_norm.weight", wholeQKNorm ? q : spec.headDim)
                        add(a + "k_norm.weight", wholeQKNorm ? kv : spec.headDim)
                    }
                    if gptOSS { add(a + "sinks", spec.attentionHeads) }
                }
            }
            if case .feedForwardOnly = pattern[layer], !moeFlags[layer], spec.ffnSize == 0 { continue }
            if moeFlags[layer], let experts = spec.experts {
                let m = p + "mlp."
                let width = experts.expertFFNSize
                add(m + "gate.weight", experts.total, hidden)
                if gptOSS { add(m + "router.bias", experts.total) }
                if routerBias { add(m + "gate.e_score_correction_bias", experts.total) }
                add(m + "experts.gate_up_proj", experts.total, hidden, 2 * width)
                add(m + "experts.down_proj", experts.total, width, hidden)
                if gptOSS || mlpBias {
                    add(m + "experts.gate_up_proj_bias", experts.total, 2 * width)
                    add(m + "experts.down_proj_bias", experts.total, hidden)
                }
                if experts.shared > 0 {
                    let sharedWidth = try f.int("shared_expert_intermediate_size") ?? experts.shared * width
                    add(m + "shared_experts.gate_up_proj.weight", 2 * sharedWidth, hidden)
                    add(m + "shared_experts.down_proj.weight", hidden, sharedWidth)
                    if f.has("shared_expert_intermediate_size") { add(m + "shared_expert_gate.weight", 1, hidden) }
                }
            } else {
                guard spec.ffnSize > 0 else {
                    throw f.error("'intermediate_size' is missing; layer \(layer) has a dense feed-forward block")
                }
                let m = p + "mlp."
                add(m + "gate_up_proj.weight", 2 * spec.ffnSize, hidden)
                add(m + "down_proj.weight", hidden, spec.ffnSize)
                if mlpBias {
                    add(m + "gate_up_proj.bias", 2 * spec.ffnSize)
                    add(m + "down_proj.bias", hidden)
                }
            }
        }
        add("model.norm.weight", hidden)
        if !spec.tiedEmbeddings { add("lm_head.weight", spec.vocabSize, hidden) }
        return .tensors(out)
    }
}

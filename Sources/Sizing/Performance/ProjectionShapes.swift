/// The weight matrices of a model's decoder layers, as m × k products (m outputs, k inputs), and which of
/// them llama.cpp's Q4_K_M recipe stores in Q6_K. Owns these two rules so that `infrabook bench --model`
/// and any page that projects decode speed from measured kernels use the same shapes; never times anything
/// and never reads the kernels' formats (it names ggml types as text).

import Catalog

/// One kind of weight matrix: its shape, how many a layer holds and how many of those one token multiplies.
package struct ProjectionShape: Sendable, Equatable {
    /// ggml's tensor name without the layer prefix (`attn_q`, `ffn_down_exps`...).
    package var name: String
    /// m: outputs.
    package var rows: Int
    /// k: inputs.
    package var columns: Int
    /// Layers that hold it.
    package var layers: Int
    /// Matrices of this shape per such layer (a routed expert's count is the layer's experts).
    package var perLayer: Int
    /// Of those, how many one token multiplies (the active experts; all of them otherwise).
    package var activePerLayer: Int
}

extension ModelSpec {
    /// Every decoder weight matrix kind: attention (q, k, v, o; for latent attention its down- and
    /// up-projections), the dense feed-forward's gate, up and down, and for mixture-of-experts layers the
    /// routed and shared experts' gate, up and down. Embeddings, the output head and norms are left out
    /// (one token reads only one embedding row).
    package var projectionShapes: [ProjectionShape] {
        var shapes: [ProjectionShape] = []
        func add(_ name: String, _ rows: Int, _ columns: Int, layers: Int, perLayer: Int = 1, active: Int? = nil) {
            guard layers > 0, perLayer > 0 else { return }
            shapes.append(ProjectionShape(name: name, rows: rows, columns: columns, layers: layers, perLayer: perLayer,
                                          activePerLayer: active ?? perLayer))
        }
        let hidden = hiddenSize
        if let latent = latentAttention {
            let queryWidth = attentionHeads * (latent.noRopeDim + latent.ropeDim)
            if let qRank = latent.qLoraRank {
                add("attn_q_a", qRank, hidden, layers: layers)
                add("attn_q_b", queryWidth, qRank, layers: layers)
            } else {
                add("attn_q", queryWidth, hidden, layers: layers)
            }
            add("attn_kv_a_mqa", latent.kvLoraRank + latent.ropeDim, hidden, layers: layers)
            add("attn_kv_b", attentionHeads * (latent.noRopeDim + latent.valueHeadDim), latent.kvLoraRank, layers: layers)
            add("attn_output", hidden, attentionHeads * latent.valueHeadDim, layers: layers)
        } else {
            add("attn_q", attentionHeads * headDim, hidden, layers: layers)
            add("attn_k", kvHeads * headDim, hidden, layers: layers)
            add("attn_v", kvHeads * headDim, hidden, layers: layers)
            add("attn_output", hidden, attentionHeads * headDim, layers: layers)
        }
        let moeLayers = experts?.moeLayers ?? 0
        for name in ["ffn_gate", "ffn_up"] { add(name, ffnSize, hidden, layers: layers - moeLayers) }
        add("ffn_down", hidden, ffnSize, layers: layers - moeLayers)
        if let experts {
            let width = experts.expertFFNSize
            for name in ["ffn_gate_exps", "ffn_up_exps"] {
                add(name, width, hidden, layers: moeLayers, perLayer: experts.total, active: experts.active)
            }
            add("ffn_down_exps", hidden, width, layers: moeLayers, perLayer: experts.total, active: experts.active)
            for name in ["ffn_gate_shexp", "ffn_up_shexp"] { add(name, width * experts.shared, hidden, layers: moeLayers) }
            add("ffn_down_shexp", hidden, width * experts.shared, layers: moeLayers)
        }
        return shapes
    }
}

/// llama.cpp's Q4_K_M recipe (`llama_tensor_get_type` in src/llama-quant.cpp): tensors are Q4_K except
/// `attn_v` and `ffn_down` (expert ones included) in the layers `useMoreBits` picks, which are Q6_K; the
/// output head is Q6_K too. (Its special cases for 70B-class GQA models, 8-expert models and Falcon are
/// left out.)
package enum Q4KMRecipe {
    /// llama.cpp's `use_more_bits(i_layer, n_layers)`: the first and last eighth of the layers, and every
    /// third layer between them.
    package static func useMoreBits(layer: Int, of layers: Int) -> Bool {
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2
    }

    /// How many of the `layers` layers holding `shape` store it in Q6_K (the rest are Q4_K).
    package static func q6KLayers(_ shape: ProjectionShape, modelLayers: Int) -> Int {
        guard shape.name == "attn_v" || shape.name.hasPrefix("ffn_down") else { return 0 }
        // The tensor's own layers are the model's last `shape.layers` (MoE layers follow the dense ones).
        let first = modelLayers - shape.layers
        return (first..<modelLayers).filter { useMoreBits(layer: $0, of: modelLayers) }.count
    }
}

extension ModelSpec {
    /// Seconds one token spends in the decoder projections, summed from measured one-token products:
    /// `stored(shape)` says in how many of the shape's layers each format (a ggml type name) holds it, and
    /// `gemv(m, k, format)` gives the seconds of one m×k product in that format, or nil when it was not
    /// measured (then the whole answer is nil). Each active expert counts once; the output head and the
    /// embedding row are not included.
    package func decodeSeconds(stored: (ProjectionShape) -> [(format: String, layers: Int)],
                              gemv: (_ rows: Int, _ columns: Int, _ format: String) -> Double?) -> Double? {
        var total = 0.0
        for shape in projectionShapes {
            for (format, layers) in stored(shape) where layers > 0 {
                guard let seconds = gemv(shape.rows, shape.columns, format) else { return nil }
                total += Double(layers * shape.activePerLayer) * seconds
            }
        }
        return total
    }

    /// `decodeSeconds` with every projection stored in `format`.
    package func decodeSeconds(format: String, gemv: (_ rows: Int, _ columns: Int, _ format: String) -> Double?) -> Double? {
        decodeSeconds(stored: { [(format, $0.layers)] }, gemv: gemv)
    }
}

extension Q4KMRecipe {
    /// Seconds one token spends in `model`'s decoder projections stored as Q4_K_M (`ModelSpec.decodeSeconds`):
    /// each shape in "q6_K" on the layers `q6KLayers` counts, in "q4_K" on the rest.
    package static func decodeSeconds(_ model: ModelSpec, gemv: (_ rows: Int, _ columns: Int, _ format: String) -> Double?) -> Double? {
        model.decodeSeconds(stored: { shape in
            let q6 = q6KLayers(shape, modelLayers: model.layers)
            return [("q4_K", shape.layers - q6), ("q6_K", q6)]
        }, gemv: gemv)
    }
}

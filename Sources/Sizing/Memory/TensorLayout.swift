import Basics
import Catalog

/// The weight matrices a catalog record implies, with their role, shape and layer: what a
/// precision recipe needs to decide which tensors are quantized, how (group scales along the input,
/// a scale per output channel) and which stay in 16 bits.
///
/// Built from the record's architecture (embedding, output head, GQA or MLA attention, dense or
/// mixture-of-experts feed-forward blocks, routers); whatever the record's exact parameter count
/// holds beyond these matrices (norms, biases, sinks, state-space layers) is `otherParameters`.
/// Returns nil when the matrices would exceed the count (an architecture it does not model, or
/// dimensions whose products no count can hold).
package struct TensorLayout: Sendable, Hashable {
    package enum Role: String, Sendable, Hashable {
        case embedding, output, attentionValue = "attention value", attentionOutput = "attention output", attention
        case feedForwardDown = "feed-forward down"
        case feedForward = "feed-forward", router, other

        /// Whether quantizers treat it as a linear layer inside a block (the tensors GPTQ, AWQ, FP8 and INT8 quantize).
        package var isBlockLinear: Bool {
            switch self {
            case .attentionValue, .attentionOutput, .attention, .feedForwardDown, .feedForward: return true
            case .embedding, .output, .router, .other: return false
            }
        }
    }

    /// `copies` matrices of `rows` output features × `columns` input features.
    package struct Matrix: Sendable, Hashable {
        package var role: Role
        package var rows: Int
        package var columns: Int
        package var copies: Int
        /// The block the matrix sits in; nil for the embedding and output head.
        package var layer: Int?
        /// True for routed experts (MXFP4 checkpoints quantize only these).
        package var routedExpert: Bool

        package var parameters: Int { rows * columns * copies }
    }

    package var matrices: [Matrix]
    package var otherParameters: Int
    package var layers: Int

    package init?(model: ModelSpec) {
        var out: [Matrix] = []
        // Parameters counted so far; nil once they overflow (then no layout: the count cannot hold them).
        var counted: Int? = 0
        func add(_ role: Role, _ rows: Int, _ columns: Int, copies: Int = 1, layer: Int?, routed: Bool = false) {
            guard rows > 0, columns > 0, copies > 0, let sum = counted else { return }
            counted = try? CheckedCount.sum(sum, CheckedCount.product(rows, columns, copies, what: "parameters"), what: "parameters")
            out.append(Matrix(role: role, rows: rows, columns: columns, copies: copies, layer: layer, routedExpert: routed))
        }
        let hidden = model.hiddenSize
        add(.embedding, model.vocabSize, hidden, layer: nil)
        if !model.tiedEmbeddings { add(.output, model.vocabSize, hidden, layer: nil) }
        let moeLayers = model.experts?.moeLayers ?? 0
        for layer in 0..<model.layers {
            let kind = model.layerAttention?[layer] ?? .full
            if kind.cachesTokens {
                if let latent = model.latentAttention {
                    let qk = latent.noRopeDim + latent.ropeDim
                    if let rank = latent.qLoraRank {
                        add(.attention, rank, hidden, layer: layer)
                        add(.attention, model.attentionHeads * qk, rank, layer: layer)
                    } else {
                        add(.attention, model.attentionHeads * qk, hidden, layer: layer)
                    }
                    add(.attention, latent.kvLoraRank + latent.ropeDim, hidden, layer: layer)
                    add(.attention, model.attentionHeads * (latent.noRopeDim + latent.valueHeadDim), latent.kvLoraRank, layer: layer)
                    add(.attentionOutput, hidden, model.attentionHeads * latent.valueHeadDim, layer: layer)
                } else {
                    let q = model.attentionHeads * model.headDim, kv = model.kvHeads * model.headDim
                    add(.attention, q, hidden, layer: layer)
                    add(.attention, kv, hidden, layer: layer)
                    add(.attentionValue, kv, hidden, layer: layer)
                    add(.attentionOutput, hidden, q, layer: layer)
                }
            }
            // Mixture-of-experts blocks follow the leading dense ones (DeepSeek's first_k_dense_replace).
            if let experts = model.experts, layer >= model.layers - moeLayers {
                let width = experts.expertFFNSize
                add(.router, experts.total, hidden, layer: layer)
                add(.feedForward, 2 * width, hidden, copies: experts.total, layer: layer, routed: true)
                add(.feedForwardDown, hidden, width, copies: experts.total, layer: layer, routed: true)
                add(.feedForward, 2 * width * experts.shared, hidden, layer: layer)
                add(.feedForwardDown, hidden, width * experts.shared, layer: layer)
            } else if kind != .linear || model.experts == nil {
                add(.feedForward, 2 * model.ffnSize, hidden, layer: layer)
                add(.feedForwardDown, hidden, model.ffnSize, layer: layer)
            }
        }
        guard let counted, counted <= model.totalParameters else { return nil }
        matrices = out
        otherParameters = model.totalParameters - counted
        layers = model.layers
    }
}

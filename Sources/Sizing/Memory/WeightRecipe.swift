import Catalog

/// How a published checkpoint of a precision stores each tensor, when only a model id and a
/// precision are known: which tensors are quantized, with which scales, and which stay in 16 bits.
/// One bits-per-weight for every parameter undercounts quantized checkpoints, which keep the
/// embedding, the output head, norms and routers (and for gpt-oss the attention) in BF16.
///
/// Each recipe names its source. It owns the per-tensor rules only; bytes per block come from
/// `GGMLType`, shapes from `TensorLayout`. Precisions without a recipe (BF16, FP16, FP32, where
/// every tensor has the same width) keep parameters × bits ÷ 8.
package struct WeightRecipe: Sendable {
    /// How one tensor is stored.
    package enum Storage: Sendable, Hashable {
        /// Plain numbers of `bits` each.
        case plain(bits: Int, name: String)
        /// `bits`-bit integers with a scale of `scaleBits` (and a zero point of `zeroBits`) per `group`
        /// inputs of each output row (group nil: one per row), plus GPTQ's 4-byte group index per input.
        case grouped(bits: Int, group: Int?, scaleBits: Int, zeroBits: Int, groupIndex: Bool, name: String)
        /// A ggml block type.
        case ggml(GGMLType)
        /// Any number of bits per element (a precision's catalog figure).
        case fractional(bits: Double, name: String)

        package var name: String {
            switch self {
            case .plain(_, let name), .grouped(_, _, _, _, _, let name), .fractional(_, let name): return name
            case .ggml(let type): return type.name
            }
        }

        /// Bytes of a `rows` × `columns` matrix.
        func bytes(rows: Int, columns: Int) -> Double {
            let elements = Double(rows) * Double(columns)
            switch self {
            case .plain(let bits, _):
                return elements * Double(bits) / 8
            case .grouped(let bits, let group, let scaleBits, let zeroBits, let groupIndex, _):
                let groups = Double((columns + (group ?? columns) - 1) / (group ?? columns))
                return elements * Double(bits) / 8 + Double(rows) * groups * Double(scaleBits + zeroBits) / 8
                    + (groupIndex ? Double(columns) * 4 : 0)
            case .ggml(let type):
                return elements / Double(type.blockElements) * Double(type.blockBytes)
            case .fractional(let bits, _):
                return elements * bits / 8
            }
        }
    }

    package var precision: String
    package var title: String
    package var source: String
    /// How norms, biases and other small tensors are stored (name, bits): BF16 unless the recipe is uniform.
    var otherStorage: (name: String, bits: Double) = ("BF16", 16)
    /// The storage of a matrix of the layout.
    let rule: @Sendable (TensorLayout.Matrix, TensorLayout) -> Storage

    init(precision: String, title: String, source: String, otherStorage: (name: String, bits: Double) = ("BF16", 16),
         rule: @escaping @Sendable (TensorLayout.Matrix, TensorLayout) -> Storage) {
        self.precision = precision
        self.title = title
        self.source = source
        self.otherStorage = otherStorage
        self.rule = rule
    }

    static let bf16 = Storage.plain(bits: 16, name: "BF16")

    /// The recipe for `precision`, nil when every tensor is stored alike.
    package static func forPrecision(_ precision: String) -> WeightRecipe? { all.first { $0.precision == precision } }

    /// A part of the weights: the tensors of one role stored one way.
    package struct Part: Sendable, Hashable {
        package var role: String
        package var storage: String
        package var parameters: Int
        package var bytes: Int
    }

    /// Bytes of the matrices of `layout` that `include` selects (routed experts, the embedding table).
    package func bytes(_ layout: TensorLayout, where include: (TensorLayout.Matrix) -> Bool) -> Int {
        let total = layout.matrices.filter(include).reduce(0.0) { sum, matrix in
            sum + rule(matrix, layout).bytes(rows: matrix.rows, columns: matrix.columns) * Double(matrix.copies)
        }
        return Int(total.rounded(.up))
    }

    /// Every tensor of `layout` under this recipe, grouped by role and storage; norms, biases and
    /// other small tensors in BF16.
    package func parts(_ layout: TensorLayout) -> [Part] {
        var table: [String: (Part, Double)] = [:]
        var order: [String] = []
        func account(_ role: String, _ storage: String, parameters: Int, bytes: Double) {
            let key = role + "\u{1}" + storage
            if table[key] == nil { order.append(key) }
            var entry = table[key] ?? (Part(role: role, storage: storage, parameters: 0, bytes: 0), 0)
            entry.0.parameters += parameters
            entry.1 += bytes
            table[key] = entry
        }
        for matrix in layout.matrices {
            let storage = rule(matrix, layout)
            account(matrix.role.rawValue, storage.name, parameters: matrix.parameters,
                    bytes: storage.bytes(rows: matrix.rows, columns: matrix.columns) * Double(matrix.copies))
        }
        account("other (norms, biases, state-space layers)", otherStorage.name, parameters: layout.otherParameters,
                bytes: Double(layout.otherParameters) * otherStorage.bits / 8)
        return order.compactMap { key in
            table[key].map { part, bytes in Part(role: part.role, storage: part.storage, parameters: part.parameters, bytes: Int(bytes.rounded(.up))) }
        }.filter { $0.parameters > 0 }
    }

    /// Every tensor stored alike at `precision`'s bits, norms and biases included: BF16, FP16, FP32 and
    /// precisions without a recipe.
    static func uniform(_ precision: PrecisionSpec) -> WeightRecipe {
        let storage = Storage.plain(bits: 0, name: precision.name)
        let bits = precision.bitsPerWeight
        return WeightRecipe(precision: precision.id, title: "", source: "", otherStorage: (storage.name, bits)) { _, _ in
            .fractional(bits: bits, name: precision.name)
        }
    }

    // MARK: - The recipes

    /// llama.cpp's rule for spending more bits on some layers' attn_v and ffn_down (`use_more_bits` in
    /// src/llama-quant.cpp): the first and last eighth of the layers, and every third layer between.
    static func moreBits(_ layer: Int, of layers: Int) -> Bool {
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2
    }

    static func ggml(_ name: String) -> Storage { .ggml(GGMLType.named(name)!) }

    /// llama.cpp's k-quant mixes (`llama_tensor_get_type` in src/llama-quant.cpp): the output head (or a
    /// tied embedding) in Q6_K; attn_v and ffn_down one step up on `moreBits` layers (Q4_K_M, Q5_K_M) or in the first
    /// layers (Q3_K_M); everything else in the base type, the token embedding included; norms F32.
    static func llamaCpp(_ precision: String, title: String, base: String,
                         upgrade: @escaping @Sendable (TensorLayout.Matrix, TensorLayout) -> String?) -> WeightRecipe {
        WeightRecipe(precision: precision, title: title,
                     source: "llama.cpp src/llama-quant.cpp (llama_tensor_get_type); sizes checked against tools/quantize/README.md") { matrix, layout in
            // A tied embedding doubles as the output head and gets its type (llama.cpp checks `!has_output`).
            let isHead = matrix.role == .output || (matrix.role == .embedding && !layout.matrices.contains { $0.role == .output })
            if isHead { return base == "Q8_0" ? ggml("Q8_0") : ggml("Q6_K") }
            switch matrix.role {
            case .embedding, .router: return ggml(base)
            default: return upgrade(matrix, layout).map(ggml) ?? ggml(base)
            }
        }
    }

    /// Quantizers of Hugging Face checkpoints (AutoGPTQ, AutoAWQ, llm-compressor) quantize the linear
    /// layers inside the blocks and leave the embedding, output head, norms and MoE routers in 16 bits.
    static func blockLinears(_ precision: String, title: String, source: String, _ storage: Storage) -> WeightRecipe {
        WeightRecipe(precision: precision, title: title, source: source) { matrix, _ in
            matrix.role.isBlockLinear ? storage : bf16
        }
    }

    package static let all: [WeightRecipe] = [
        blockLinears("gptq-int4", title: "GPTQ 4-bit, group 128 (AutoGPTQ layout)",
                     source: "AutoGPTQ QuantLinear: qweight, qzeros, scales (fp16) per 128 inputs, g_idx; hugging-quants/Meta-Llama-3.1-8B-Instruct-GPTQ-INT4",
                     .grouped(bits: 4, group: 128, scaleBits: 16, zeroBits: 4, groupIndex: true, name: "INT4 g128")),
        blockLinears("awq-int4", title: "AWQ 4-bit, group 128 (AutoAWQ GEMM layout)",
                     source: "AutoAWQ WQLinear_GEMM: qweight, qzeros, scales (fp16) per 128 inputs",
                     .grouped(bits: 4, group: 128, scaleBits: 16, zeroBits: 4, groupIndex: false, name: "INT4 g128")),
        blockLinears("int4", title: "INT4 W4A16 with a scale per output channel",
                     source: "llm-compressor W4A16 channel-wise scheme (weight_scale per output row)",
                     .grouped(bits: 4, group: nil, scaleBits: 16, zeroBits: 0, groupIndex: false, name: "INT4")),
        blockLinears("int8", title: "INT8 W8A8 with an fp32 scale per output channel",
                     source: "llm-compressor W8A8 (compressed-tensors); vLLM's load log for Llama 3.1 70B INT8: 67.72 GiB",
                     .grouped(bits: 8, group: nil, scaleBits: 32, zeroBits: 0, groupIndex: false, name: "INT8")),
        blockLinears("fp8", title: "FP8 E4M3 with an fp32 scale per output channel",
                     source: "llm-compressor FP8 (compressed-tensors), as vLLM loads it",
                     .grouped(bits: 8, group: nil, scaleBits: 32, zeroBits: 0, groupIndex: false, name: "FP8")),
        WeightRecipe(precision: "fbgemm-fp8", title: "FP8 feed-forward with an fp32 scale per output row; attention and the first and last blocks' feed-forward in BF16",
                     source: "meta-llama/Llama-3.1-405B-Instruct-FP8 config.json quantization_config (quant_method fbgemm_fp8, modules_to_not_convert: every self_attn projection, model.layers.0.mlp and model.layers.125.mlp)") { matrix, layout in
            let feedForward = matrix.role == .feedForward || matrix.role == .feedForwardDown
            let layer = matrix.layer ?? 0
            return feedForward && layer > 0 && layer < layout.layers - 1
                ? .grouped(bits: 8, group: nil, scaleBits: 32, zeroBits: 0, groupIndex: false, name: "FP8") : bf16
        },
        WeightRecipe(precision: "mxfp4", title: "MXFP4 experts, the rest in BF16 (gpt-oss)",
                     source: "gpt-oss model card and config.json quantization_config (modules_to_not_convert: attention, router, embedding, lm_head)") { matrix, layout in
            let anyExperts = layout.matrices.contains(where: \.routedExpert)
            return (anyExperts ? matrix.routedExpert : matrix.role.isBlockLinear) ? ggml("MXFP4") : bf16
        },
        llamaCpp("q8_0", title: "llama.cpp Q8_0", base: "Q8_0") { _, _ in nil },
        llamaCpp("q4_0", title: "llama.cpp Q4_0", base: "Q4_0") { _, _ in nil },
        llamaCpp("q6_k", title: "llama.cpp Q6_K", base: "Q6_K") { _, _ in nil },
        llamaCpp("q5_k_m", title: "llama.cpp Q5_K_M", base: "Q5_K") { matrix, layout in
            [.attentionValue, .feedForwardDown].contains(matrix.role) && moreBits(matrix.layer ?? 0, of: layout.layers) ? "Q6_K" : nil
        },
        llamaCpp("q4_k_m", title: "llama.cpp Q4_K_M", base: "Q4_K") { matrix, layout in
            [.attentionValue, .feedForwardDown].contains(matrix.role) && moreBits(matrix.layer ?? 0, of: layout.layers) ? "Q6_K" : nil
        },
        llamaCpp("q3_k_m", title: "llama.cpp Q3_K_M", base: "Q3_K") { matrix, layout in
            let layer = matrix.layer ?? 0
            switch matrix.role {
            case .attentionValue: return layer < 2 ? "Q5_K" : "Q4_K"
            case .feedForwardDown: return layer < layout.layers / 16 ? "Q5_K" : "Q4_K"
            case .attentionOutput: return "Q4_K"
            default: return nil
            }
        },
    ]
}

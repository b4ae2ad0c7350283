/// The tensors a model's weights are stored as: name, shape, storage type and exact bytes of each.
///
/// This is what the sizing engine charges for weights when a model comes from its own files (a
/// safetensors or GGUF header) instead of one bits-per-weight for every parameter. It owns the
/// grouping of tensors by role (embedding, attention, experts…) so every front end lists the same
/// groups; it never reads files (the `ModelFiles` module does that) and never guesses a size.
package struct TensorInventory: Sendable, Hashable {
    /// One stored tensor.
    package struct Tensor: Sendable, Hashable {
        package var name: String
        /// Dimensions as the file lists them (safetensors: row-major; GGUF: innermost first).
        package var shape: [Int]
        /// Storage type as the file names it: `BF16`, `F8_E4M3`, `Q4_K`, `MXFP4`…
        package var type: String
        /// Elements in the tensor (the product of the shape).
        package var elements: Int
        /// Model parameters the tensor holds: its elements, or more where several weights are packed
        /// in one element (GPTQ's eight 4-bit weights per I32, MXFP4's two per byte), or none for a
        /// tensor of scales or zero points.
        package var parameters: Int
        /// Bytes the tensor occupies in the file, scales of block formats included.
        package var bytes: Int
        /// What the tensor is for, read from its name once.
        package let role: Role

        package init(name: String, shape: [Int], type: String, elements: Int, parameters: Int? = nil, bytes: Int) {
            self.name = name
            role = Role.of(name)
            self.shape = shape
            self.type = type
            self.elements = elements
            self.parameters = parameters ?? elements
            self.bytes = bytes
        }
    }

    /// Tensors with the same role and storage type, as `inspect` lists them.
    package struct Group: Sendable, Hashable {
        package var role: Role
        package var type: String
        package var count: Int
        package var parameters: Int
        package var bytes: Int
    }

    /// What a tensor is for, read from its name (Hugging Face and GGUF naming both understood).
    package enum Role: String, Sendable, Hashable, CaseIterable {
        case embedding, output, attention, indexer, linearAttention = "linear-attention", feedForward = "feed-forward"
        case experts, sharedExperts = "shared-experts", router, norm, quantizationScales = "scales", vision, other

        /// The role of the tensor called `name`.
        package static func of(_ name: String) -> Role {
            let n = name.lowercased()
            func has(_ parts: String...) -> Bool { parts.contains { n.contains($0) } }
            if has("vision", "visual", "mm_projector", "multi_modal", "audio") { return .vision }
            if has("weight_scale", "weight_zero", "scales", "qzeros", "g_idx", "input_scale", "_scale_inv", "zeros") { return .quantizationScales }
            if has("norm", "ln_", ".ln") { return .norm }
            if has("embed_tokens", "token_embd", "wte", "tok_embeddings") { return .embedding }
            if has("lm_head", "output.weight") || n == "output.weight" { return .output }
            if has("indexer") { return .indexer }
            if has("shared_expert", "shexp") { return .sharedExperts }
            if has("mlp.gate.", "moe.gate.", "router", "gate_inp", "exp_probs", "e_score_correction") { return .router }
            if has("experts", "_exps") { return .experts }
            let attentionProjection = has("q_proj", "k_proj", "v_proj", "o_proj")
            if has("linear_attn", "mamba", "ssm") || (has("mixer") && !attentionProjection) { return .linearAttention }
            if has("attn", "attention", "q_proj", "k_proj", "v_proj", "o_proj", "kv_a", "kv_b", "q_a", "q_b") { return .attention }
            if has("mlp", "ffn", "feed_forward") { return .feedForward }
            return .other
        }
    }

    package var tensors: [Tensor]
    /// Where the tensors were read from (file paths), for provenance.
    package var sources: [String]
    /// `safetensors` or `gguf`.
    package var format: String

    package init(tensors: [Tensor], sources: [String], format: String) {
        self.tensors = tensors
        self.sources = sources
        self.format = format
    }

    /// Every byte of every tensor.
    package var totalBytes: Int { tensors.reduce(0) { $0 + $1.bytes } }

    /// Weights, not counting the scales and zero points stored as tensors of their own (GPTQ, AWQ, FP8).
    package var parameterCount: Int { tensors.reduce(0) { $0 + $1.parameters } }

    /// Parameters of the tensors with `role`.
    package func parameters(of role: Role) -> Int { tensors.reduce(0) { $0 + ($1.role == role ? $1.parameters : 0) } }

    /// Bytes of the tensors with `role`.
    package func bytes(of role: Role) -> Int { tensors.reduce(0) { $0 + ($1.role == role ? $1.bytes : 0) } }

    /// Tensors grouped by role and type, in role order then type name.
    package var groups: [Group] {
        var table: [String: Group] = [:]
        for tensor in tensors {
            let role = tensor.role
            let key = role.rawValue + "\u{1}" + tensor.type
            var group = table[key] ?? Group(role: role, type: tensor.type, count: 0, parameters: 0, bytes: 0)
            group.count += 1
            group.parameters += tensor.parameters
            group.bytes += tensor.bytes
            table[key] = group
        }
        let order = Dictionary(uniqueKeysWithValues: Role.allCases.enumerated().map { ($1, $0) })
        return table.values.sorted { (order[$0.role]!, $0.type) < (order[$1.role]!, $1.type) }
    }
}

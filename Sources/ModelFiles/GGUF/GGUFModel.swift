import Foundation
import Catalog

/// A GGUF model: every shard's header read, the tensors merged, and the architecture taken from the
/// `{arch}.*` metadata keys that llama.cpp writes (block_count, embedding_length, attention.head_count…).
///
/// The first shard of a split model (`name-00001-of-00003.gguf`) finds the others beside it; a
/// missing shard is an error naming it. A key the architecture needs and the file lacks is an error
/// naming the key.
package struct GGUFModel: Sendable {
    package var headers: [GGUFHeader]
    package var spec: ModelSpec
    package var inventory: TensorInventory

    package static func read(path: String) throws(ModelFileError) -> GGUFModel {
        let first = try GGUFHeader.read(path: path)
        var headers = [first]
        for shard in try otherShards(of: first) { headers.append(try GGUFHeader.read(path: shard)) }
        let tensors = headers.flatMap(\.tensors).sorted { $0.name < $1.name }
        try TensorInventory.requireCountable(tensors, in: headers.map(\.path))
        let inventory = TensorInventory(tensors: tensors, sources: headers.map(\.path), format: "gguf")
        return GGUFModel(headers: headers, spec: try architecture(first, inventory: inventory), inventory: inventory)
    }

    /// Paths of the shards after the first, from `split.count` and the `-00001-of-0000N` file name.
    static func otherShards(of header: GGUFHeader) throws(ModelFileError) -> [String] {
        guard let count = header["split.count"]?.int, count > 1 else { return [] }
        guard count <= 99_999 else { throw ModelFileError(header.path, .wholeFile, "split.count is \(count); expected at most 99,999 shards") }
        let name = header.path
        guard let range = name.range(of: "-00001-of-", options: .backwards) else {
            throw ModelFileError(name, .wholeFile, "split.count is \(count) but the name does not follow 'name-00001-of-0000\(count).gguf'; "
                                 + "give the first shard")
        }
        return (2...count).map { index in
            let number = String(index).leftPadded(to: 5)
            return name.replacingCharacters(in: range, with: "-\(number)-of-")
        }.map { $0 }
    }

    static func architecture(_ header: GGUFHeader, inventory: TensorInventory) throws(ModelFileError) -> ModelSpec {
        func fail(_ message: String) -> ModelFileError { ModelFileError(header.path, .wholeFile, message) }
        guard case .string(let arch)? = header["general.architecture"] else {
            throw fail("the metadata key 'general.architecture' is missing; it names the architecture (llama, qwen3moe, deepseek2…)")
        }
        // A whole number beyond 2^40 (or below 0) is no model's dimension; refusing it here keeps the
        // subtractions below from overflowing before `ModelSpec.limitProblem` names the field at fault.
        func int(_ key: String) throws(ModelFileError) -> Int? {
            let found: Int?
            switch header["\(arch).\(key)"] {
            case .array(_, let items?)?: found = items.compactMap(\.int).max()
            case .unsigned(let raw)? where raw > UInt64(Int.max):
                throw fail("the metadata key '\(arch).\(key)' is \(raw); expected 0 to 2^40")   // not "missing"
            case let value?: found = value.int
            case nil: found = nil
            }
            guard let found else { return nil }
            guard (0...(1 << 40)).contains(found) else { throw fail("the metadata key '\(arch).\(key)' is \(found); expected 0 to 2^40") }
            return found
        }
        func require(_ key: String, _ why: String) throws(ModelFileError) -> Int {
            guard let value = try int(key), value > 0 else { throw fail("the metadata key '\(arch).\(key)' is missing; it is needed for \(why)") }
            return value
        }
        let layers = try require("block_count", "the layer count")
        guard layers <= ModelSpec.largestLayerCount else {
            throw fail("'\(arch).block_count' is \(layers); expected at most \(ModelSpec.largestLayerCount) layers")
        }
        let hidden = try require("embedding_length", "the weights and activations")
        let heads = try require("attention.head_count", "the attention shapes")
        let kvHeads = try int("attention.head_count_kv") ?? heads
        let headDim = try int("attention.key_length") ?? hidden / heads
        let embedding = inventory.tensors.first { $0.name == "token_embd.weight" }
        let vocab: Int
        if let declared = try int("vocab_size") {
            vocab = declared
        } else if case .array(let count, _)? = header["tokenizer.ggml.tokens"] {
            vocab = count
        } else if let embedding, embedding.shape.count == 2 {
            vocab = embedding.shape[1]
        } else {
            throw fail("no vocabulary size: neither '\(arch).vocab_size', 'tokenizer.ggml.tokens' nor a token_embd.weight tensor")
        }
        let context = try require("context_length", "the longest context")
        var experts: ModelSpec.Experts?
        if let total = try int("expert_count"), total > 1 {
            let moeLayers = Set(inventory.tensors.filter { $0.role == .experts }.compactMap { layerIndex($0.name) })
            let expertWidth = try int("expert_feed_forward_length")
            let denseWidth = try int("feed_forward_length")
            experts = ModelSpec.Experts(total: total, active: try require("expert_used_count", "the experts each token uses"),
                                        shared: try int("expert_shared_count") ?? 0, moeLayers: moeLayers.count,
                                        expertFFNSize: expertWidth ?? denseWidth ?? 0)
        }
        var latent: ModelSpec.LatentAttention?
        if let rank = try int("attention.kv_lora_rank") {
            let rope = try require("rope.dimension_count", "the rotary key cached beside the MLA latent")
            latent = ModelSpec.LatentAttention(kvLoraRank: rank, ropeDim: rope, noRopeDim: headDim - rope,
                                               valueHeadDim: try int("attention.value_length") ?? headDim - rope,
                                               qLoraRank: try int("attention.q_lora_rank"))
        }
        var pattern = Array(repeating: ModelSpec.LayerAttention.full, count: layers)
        if case .array(_, let perLayer?)? = header["\(arch).attention.head_count_kv"], perLayer.count == layers {
            pattern = perLayer.map { ($0.int ?? 0) == 0 ? .linear : .full }
        }
        if let window = try int("attention.sliding_window"), window > 0 {
            for layer in 0..<layers where pattern[layer] == .full {
                let local: Bool
                switch arch {
                case "gemma3": local = (layer + 1) % 6 != 0
                case "gpt-oss": local = layer % 2 == 0
                default: local = true
                }
                if local { pattern[layer] = .window(tokens: window) }
            }
        }
        let windowed = pattern.filter { if case .window = $0 { return true }; return false }.count
        let total = inventory.parameterCount
        let expertParameters = inventory.parameters(of: .experts)
        let inactive = experts?.unusedParameters(ofRouted: expertParameters) ?? 0
        var name = arch
        if case .string(let declared)? = header["general.name"] { name = declared }
        var spec = ModelSpec(
            id: name.lowercased().replacingOccurrences(of: " ", with: "-"), name: name, vendor: "", layers: layers, hiddenSize: hidden,
            attentionHeads: heads, kvHeads: kvHeads, headDim: headDim, ffnSize: try int("feed_forward_length") ?? 0, vocabSize: vocab,
            tiedEmbeddings: !inventory.tensors.contains { $0.name == "output.weight" }, totalParameters: total,
            activeParameters: total - inactive, experts: experts, latentAttention: latent,
            slidingWindow: try int("attention.sliding_window").flatMap { windowed > 0 ? ModelSpec.SlidingWindow(tokens: $0, layers: windowed) : nil },
            maxContextTokens: context, license: "", openness: .openWeights, formats: ["gguf"], source: header.path)
        spec.layerAttention = pattern.contains { $0 != .full } ? pattern : nil
        spec.tensors = inventory
        let linearLayers = pattern.filter { $0 == .linear }.count
        if linearLayers > 0 {
            // llama.cpp's ssm.* keys: a recurrent state of inner × state elements and a convolution window of
            // kernel − 1 steps over inner + 2 × groups × state channels (Mamba-2, Gated DeltaNet; groups 0 for Mamba-1).
            if let inner = try int("ssm.inner_size"), let state = try int("ssm.state_size"), let kernel = try int("ssm.conv_kernel"),
               inner <= 1 << 24, state <= 1 << 16, kernel <= 1 << 8 {
                let groups = min(try int("ssm.group_count") ?? 0, 1 << 16)
                spec.stateElementsPerSequence = linearLayers * (inner * state + (inner + 2 * groups * state) * max(0, kernel - 1))
            } else {
                spec.notes = "the metadata lacks \(arch).ssm.inner_size, ssm.state_size or ssm.conv_kernel: the constant state of "
                    + "\(linearLayers) state-space layers is left out of the KV cache"
            }
        }
        return spec
    }

    /// The block index in `blk.12.attn_q.weight` or `model.layers.12.mlp…`.
    static func layerIndex(_ name: String) -> Int? {
        let parts = name.split(separator: ".")
        for (index, part) in parts.enumerated() where (part == "blk" || part == "layers") && index + 1 < parts.count {
            return Int(parts[index + 1])
        }
        return nil
    }
}

import Basics
import Catalog

/// Memory the weights of a model take at a precision: every parameter stored, every expert of a
/// mixture-of-experts model included (all experts stay resident even though each token uses a few).
///
/// When the model was read from its own files (`ModelSpec.tensors`), the weights are the exact bytes
/// of its tensors, whatever precision is asked for; otherwise parameters × bits per weight.
package struct WeightsEstimate: Sendable, Hashable {
    package var parameters: Int
    package var bitsPerWeight: Double
    /// parameters × bitsPerWeight ÷ 8, rounded up to a whole byte; or the sum of the tensors' bytes.
    package var bytes: Int
    /// The tensors summed, when the bytes come from a file's header.
    package var tensors: TensorInventory?
    /// The precision's per-tensor recipe and its parts, when one was applied.
    package var recipe: String?
    package var parts: [WeightRecipe.Part] = []
    /// Bytes of the routed experts (of which a decode step reads only those its tokens select).
    package var routedExpertBytes = 0
    /// Bytes of the input embedding table when it is not also the output head (a decode step gathers rows of it, never reads it whole).
    package var embeddingTableBytes = 0

    /// The weights of `model` stored in `precision`, or as its files store them when it has a tensor inventory;
    /// a model too large to count in bytes is refused.
    package init(model: ModelSpec, precision: PrecisionSpec) throws(SizingError) {
        if let inventory = model.tensors, inventory.parameterCount > 0 {
            let stored = inventory.totalBytes
            try self.init(parameters: inventory.parameterCount, bitsPerWeight: Double(stored) * 8 / Double(inventory.parameterCount))
            bytes = stored
            tensors = inventory
            routedExpertBytes = inventory.bytes(of: .experts)
            embeddingTableBytes = model.tiedEmbeddings ? 0 : inventory.bytes(of: .embedding)
        } else if let recipe = WeightRecipe.forPrecision(precision.id), let layout = TensorLayout(model: model), model.totalParameters > 0 {
            let parts = recipe.parts(layout)
            let stored = parts.reduce(0) { $0 + $1.bytes }
            try self.init(parameters: model.totalParameters, bitsPerWeight: Double(stored) * 8 / Double(model.totalParameters))
            bytes = stored
            self.recipe = recipe.title
            self.parts = parts
            routedExpertBytes = recipe.bytes(layout, where: \.routedExpert)
            embeddingTableBytes = model.tiedEmbeddings ? 0 : recipe.bytes(layout) { $0.role == .embedding }
        } else {
            try self.init(parameters: model.totalParameters, bitsPerWeight: precision.bitsPerWeight)
            if let layout = TensorLayout(model: model) {
                let uniform = WeightRecipe.uniform(precision)
                parts = uniform.parts(layout)
                routedExpertBytes = uniform.bytes(layout, where: \.routedExpert)
                embeddingTableBytes = model.tiedEmbeddings ? 0 : uniform.bytes(layout) { $0.role == .embedding }
            } else {
                // An architecture the layout does not model: experts and table at the average width.
                // In Double: a product of five dimensions may exceed an Int; the bytes are capped by the weights'.
                let perWeight = precision.bitsPerWeight / 8
                let expertParameters = model.experts.map { 3 * Double(model.hiddenSize) * Double($0.expertFFNSize) * Double($0.total) * Double($0.moeLayers) } ?? 0
                routedExpertBytes = Int(min(expertParameters * perWeight, Double(bytes)).rounded(.up))
                embeddingTableBytes = model.tiedEmbeddings ? 0 : Int((Double(model.embeddingParameters) * perWeight).rounded(.up))
            }
        }
    }

    package init(parameters: Int, bitsPerWeight: Double) throws(SizingError) {
        self.parameters = parameters
        self.bitsPerWeight = bitsPerWeight
        bytes = try SizingError.counting(.model) { () throws(CountOverflow) in
            try CheckedCount.rounded(Double(parameters) * bitsPerWeight / 8, what: "the weights")
        }
    }

    /// What the weights consist of, one row per role and storage type: the file's tensor groups, the
    /// recipe's parts, or a single row when every parameter is stored alike.
    package var breakdown: [WeightRecipe.Part] {
        if let tensors {
            return tensors.groups.map { WeightRecipe.Part(role: $0.role.rawValue, storage: $0.type, parameters: $0.parameters, bytes: $0.bytes) }
        }
        if !parts.isEmpty {
            // Parts of a uniform precision are rounded per group; the total stays parameters × bits ÷ 8.
            return parts
        }
        return [WeightRecipe.Part(role: "all weights", storage: "\(NumberText.decimal(bitsPerWeight)) bits", parameters: parameters, bytes: bytes)]
    }

    /// Stored bytes per parameter, averaged over the whole model: what placement and the roofline
    /// charge for a share of the layers.
    package static func bytesPerParameter(model: ModelSpec, precision: PrecisionSpec) throws(SizingError) -> Double {
        try WeightsEstimate(model: model, precision: precision).bitsPerWeight / 8
    }

    /// "70,553,706,496 parameters × 2 bytes" (or "× 4.84 bits ÷ 8" for fractional formats, or
    /// "291 tensors read from model.gguf" for exact bytes).
    package var formula: String {
        if let tensors {
            let files = tensors.sources.count == 1 ? tensors.sources[0] : "\(tensors.sources.count) \(tensors.format) files"
            return "\(NumberText.count(tensors.tensors.count, "tensor")) read from \(files), "
                + "\(NumberText.grouped(parameters)) parameters at \(NumberText.fixed(bitsPerWeight, places: 3)) bits on average"
        }
        if let recipe, !recipe.isEmpty {
            return recipe + ": " + parts.map { "\(NumberText.grouped($0.parameters)) \($0.role) in \($0.storage)" }.joined(separator: " + ")
        }
        let perWeight = bitsPerWeight.truncatingRemainder(dividingBy: 8) == 0
            ? "\(NumberText.decimal(bitsPerWeight / 8)) byte\(bitsPerWeight == 8 ? "" : "s")"
            : "\(NumberText.decimal(bitsPerWeight)) bits ÷ 8"
        return "\(NumberText.grouped(parameters)) parameters × \(perWeight)"
    }
}

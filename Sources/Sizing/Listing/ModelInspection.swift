import Basics
import Catalog
import Foundation

/// What `infrabook inspect` prints about a model read from its files: architecture, each layer's
/// attention, experts, exact parameter counts, the KV cache per token, and the tensors grouped by
/// role and storage type ("what the file really holds"), as text, JSON or Markdown.
///
/// Rendering only: the model comes in already read (ModelFiles does the reading), the KV figure
/// comes from `KVCacheEstimate`, so these numbers are the ones `size` uses.
package struct ModelInspection: Sendable {
    package var model: ModelSpec
    /// Files read, in order.
    package var files: [String]
    /// Bytes read from disk to get all of this.
    package var bytesRead: Int
    /// Total tensor bytes from a shard index, when the shards themselves were not at hand.
    package var indexTotalBytes: Int?
    /// Tensors present in the files that serving engines do not load (multi-token-prediction layers).
    package var skippedTensors: [TensorInventory.Tensor]
    package var kvCache: KVCacheEstimate

    package init(model: ModelSpec, files: [String], bytesRead: Int, indexTotalBytes: Int?, skippedTensors: [TensorInventory.Tensor],
                kvPrecision: PrecisionSpec) throws(SizingError) {
        self.model = model
        self.files = files
        self.bytesRead = bytesRead
        self.indexTotalBytes = indexTotalBytes
        self.skippedTensors = skippedTensors
        kvCache = try KVCacheEstimate(model: model, kvPrecision: kvPrecision, contextTokens: 1, users: 1)
    }

    /// Each layer's attention as one letter: F full, W window, C chunk, L linear/state-space, - none.
    package var layerPattern: String {
        let kinds = model.layerAttention ?? (0..<model.layers).map { index in
            index < (model.slidingWindow?.layers ?? 0) ? windowKind : .full
        }
        return String(kinds.map { kind -> Character in
            switch kind {
            case .full: return "F"
            case .window: return "W"
            case .chunk: return "C"
            case .linear: return "L"
            case .feedForwardOnly: return "-"
            }
        })
    }

    /// The kind of the windowed layers of a model described without a per-layer list.
    private var windowKind: ModelSpec.LayerAttention {
        let window = model.slidingWindow
        return window?.chunked == true ? .chunk(tokens: window!.tokens) : .window(tokens: window?.tokens ?? 0)
    }

    /// "full ×18, window 128 ×18".
    package var layerSummary: String {
        let kinds = model.layerAttention ?? [ModelSpec.LayerAttention](repeating: .full, count: model.layers - (model.slidingWindow?.layers ?? 0))
            + [ModelSpec.LayerAttention](repeating: windowKind, count: model.slidingWindow?.layers ?? 0)
        var counts: [(String, Int)] = []
        for kind in kinds {
            if let index = counts.firstIndex(where: { $0.0 == kind.label }) { counts[index].1 += 1 } else { counts.append((kind.label, 1)) }
        }
        return counts.map { "\($0.0) ×\($0.1)" }.joined(separator: ", ")
    }

    var attentionText: String {
        if let latent = model.latentAttention {
            return "MLA: \(model.attentionHeads) heads, latent \(latent.kvLoraRank) + rope \(latent.ropeDim)"
                + (model.sparseAttention.map { ", sparse indexer (top \($0.topK), key \($0.indexerKeyDim))" } ?? "")
        }
        return "\(model.attentionKind): \(model.attentionHeads) query heads, \(model.kvHeads) KV heads, head dim \(model.headDim)"
    }

    var expertsText: String? {
        model.experts.map { "\($0.total) routed (\($0.active) per token), \($0.shared) shared, \($0.moeLayers) MoE layers, expert width \($0.expertFFNSize)" }
    }

    var weightsBytes: Int? { model.tensors?.totalBytes ?? indexTotalBytes }

    var facts: [(String, String)] {
        var rows: [(String, String)] = [
            ("model", model.name),
            ("read", "\(NumberText.count(files.count, "file")), \(NumberText.grouped(bytesRead)) bytes"),
            ("layers", "\(model.layers): \(layerSummary)"),
            ("attention", attentionText),
        ]
        if let expertsText { rows.append(("experts", expertsText)) }
        rows.append(("parameters", "\(NumberText.grouped(model.totalParameters)) total, \(NumberText.grouped(model.activeParameters)) active per token"))
        if let weightsBytes {
            let bits = model.totalParameters > 0 ? Double(weightsBytes) * 8 / Double(model.totalParameters) : 0
            rows.append(("weights", "\(NumberText.grouped(weightsBytes)) bytes (\(NumberText.fixed(Double(weightsBytes) / 1e9, places: 2)) GB, "
                         + "\(NumberText.fixed(Double(weightsBytes) / 1_073_741_824, places: 2)) GiB), "
                         + "\(NumberText.fixed(bits, places: 3)) bits per parameter" + (model.tensors == nil ? " (from the shard index)" : "")))
        } else {
            rows.append(("weights", "no tensors read: the size depends on the precision chosen (config.json gives the architecture only)"))
        }
        rows.append(("KV cache", "\(NumberText.grouped(kvCache.bytesPerToken)) B per token at \(NumberText.decimal(kvCache.bytesPerElement)) bytes per element"
                     + (kvCache.stateBytesPerSequence > 0 ? ", + \(NumberText.grouped(kvCache.stateBytesPerSequence)) B constant state per sequence" : "")))
        rows.append(("context", "\(NumberText.grouped(model.maxContextTokens)) tokens"))
        if !skippedTensors.isEmpty {
            let bytes = skippedTensors.reduce(0) { $0 + $1.bytes }
            rows.append(("not loaded", "\(NumberText.count(skippedTensors.count, "tensor")) (\(NumberText.grouped(bytes)) bytes) of layers past num_hidden_layers "
                         + "(multi-token prediction), which engines load only for speculative decoding"))
        }
        if let notes = model.notes { rows.append(("notes", notes)) }
        return rows
    }

    var groupRows: [[String]] {
        (model.tensors?.groups ?? []).map { group in
            [group.role.rawValue, group.type, NumberText.grouped(group.count), NumberText.grouped(group.parameters), NumberText.grouped(group.bytes)]
        }
    }

    static let groupHeader = ["role", "type", "tensors", "parameters", "bytes"]

    package var text: String {
        let width = facts.map(\.0.count).max() ?? 0
        var out = facts.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n") + "\n"
        out += "pattern".padding(toLength: width, withPad: " ", startingAt: 0) + "  " + layerPattern + "\n"
        if !groupRows.isEmpty {
            out += "\n" + TextTable.render(header: Self.groupHeader, rightAligned: [2, 3, 4], rows: groupRows)
        }
        return out
    }

    package var markdown: String {
        var out = "| | |\n|---|---|\n" + facts.map { "| \($0.0) | \($0.1.replacingOccurrences(of: "|", with: "\\|")) |" }.joined(separator: "\n") + "\n"
        out += "| pattern | `\(layerPattern)` |\n"
        if !groupRows.isEmpty {
            out += "\n| " + Self.groupHeader.joined(separator: " | ") + " |\n|---|---|---:|---:|---:|\n"
            out += groupRows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
        }
        return out
    }

    package var json: [String: Any] {
        var object = CatalogListing.modelJSON(model)
        object["model"] = model.id
        object["files"] = files
        object["bytes_read"] = bytesRead
        object["layer_attention"] = layerPattern
        object["kv_cache_bytes_per_token"] = kvCache.bytesPerToken
        object["state_bytes_per_sequence"] = kvCache.stateBytesPerSequence
        if let weightsBytes { object["weights_bytes"] = weightsBytes }
        if let tensors = model.tensors {
            object["format"] = tensors.format
            object["tensor_groups"] = tensors.groups.map { group -> [String: Any] in
                ["role": group.role.rawValue, "type": group.type, "tensors": group.count, "parameters": group.parameters, "bytes": group.bytes]
            }
        }
        if !skippedTensors.isEmpty {
            object["skipped_tensors"] = skippedTensors.count
            object["skipped_bytes"] = skippedTensors.reduce(0) { $0 + $1.bytes }
        }
        return object
    }
}

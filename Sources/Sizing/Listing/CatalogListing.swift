import Basics
import Catalog

/// The catalog as `infrabook catalog` prints it: aligned text tables (units in headers, numbers
/// right-aligned) or JSON-ready dictionaries. Rendering only.
package struct CatalogListing: Sendable {
    package var catalog: DataCatalog

    package init(catalog: DataCatalog) { self.catalog = catalog }

    package var modelsText: String {
        let rows = catalog.models.map { m -> [String] in
            [m.id, NumberText.fixed(Double(m.totalParameters) / 1e9, places: 1), NumberText.fixed(Double(m.activeParameters) / 1e9, places: 1),
             "\(m.layers)", m.attentionKind, m.experts.map { "\($0.active)+\($0.shared)/\($0.total)" } ?? "-",
             NumberText.grouped(m.maxContextTokens), m.openness.rawValue, m.license]
        }
        return TextTable.render(header: ["model", "params (B)", "active (B)", "layers", "attention", "experts", "max context", "openness", "license"],
                                rightAligned: [1, 2, 3, 6], rows: rows)
    }

    package var gpusText: String {
        let rows = catalog.gpus.map { g -> [String] in
            [g.id, NumberText.fixed(Double(g.memoryBytes) / 1e9, places: 0), NumberText.fixed(g.memoryBandwidthBytesPerSecond / 1e9, places: 0),
             g.denseFLOPS(for: "bf16").map { NumberText.fixed($0 / 1e12, places: 1) } ?? "-",
             g.denseFLOPS(for: "fp8").map { NumberText.fixed($0 / 1e12, places: 1) } ?? "-",
             g.interconnect, NumberText.fixed(g.interconnectBytesPerSecond / 1e9, places: 0), NumberText.fixed(g.powerWatts, places: 0), g.architecture]
        }
        return TextTable.render(header: ["gpu", "memory (GB)", "bandwidth (GB/s)", "BF16 dense (TFLOPS)", "FP8 dense (TFLOPS)", "link",
                                         "link (GB/s)", "power (W)", "architecture"],
                                rightAligned: [1, 2, 3, 4, 6, 7], rows: rows)
    }

    package var precisionsText: String {
        let rows = catalog.precisions.map { p -> [String] in
            [p.id, NumberText.decimal(p.bitsPerWeight), p.kind.rawValue, p.computeType, p.usableForKVCache ? "yes" : "no",
             p.nativeArchitectures.joined(separator: ", ")]
        }
        return TextTable.render(header: ["precision", "bits/weight", "kind", "computes in", "KV cache", "native on"],
                                rightAligned: [1], rows: rows)
    }

    package var systemsText: String {
        let rows = catalog.systems.map { s -> [String] in
            [s.id, s.gpu, "\(s.gpusPerNode)", NumberText.fixed(s.intraNodeBytesPerSecond / 1e9, places: 0),
             NumberText.fixed(s.interNodeBytesPerSecond / 1e9, places: 0), NumberText.fixed(s.nodePowerWatts / 1000, places: 1)]
        }
        return TextTable.render(header: ["system", "gpu", "GPUs", "intra-node (GB/s per GPU)", "inter-node (GB/s)", "power (kW)"],
                                rightAligned: [2, 3, 4, 5], rows: rows)
    }

    package var modelsJSON: [[String: Any]] { catalog.models.map(Self.modelJSON) }

    /// One model record as JSON: `catalog models --format json` and `inspect --format json` share it.
    package static func modelJSON(_ m: ModelSpec) -> [String: Any] {
        var object: [String: Any] = [
            "id": m.id, "name": m.name, "vendor": m.vendor, "layers": m.layers, "hidden_size": m.hiddenSize,
            "attention_heads": m.attentionHeads, "kv_heads": m.kvHeads, "head_dim": m.headDim, "ffn_size": m.ffnSize,
            "vocab_size": m.vocabSize, "parameters": m.totalParameters, "active_parameters": m.activeParameters,
            "attention": m.attentionKind, "max_context": m.maxContextTokens, "license": m.license, "openness": m.openness.rawValue,
            "formats": m.formats, "source": m.source, "tied_embeddings": m.tiedEmbeddings,
        ]
        if let e = m.experts {
            object["experts"] = ["total": e.total, "active": e.active, "shared": e.shared, "moe_layers": e.moeLayers, "ffn_size": e.expertFFNSize]
        }
        if let l = m.latentAttention {
            object["mla"] = ["kv_lora_rank": l.kvLoraRank, "rope_dim": l.ropeDim, "nope_dim": l.noRopeDim, "v_head_dim": l.valueHeadDim]
        }
        if let w = m.slidingWindow {
            object["sliding_window"] = w.chunked ? ["tokens": w.tokens, "layers": w.layers, "chunked": true] : ["tokens": w.tokens, "layers": w.layers]
        }
        if let s = m.sparseAttention { object["sparse_attention"] = ["top_k": s.topK, "indexer_heads": s.indexerHeads, "indexer_dim": s.indexerKeyDim] }
        if let notes = m.notes { object["notes"] = notes }
        return object
    }

    package var gpusJSON: [[String: Any]] {
        catalog.gpus.map { g in
            var object: [String: Any] = [
                "id": g.id, "name": g.name, "vendor": g.vendor, "architecture": g.architecture, "memory_bytes": g.memoryBytes,
                "memory_type": g.memoryType, "memory_bandwidth_bytes_per_second": g.memoryBandwidthBytesPerSecond,
                "dense_tflops": g.denseFLOPS.mapValues { $0 / 1e12 }, "interconnect": g.interconnect,
                "interconnect_bytes_per_second": g.interconnectBytesPerSecond, "power_watts": g.powerWatts,
                "form_factor": g.formFactor, "gpus_per_node": g.gpusPerNode, "source": g.source,
            ]
            if let usable = g.usableMemoryBytes { object["usable_memory_bytes"] = usable }
            if let notes = g.notes { object["notes"] = notes }
            return object
        }
    }

    package var precisionsJSON: [[String: Any]] {
        catalog.precisions.map { p in
            var object: [String: Any] = [
                "id": p.id, "name": p.name, "kind": p.kind.rawValue, "bits_per_weight": p.bitsPerWeight, "compute": p.computeType,
                "native": p.nativeArchitectures, "kv_cache": p.usableForKVCache, "source": p.source,
            ]
            if let notes = p.notes { object["notes"] = notes }
            return object
        }
    }

    package var systemsJSON: [[String: Any]] {
        catalog.systems.map { s in
            var object: [String: Any] = [
                "id": s.id, "name": s.name, "gpu": s.gpu, "gpus_per_node": s.gpusPerNode, "intra_node_link": s.intraNodeLink,
                "intra_node_bytes_per_second": s.intraNodeBytesPerSecond, "inter_node_network": s.interNodeNetwork,
                "inter_node_bytes_per_second": s.interNodeBytesPerSecond, "power_watts": s.nodePowerWatts, "source": s.source,
            ]
            if let notes = s.notes { object["notes"] = notes }
            return object
        }
    }
}

/// A plain-text table with padded columns, for terminal output.
package enum TextTable {
    /// Columns padded to their widest cell; the columns at `rightAligned` indices are right-aligned.
    package static func render(header: [String], rightAligned: Set<Int>, rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        return all.map(line).joined(separator: "\n") + "\n"
    }
}

import Foundation

/// The three shapes `infrabook size` prints a plan in: plain text to paste into a chat, a Markdown
/// table for a wiki, and the JSON object whose keys DESIGN.md fixes. Rendering only; no I/O.
extension SizingPlan {
    // MARK: JSON

    /// The `size --format json` object. Cost keys are null until the cost engine has priced the options.
    public var jsonObject: [String: Any] {
        let m = memory
        return [
            "model": request.model.id,
            "precision": request.precision.id,
            "weights_from": weights.tensors?.format ?? (weights.recipe == nil ? "precision" : "recipe"),
            "kv_precision": request.kvPrecision.id,
            "context_tokens": request.contextTokens,
            "prompt_tokens": request.promptTokens ?? request.contextTokens,
            "users": request.users,
            "memory": [
                "weights_bytes": m.weightsBytes,
                "kv_cache_bytes": m.kvCacheBytes,
                "kv_cache_bytes_per_token": m.kvCacheBytesPerToken,
                "activations_bytes": m.activationsBytes,
                "overhead_bytes": m.overheadBytes,
                "total_bytes": m.totalBytes,
            ] as [String: Any],
            "options": options.map(\.jsonObjectWithEngine),
            "warnings": warnings,
            "notes": notes,
            "prices_as_of": pricesAsOf.map { $0 as Any } ?? NSNull(),
        ]
    }

    /// `jsonObject` as pretty-printed text with sorted keys (deterministic).
    public var jsonText: String {
        let data = (try? JSONSerialization.data(withJSONObject: jsonObject, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Text

    /// "BF16", or for a model read from its files "its files' own types (4.85 bits on average), computing in BF16".
    var weightsLabel: String {
        guard let tensors = weights.tensors else { return request.precision.name }
        return "its \(tensors.format) files' own types (\(NumberText.fixed(weights.bitsPerWeight, places: 2)) bits on average), "
            + "computing in \(request.precision.name)"
    }

    /// A breakdown a person would paste into a chat.
    public var text: String {
        let model = request.model
        var lines: [String] = []
        lines.append("\(model.name) at \(weightsLabel), KV cache at \(request.kvPrecision.name)")
        lines.append("\(NumberText.count(request.users, "user")) × \(NumberText.count(request.contextTokens, "token")) of context")
        lines.append("")
        lines.append("Memory (GB = 10^9 bytes)")
        for (name, bytes, why) in memoryRows {
            lines.append("  " + pad(name, 18) + padLeft(NumberText.fixed(Double(bytes) / 1e9, places: 2) + " GB", 12) + "   " + why)
        }
        lines.append("  KV cache per token: \(NumberText.grouped(memory.kvCacheBytesPerToken)) B (\(kvCache.perTokenFormula))")
        lines.append("")
        lines.append("Options (smallest deployment that fits within \(Int(assumptions.maxMemoryUtilization * 100))% of each GPU's memory)")
        let header = [pad("GPU", 11), padLeft("GPUs", 5), padLeft("nodes", 6), pad("  split", 22), padLeft("GB/GPU", 8),
                      padLeft("free GB", 8), padLeft("tok/s/user", 11), padLeft("tok/s all", 10), padLeft("TTFT s", 8), padLeft("$/h", 8)]
        lines.append("  " + header.joined())
        for option in options {
            let p = option.performance
            let cells = [pad(option.gpu.id, 11), padLeft("\(option.gpuCount)", 5), padLeft("\(option.nodes)", 6),
                         pad("  " + option.parallelism.description + (option.fits ? "" : " (no fit)"), 22),
                         padLeft(NumberText.fixed(Double(option.memoryPerGPU.totalBytes) / 1e9, places: 1), 8),
                         padLeft(NumberText.fixed(Double(option.headroomBytes) / 1e9, places: 1), 8),
                         padLeft(NumberText.fixed(p.decodeTokensPerSecondPerUser, places: 1), 11),
                         padLeft(NumberText.fixed(p.aggregateTokensPerSecond, places: 0), 10),
                         padLeft(NumberText.fixed(p.timeToFirstTokenSeconds, places: 2), 8),
                         padLeft(option.cost.map { NumberText.fixed($0.usdPerHour, places: 2) } ?? "-", 8)]
            lines.append("  " + cells.joined())
        }
        let notes = warnings + self.notes + options.flatMap { option in (option.warnings + option.notes).map { "\(option.gpu.id): \($0)" } }
        if !notes.isEmpty {
            lines.append("")
            lines.append("Notes")
            lines += notes.map { "  - " + $0 }
        }
        lines += engineTextLines
        lines.append("")
        lines.append("Decode is timed for all users at full context; TTFT for one \(NumberText.grouped(request.promptTokens ?? request.contextTokens))-token prompt on an idle deployment.")
        lines.append("Efficiencies: memory \(NumberText.decimal(assumptions.memoryBandwidthEfficiency)), compute \(NumberText.decimal(assumptions.computeEfficiency)), links \(NumberText.decimal(assumptions.interconnectEfficiency)).")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Markdown

    /// The same breakdown as GitHub-flavoured Markdown tables.
    public var markdown: String {
        let model = request.model
        var lines: [String] = []
        lines.append("## \(model.name) at \(weightsLabel) (KV cache \(request.kvPrecision.name)), \(NumberText.count(request.users, "user")) × \(NumberText.count(request.contextTokens, "token"))")
        lines.append("")
        lines.append("| Memory | GB | How |")
        lines.append("|---|---:|---|")
        for (name, bytes, how) in memoryRows {
            lines.append("| \(name == "total" ? "**total**" : name) | \(NumberText.fixed(Double(bytes) / 1e9, places: 2)) | \(how) |")
        }
        lines.append("")
        lines.append("| GPU | GPUs | Nodes | Split | Fits | GB per GPU | Free GB | Tokens/s per user | Tokens/s total | TTFT (s) | USD/h |")
        lines.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|")
        for option in options {
            let p = option.performance
            lines.append("| \(option.gpu.id) | \(option.gpuCount) | \(option.nodes) | \(option.parallelism) | \(option.fits ? "yes" : "no") | "
                         + "\(NumberText.fixed(Double(option.memoryPerGPU.totalBytes) / 1e9, places: 1)) | "
                         + "\(NumberText.fixed(Double(option.headroomBytes) / 1e9, places: 1)) | "
                         + "\(NumberText.fixed(p.decodeTokensPerSecondPerUser, places: 1)) | \(NumberText.fixed(p.aggregateTokensPerSecond, places: 0)) | "
                         + "\(NumberText.fixed(p.timeToFirstTokenSeconds, places: 2)) | \(option.cost.map { NumberText.fixed($0.usdPerHour, places: 2) } ?? "–") |")
        }
        let notes = warnings + self.notes + options.flatMap { option in (option.warnings + option.notes).map { "\(option.gpu.id): \($0)" } }
        if !notes.isEmpty {
            lines.append("")
            lines += notes.map { "- " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The memory breakdown as (part, bytes, how it arises), shared by the text and Markdown forms.
    private var memoryRows: [(String, Int, String)] {
        let chunk = ActivationModel.chunkTokens(users: request.users, contextTokens: request.contextTokens, assumptions: assumptions)
        return [
            ("weights", memory.weightsBytes, weights.formula),
            ("KV cache", memory.kvCacheBytes, kvCache.formula),
            ("activations", memory.activationsBytes, "workspace for \(NumberText.grouped(chunk)) tokens per pass"),
            ("runtime overhead", memory.overheadBytes, "per GPU"),
            ("total", memory.totalBytes, "one replica, before splitting"),
        ]
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}

extension DeploymentOption {
    /// One entry of `options` in `size --format json`.
    public var jsonObject: [String: Any] {
        let p = performance
        return [
            "gpu": gpu.id,
            "system": system.map { $0.id as Any } ?? NSNull(),
            "gpus": gpuCount,
            "nodes": nodes,
            "tensor_parallel": parallelism.tensor,
            "pipeline_parallel": parallelism.pipeline,
            "expert_parallel": parallelism.expert,
            "fits": fits,
            "memory_per_gpu_bytes": memoryPerGPU.totalBytes,
            "memory_per_gpu": [
                "weights_bytes": memoryPerGPU.weightsBytes,
                "kv_cache_bytes": memoryPerGPU.kvCacheBytes,
                "activations_bytes": memoryPerGPU.activationsBytes,
                "overhead_bytes": memoryPerGPU.overheadBytes,
            ] as [String: Any],
            "capacity_per_gpu_bytes": capacityPerGPUBytes,
            "headroom_bytes": headroomBytes,
            "compute_type": p.computeType,
            "decode_bound": p.decodeBound.rawValue,
            "decode_step_seconds": p.decodeStepSeconds,
            "decode_tokens_per_second_per_user": p.decodeTokensPerSecondPerUser,
            "aggregate_tokens_per_second": p.aggregateTokensPerSecond,
            "ttft_seconds": p.timeToFirstTokenSeconds,
            "cost_per_hour_usd": cost.map { $0.usdPerHour as Any } ?? NSNull(),
            "cost_per_million_tokens_usd": cost.flatMap { $0.usdPerMillionTokens }.map { $0 as Any } ?? NSNull(),
            "warnings": warnings,
            "notes": notes,
        ]
    }
}

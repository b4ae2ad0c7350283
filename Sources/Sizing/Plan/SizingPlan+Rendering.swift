import Basics
import Foundation

/// The three shapes `infrabook size` prints a plan in: plain text to paste into a chat, a Markdown
/// table for a wiki, and the JSON object whose keys DESIGN.md fixes. Rendering only; no I/O.
extension SizingPlan {
    // MARK: JSON

    /// The `size --format json` object. Cost keys are null until the cost engine has priced the options.
    package var jsonObject: [String: Any] {
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
            "frontier": frontier.map { point in
                [
                    "gpu": point.gpu, "tensor_parallel": point.shape.tensor, "pipeline_parallel": point.shape.pipeline,
                    "expert_parallel": point.shape.expert, "concurrency_per_replica": point.concurrency,
                    "output_tokens_per_second_per_gpu": point.outputTokensPerSecondPerGPU,
                    "tokens_per_second_per_user": point.tokensPerSecondPerUser, "ttft_p99_seconds": point.ttftP99Seconds,
                ] as [String: Any]
            },
            "warnings": warnings,
            "notes": notes,
            "prices_as_of": pricesAsOf.map { $0 as Any } ?? NSNull(),
        ]
    }

    /// `jsonObject` as pretty-printed text with sorted keys (deterministic).
    package var jsonText: String {
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
    package var text: String {
        let model = request.model
        var lines: [String] = []
        lines.append("\(model.name) at \(weightsLabel), KV cache at \(request.kvPrecision.name)")
        lines.append("\(NumberText.count(request.users, "user")) × \(NumberText.count(request.contextTokens, "token")) of context")
        lines.append("")
        lines.append("Memory (GB = 10^9 bytes)")
        for (part, bytes, why) in memoryRows {
            lines.append("  " + pad(part.lowercaseLabel, 18) + padLeft(NumberText.fixed(Double(bytes) / 1e9, places: 2) + " GB", 12) + "   " + why)
        }
        lines.append("  KV cache per token: \(NumberText.grouped(memory.kvCacheBytesPerToken)) B (\(kvCache.perTokenFormula))")
        lines.append("")
        lines.append("Options (fewest GPUs, replicas × split, that fit within \(Int(assumptions.maxMemoryUtilization * 100))% of each GPU's memory)")
        let header = [pad("GPU", 11), padLeft("GPUs", 5), padLeft("nodes", 6), pad("  split", 22), padLeft("GB/GPU", 8),
                      padLeft("free GB", 8), padLeft("tok/s/user", 11), padLeft("tok/s all", 10), padLeft("TTFT s", 8), padLeft("$/h", 8)]
        lines.append("  " + header.joined())
        for option in options {
            let speed = option.speedCells(dash: "-")
            let cells = [pad(option.gpu.id, 11), padLeft("\(option.gpuCount)", 5), padLeft("\(option.nodes)", 6),
                         pad("  " + option.layoutDescription + (option.fits ? "" : " (no fit)"), 22),
                         padLeft(NumberText.fixed(Double(option.memoryPerGPU.totalBytes) / 1e9, places: 1), 8),
                         padLeft(NumberText.fixed(Double(option.headroomBytes) / 1e9, places: 1), 8),
                         padLeft(speed[0], 11), padLeft(speed[1], 10), padLeft(speed[2], 8),
                         padLeft(option.cost.map { NumberText.fixed($0.usdPerHour, places: 2) } ?? "-", 8)]
            lines.append("  " + cells.joined())
        }
        if let workload = request.workload {
            lines.append("")
            lines += servingLines(workload).map { "  " + $0 }
        }
        let notes = warnings + self.notes + options.flatMap { option in (option.warnings + option.notes).map { "\(option.gpu.id): \($0)" } }
        if !notes.isEmpty {
            lines.append("")
            lines.append("Notes")
            lines += notes.map { "  - " + $0 }
        }
        if !errorBandLines.isEmpty {
            lines.append("")
            lines.append("Error of the speed figures (leave-one-out, on comparable published measurements)")
            lines += errorBandLines.map { "  - " + $0 }
        }
        lines += engineTextLines
        lines.append("")
        if let workload = request.workload {
            lines.append("Simulated: \(NumberText.grouped(workload.requests)) requests (seed \(workload.seed)) of continuous batching per layout, "
                         + "the first \(Int(Workload.warmupFraction * 100))% (at least a closed loop's first wave) left out; tokens/s per user is 1 ÷ median TPOT, TTFT the median.")
        } else {
            lines.append("Decode is timed for all users at full context; TTFT for one \(NumberText.grouped(request.promptTokens ?? request.contextTokens))-token prompt on an idle deployment.")
        }
        lines.append("Efficiencies: memory \(NumberText.decimal(assumptions.memoryBandwidthEfficiency)), compute \(NumberText.decimal(assumptions.computeEfficiency)), links \(NumberText.decimal(assumptions.interconnectEfficiency)).")
        if options.contains(where: { $0.calibration != nil }) {
            lines.append("Calibrated constants (efficiencies, overheads, all-reduce latency) replace the defaults where the notes say so.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "h100-sxm throughput: ±12% median, …" for every fitting option's speed figures: one line each.
    var errorBandLines: [String] {
        options.flatMap(\.speedErrorLines)
    }

    // MARK: Markdown

    /// The same breakdown as GitHub-flavoured Markdown tables.
    package var markdown: String {
        let model = request.model
        var lines: [String] = []
        lines.append("## \(model.name) at \(weightsLabel) (KV cache \(request.kvPrecision.name)), \(NumberText.count(request.users, "user")) × \(NumberText.count(request.contextTokens, "token"))")
        lines.append("")
        lines.append("| Memory | GB | How |")
        lines.append("|---|---:|---|")
        for (part, bytes, how) in memoryRows {
            lines.append("| \(part == .total ? "**\(part.lowercaseLabel)**" : part.lowercaseLabel) | \(NumberText.fixed(Double(bytes) / 1e9, places: 2)) | \(how) |")
        }
        lines.append("")
        lines.append("| GPU | GPUs | Nodes | Split | Fits | GB per GPU | Free GB | Tokens/s per user | Tokens/s total | TTFT (s) | USD/h |")
        lines.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|")
        for option in options {
            let speed = option.speedCells(dash: "–")
            lines.append("| \(option.gpu.id) | \(option.gpuCount) | \(option.nodes) | \(option.layoutDescription) | \(option.fits ? "yes" : "no") | "
                         + "\(NumberText.fixed(Double(option.memoryPerGPU.totalBytes) / 1e9, places: 1)) | "
                         + "\(NumberText.fixed(Double(option.headroomBytes) / 1e9, places: 1)) | "
                         + "\(speed[0]) | \(speed[1]) | \(speed[2]) | \(option.cost.map { NumberText.fixed($0.usdPerHour, places: 2) } ?? "–") |")
        }
        if let workload = request.workload {
            lines.append("")
            lines += servingLines(workload)
        }
        let notes = warnings + self.notes + options.flatMap { option in (option.warnings + option.notes).map { "\(option.gpu.id): \($0)" } }
        if !notes.isEmpty {
            lines.append("")
            lines += notes.map { "- " + $0 }
        }
        if !errorBandLines.isEmpty {
            lines.append("")
            lines += errorBandLines.map { "- " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The serving figures of each fitting option, shared by the text and Markdown forms.
    private func servingLines(_ workload: Workload) -> [String] {
        var lines = ["Under load: \(workload.description)" + (request.targets.map { t in
            ", targets at p\(t.percentile):" + (t.ttftSeconds.map { " TTFT \(NumberText.fixed($0 * 1000, places: 0)) ms" } ?? "")
                + (t.tpotSeconds.map { " TPOT \(NumberText.fixed($0 * 1000, places: 0)) ms" } ?? "")
        } ?? "")]
        for option in options {
            guard option.fits, let serving = option.serving else { continue }
            func ms(_ p: Percentiles) -> String {
                "\(NumberText.fixed(p.p50 * 1000, places: 0))/\(NumberText.fixed(p.p90 * 1000, places: 0))/\(NumberText.fixed(p.p99 * 1000, places: 0)) ms"
            }
            let meets = option.meetsTargets.map { $0 ? ", meets targets" : ", misses targets" } ?? ""
            lines.append("\(option.gpu.id): \(option.layoutDescription): \(NumberText.fixed(serving.outputTokensPerSecond, places: 0)) output tok/s, "
                         + "\(NumberText.fixed(serving.requestsPerSecond, places: 2)) req/s; TTFT p50/p90/p99 \(ms(serving.ttftSeconds)); "
                         + "TPOT \(ms(serving.tpotSeconds)); up to \(serving.maxRunningRequests) running per replica\(meets)")
        }
        if !frontier.isEmpty {
            lines.append("Frontier (tok/s per GPU against tok/s per user, concurrency per replica):")
            for point in frontier {
                lines.append("  \(point.gpu) \(point.shape) at \(point.concurrency): \(NumberText.fixed(point.outputTokensPerSecondPerGPU, places: 0)) tok/s per GPU, "
                             + "\(NumberText.fixed(point.tokensPerSecondPerUser, places: 1)) tok/s per user, p99 TTFT \(NumberText.fixed(point.ttftP99Seconds * 1000, places: 0)) ms")
            }
        }
        return lines
    }

    /// The memory breakdown's rows with how each arises, shared by the text and Markdown forms.
    private var memoryRows: [(MemoryBreakdown.Part, Int, String)] {
        let chunk = ActivationModel.chunkTokens(users: request.users, contextTokens: request.contextTokens, assumptions: assumptions)
        return memory.rows.map { part, bytes in
            switch part {
            case .weights: return (part, bytes, weights.formula)
            case .kvCache: return (part, bytes, kvCache.formula)
            case .activations: return (part, bytes, "workspace for \(NumberText.count(chunk, "token")) per pass")
            case .overhead: return (part, bytes, "per GPU")
            case .total: return (part, bytes, "one replica, before splitting")
            }
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}

extension DeploymentOption {
    /// "4 × (TP 8)" with replicas, else the split alone.
    package var layoutDescription: String {
        replicas > 1 ? "\(replicas) × (\(parallelism))" : parallelism.description
    }

    /// Tokens/s per user, tokens/s for the deployment and TTFT in seconds as table cells; dashes for an
    /// option that does not fit, which has no speed.
    package func speedCells(dash: String) -> [String] {
        guard fits else { return [dash, dash, dash] }
        return [NumberText.fixed(tokensPerSecondPerUser, places: 1), NumberText.fixed(outputTokensPerSecond, places: 0),
                NumberText.fixed(ttftSeconds, places: 2)]
    }

    /// One entry of `options` in `size --format json`.
    package var jsonObject: [String: Any] {
        let p = performance
        let none = NSNull()
        // An option that does not fit has no speed, cost or serving figures (null), only its memory.
        let speed: (Any) -> Any = { fits ? $0 : none }
        return [
            "replicas": replicas,
            "gpus_per_replica": parallelism.gpus,
            "serving": speed(serving.map { $0.jsonObject } ?? none),
            "meets_targets": meetsTargets.map { $0 as Any } ?? none,
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
            "decode_bound": speed(p.decodeBound.rawValue),
            "decode_step_seconds": speed(p.decodeStepSeconds),
            "decode_tokens_per_second_per_user": speed(tokensPerSecondPerUser),
            "aggregate_tokens_per_second": speed(outputTokensPerSecond),
            "ttft_seconds": speed(ttftSeconds),
            "cost_per_hour_usd": cost.map { $0.usdPerHour as Any } ?? none,
            "cost_per_million_tokens_usd": cost.flatMap { $0.usdPerMillionTokens }.map { $0 as Any } ?? none,
            "warnings": warnings,
            "notes": notes,
            "calibration": calibration.map { fit -> Any in
                ["architecture": fit.architecture, "memory_efficiency": fit.memoryBandwidthEfficiency, "compute_efficiency": fit.computeEfficiency,
                 "step_overhead_seconds": fit.stepOverheadSeconds, "figures": fit.records.count]
                    .merging(fit.expertMemoryEfficiency.map { ["expert_memory_efficiency": $0] } ?? [:]) { $1 }
                    .merging(fit.requestOverheadSeconds.map { ["request_overhead_seconds": $0] } ?? [:]) { $1 }
                    .merging(fit.allReduceLatencySeconds.map { ["all_reduce_latency_seconds": $0] } ?? [:]) { $1 } as [String: Any]
            } ?? none,
            "speed_error_bands": speedErrorBands.isEmpty ? none
                : Dictionary(uniqueKeysWithValues: speedErrorBands.map { ($0.kind.rawValue.lowercased(), $0.jsonValue) }),
        ]
    }
}

extension ServingResult {
    /// The `serving` object of an option in `size --format json`; the key names are a contract (issue 18).
    package var jsonObject: [String: Any] {
        func percentiles(_ p: Percentiles) -> [String: Any] { ["p50": p.p50, "p90": p.p90, "p99": p.p99] }
        return [
            "output_tokens_per_second": outputTokensPerSecond,
            "total_tokens_per_second": totalTokensPerSecond,
            "requests_per_second": requestsPerSecond,
            "goodput_requests_per_second": goodputRequestsPerSecond,
            "ttft_seconds": percentiles(ttftSeconds),
            "mean_ttft_seconds": meanTTFTSeconds,
            "mean_queue_seconds": meanQueueSeconds,
            "mean_tpot_seconds": meanTPOTSeconds,
            "tpot_seconds": percentiles(tpotSeconds),
            "e2e_seconds": percentiles(e2eSeconds),
            "max_running_requests": maxRunningRequests,
            "mean_running_requests": meanRunningRequests,
            "kv_capacity_tokens": kvCapacityTokens,
            "kv_occupancy": kvOccupancy,
            "preemptions": preemptions,
            "measured_requests": measuredRequests,
        ]
    }
}

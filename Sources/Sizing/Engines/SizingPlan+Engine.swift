import Basics
import Foundation
import Catalog

/// A plan answered for one serving engine (`size --engine`): each fitting option gets the engine's
/// KV capacity, longest context, most concurrent sequences and launch command. Rendering of those
/// answers lives here too, so the text and JSON forms say the same thing.
extension SizingPlan {
    /// The plan with `engine`'s answer on every option that fits; options that do not fit get none.
    /// `measured` (from `MeasurementComparison.compare`) gives each answer its error band.
    package func answering(for engine: Catalog.Measurement.Engine, modelReference: String? = nil, memoryFraction: Double? = nil,
                          measured: [MeasurementComparison] = []) throws(SizingError) -> SizingPlan {
        var plan = self
        let reference = modelReference ?? EngineAnswer.modelReference(for: request.model)
        for index in plan.options.indices where plan.options[index].fits {
            plan.options[index].engineAnswer = try EngineAnswer.make(
                engine: engine, option: plan.options[index], model: request.model, precision: request.precision, kvPrecision: request.kvPrecision,
                contextTokens: request.contextTokens, users: request.users, modelReference: reference,
                memoryFraction: memoryFraction, assumptions: assumptions)
            let band = MeasurementComparison.band(measured, kind: .memory, engine: engine, gpu: plan.options[index].gpu.id)
            plan.options[index].engineAnswer?.errorBand = band
        }
        return plan
    }

    /// The plan with, on every GPU type, a single GPU of it running the model with part of it in system
    /// memory (`split`, or the most layers that fit when nil), timed with `host`'s measured rate. Only
    /// options whose GPU cannot hold the model alone get one unless a split is asked for. With a
    /// llama.cpp answer the offload gets its own command, carrying the split (`-ngl N`, `--cpu-moe`).
    package func offloading(host: PartialOffload.HostMeasurement, split: PartialOffload.Split?) throws(SizingError) -> SizingPlan {
        var plan = self
        for index in plan.options.indices {
            let option = plan.options[index]
            guard split != nil || !option.fits || option.gpuCount > 1 else { continue }
            let offload = try PartialOffload.plan(model: request.model, precision: request.precision, kvPrecision: request.kvPrecision,
                                                  gpu: option.gpu, contextTokens: request.contextTokens, users: request.users, host: host,
                                                  split: split, assumptions: assumptions)
            plan.options[index].offload = offload
            if let answer = option.engineAnswer, answer.engine == .llamaCpp, let kvWord = ServingEngineRules.llamaCpp.kvCacheTypes[request.kvPrecision.id] {
                let words = answer.launchCommand.split(separator: " ")
                let sequences = words.firstIndex(of: "-np").flatMap { Int(words[$0 + 1]) } ?? 1
                plan.options[index].offload?.launchCommand = EngineAnswer.launchCommand(
                    rules: .llamaCpp, parallelism: Parallelism(tensor: 1, pipeline: 1, expert: 1, gpusPerNode: 1), model: request.model,
                    modelReference: String(words[2]), kvWord: kvWord, contextTokens: request.contextTokens, fraction: 1,
                    sequences: sequences, offload: offload.split)
            }
        }
        return plan
    }

    /// The "Engine" section of the text form; empty when no engine was named.
    var engineTextLines: [String] {
        let answered = options.compactMap { option in option.engineAnswer.map { (option, $0) } }
        guard let first = answered.first?.1 else { return [] }
        let rules = ServingEngineRules.of(first.engine)
        let fraction = rules.flags.memoryFraction == nil ? "" : "memory fraction \(NumberText.fixed(first.memoryFraction, places: 2)), "
        var lines = ["", "On \(first.engine.rawValue) (\(fraction)as \(rules.documentation) documents its flags)"]
        for (option, answer) in answered {
            lines.append("  \(option.gpu.id) × \(option.gpuCount): KV cache \(NumberText.fixed(Double(answer.kvCacheBytesPerGPU) / 1e9, places: 2)) GB per GPU, "
                         + "\(NumberText.grouped(answer.kvCacheTokens)) tokens; longest context \(NumberText.grouped(answer.maxContextTokens)); "
                         + "\(NumberText.count(answer.maxConcurrentSequences, "sequence")) of \(NumberText.grouped(request.contextTokens)) tokens")
            lines.append("    KV cache tokens: " + (answer.errorBand?.sentence ?? "no published \(answer.engine.rawValue) measurement to compare with"))
            lines.append("    " + answer.launchCommand)
            lines += answer.notes.map { "    - " + $0 }
        }
        for option in options {
            guard let offload = option.offload else { continue }
            let what: String
            switch offload.split {
            case .layers(let count): what = "\(count) of \(request.model.layers + 1) layers (with the output head) on the GPU"
            case .experts: what = "routed experts on the CPU, the rest on the GPU"
            }
            lines.append("")
            lines.append("Partial offload on one \(option.gpu.id): \(what)")
            lines.append("  GPU: \(NumberText.fixed(Double(offload.gpuTotalBytes) / 1e9, places: 2)) GB of \(NumberText.fixed(Double(offload.gpuCapacityBytes) / 1e9, places: 2)) GB"
                         + (offload.fitsOnGPU ? "" : " (does not fit)")
                         + " (weights \(NumberText.fixed(Double(offload.gpuWeightsBytes) / 1e9, places: 2)), KV \(NumberText.fixed(Double(offload.gpuKVCacheBytes) / 1e9, places: 2)), buffers \(NumberText.fixed(Double(offload.gpuBufferBytes) / 1e9, places: 2)))")
            lines.append("  system memory: \(NumberText.fixed(Double(offload.hostTotalBytes) / 1e9, places: 2)) GB (weights \(NumberText.fixed(Double(offload.hostWeightsBytes) / 1e9, places: 2)), KV \(NumberText.fixed(Double(offload.hostKVCacheBytes) / 1e9, places: 2)))")
            if let command = offload.launchCommand { lines.append("    " + command) }
            lines.append("  decode: \(NumberText.fixed(offload.decodeTokensPerSecond, places: 1)) tokens/s in all, reading \(NumberText.fixed(offload.hostBytesPerToken / 1e9, places: 2)) GB per step on the CPU at \(NumberText.fixed(offload.host.weightBytesPerSecond / 1e9, places: 1)) GB/s (\(offload.host.measuredAs) on \(offload.host.cpu))")
        }
        return lines
    }
}

extension DeploymentOption {
    /// The option's `size --format json` object with the engine's answer and the offload, when there are any.
    var jsonObjectWithEngine: [String: Any] {
        var object = jsonObject
        if let engineAnswer { object.merge(engineAnswer.jsonObject) { own, _ in own } }
        if let offload { object["offload"] = offload.jsonObject }
        return object
    }
}

extension PartialOffload {
    /// The `offload` object of an option in `size --format json`.
    package var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "gpu_bytes": gpuTotalBytes, "gpu_weights_bytes": gpuWeightsBytes, "gpu_kv_cache_bytes": gpuKVCacheBytes,
            "gpu_buffer_bytes": gpuBufferBytes, "host_bytes": hostTotalBytes, "host_weights_bytes": hostWeightsBytes,
            "host_kv_cache_bytes": hostKVCacheBytes, "fits_on_gpu": fitsOnGPU, "decode_tokens_per_second": decodeTokensPerSecond,
            "host_bytes_per_second": host.weightBytesPerSecond, "host_measured_as": host.measuredAs, "host_cpu": host.cpu,
        ]
        if let launchCommand { object["launch_command"] = launchCommand }
        switch split {
        case .layers(let count): object["gpu_layers"] = count
        case .experts: object["cpu_moe"] = true
        }
        return object
    }
}

extension EngineAnswer {
    /// The keys `size --format json` adds to an option when an engine was named.
    package var jsonObject: [String: Any] {
        [
            "engine": engine.rawValue,
            "launch_command": launchCommand,
            "max_context_tokens": maxContextTokens,
            "max_concurrent_sequences": maxConcurrentSequences,
            "engine_kv_cache_tokens": kvCacheTokens,
            "engine_kv_cache_bytes_per_gpu": kvCacheBytesPerGPU,
            "engine_memory_fraction": memoryFraction,
            "engine_notes": notes,
            "engine_error_band": errorBand.map { band -> Any in
                ["kind": band.kind.rawValue, "count": band.count, "median": band.median, "worst": band.worst,
                 "measured_on_this_gpu": band.onThisGPU] as [String: Any]
            } ?? NSNull(),
        ]
    }
}

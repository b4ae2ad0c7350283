import Catalog

/// A plan answered for one serving engine (`size --engine`): each fitting option gets the engine's
/// KV capacity, longest context, most concurrent sequences and launch command. Rendering of those
/// answers lives here too, so the text and JSON forms say the same thing.
extension SizingPlan {
    /// The plan with `engine`'s answer on every option that fits; options that do not fit get none.
    public func answering(for engine: Measurement.Engine, modelReference: String? = nil,
                          memoryFraction: Double? = nil) throws(SizingError) -> SizingPlan {
        var plan = self
        let reference = modelReference ?? EngineAnswer.modelReference(for: request.model)
        for index in plan.options.indices where plan.options[index].fits {
            plan.options[index].engineAnswer = try EngineAnswer.make(
                engine: engine, option: plan.options[index], model: request.model, precision: request.precision, kvPrecision: request.kvPrecision,
                contextTokens: request.contextTokens, users: request.users, modelReference: reference,
                memoryFraction: memoryFraction, assumptions: assumptions)
        }
        return plan
    }

    /// The "Engine" section of the text form; empty when no engine was named.
    var engineTextLines: [String] {
        let answered = options.compactMap { option in option.engineAnswer.map { (option, $0) } }
        guard let first = answered.first?.1 else { return [] }
        var lines = ["", "On \(first.engine.rawValue) (memory fraction \(NumberText.fixed(first.memoryFraction, places: 2)), "
                     + "as \(ServingEngineRules.of(first.engine).documentation) documents its flags)"]
        for (option, answer) in answered {
            lines.append("  \(option.gpu.id) × \(option.gpuCount): KV cache \(NumberText.fixed(Double(answer.kvCacheBytesPerGPU) / 1e9, places: 2)) GB per GPU, "
                         + "\(NumberText.grouped(answer.kvCacheTokens)) tokens; longest context \(NumberText.grouped(answer.maxContextTokens)); "
                         + "\(NumberText.count(answer.maxConcurrentSequences, "sequence")) of \(NumberText.grouped(request.contextTokens)) tokens")
            lines.append("    " + answer.launchCommand)
            lines += answer.notes.map { "    - " + $0 }
        }
        return lines
    }
}

extension EngineAnswer {
    /// The keys `size --format json` adds to an option when an engine was named.
    public var jsonObject: [String: Any] {
        [
            "engine": engine.rawValue,
            "launch_command": launchCommand,
            "max_context_tokens": maxContextTokens,
            "max_concurrent_sequences": maxConcurrentSequences,
            "engine_kv_cache_tokens": kvCacheTokens,
            "engine_kv_cache_bytes_per_gpu": kvCacheBytesPerGPU,
            "engine_memory_fraction": memoryFraction,
            "engine_notes": notes,
        ]
    }
}

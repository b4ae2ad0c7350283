import Basics
import Catalog

/// What one serving engine will do with one deployment: the KV cache it allocates on each GPU, the
/// tokens that holds, the longest context and the most sequences that fit, and the command that
/// launches it.
///
/// Computed from a `DeploymentOption` (its layout and per-GPU weights and KV bytes per token) and the
/// engine's `ServingEngineRules`. Pure; it never changes the option it reads.
package struct EngineAnswer: Sendable {
    package var engine: Measurement.Engine
    /// The memory fraction used (the engine's default unless given).
    package var memoryFraction: Double
    /// Bytes the engine gives the KV cache on each GPU; zero when nothing is left for it.
    package var kvCacheBytesPerGPU: Int
    /// Bytes of activations the engine reserves on each GPU for its largest forward pass.
    package var activationBytesPerGPU: Int
    /// Tokens the KV cache holds (what vLLM prints as "GPU KV cache size"), whole blocks.
    package var kvCacheTokens: Int
    /// The longest context one sequence can have: the model's maximum or the cache, whichever is less.
    package var maxContextTokens: Int
    /// Sequences of the requested context the cache holds at once.
    package var maxConcurrentSequences: Int
    package var launchCommand: String
    package var notes: [String]
    /// The error measured on comparable published start-up logs for the KV figures, when there are any.
    package var errorBand: MeasurementComparison.ErrorBand?

    /// The answer for `option` serving `model` at `contextTokens` for `users`, on `engine`.
    /// `modelReference` is what the command names (a Hugging Face repository or a file).
    package static func make(engine: Measurement.Engine, option: DeploymentOption, model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec,
                            contextTokens: Int, users: Int, modelReference: String, memoryFraction: Double? = nil,
                            profileTokens: Int? = nil, assumptions: EngineAssumptions = .standard) throws(SizingError) -> EngineAnswer {
        try make(engine: engine, gpu: option.gpu, parallelism: option.parallelism, memoryPerGPU: option.memoryPerGPU, model: model,
                 precision: precision, kvPrecision: kvPrecision, contextTokens: contextTokens, users: users, modelReference: modelReference,
                 memoryFraction: memoryFraction, profileTokens: profileTokens, assumptions: assumptions)
    }

    /// The answer for a layout chosen by hand (a published deployment's TP and PP), with the per-GPU
    /// weights and KV bytes per token that `Placement` computes for it.
    package static func make(engine: Measurement.Engine, gpu: GPUSpec, parallelism: Parallelism, model: ModelSpec, precision: PrecisionSpec,
                            kvPrecision: PrecisionSpec, contextTokens: Int, users: Int, modelReference: String, memoryFraction: Double? = nil,
                            profileTokens: Int? = nil, assumptions: EngineAssumptions = .standard) throws(SizingError) -> EngineAnswer {
        let kvCache = try KVCacheEstimate(model: model, kvPrecision: kvPrecision, contextTokens: contextTokens, users: users)
        let memory = try Placement.memoryPerGPU(model: model, precision: precision, kvCache: kvCache, parallelism: parallelism,
                                                assumptions: assumptions)
        return try make(engine: engine, gpu: gpu, parallelism: parallelism, memoryPerGPU: memory, model: model, precision: precision,
                        kvPrecision: kvPrecision, contextTokens: contextTokens, users: users, modelReference: modelReference,
                        memoryFraction: memoryFraction, profileTokens: profileTokens, assumptions: assumptions)
    }

    static func make(engine: Measurement.Engine, gpu: GPUSpec, parallelism: Parallelism, memoryPerGPU: MemoryBreakdown, model: ModelSpec,
                     precision: PrecisionSpec, kvPrecision: PrecisionSpec, contextTokens: Int, users: Int, modelReference: String,
                     memoryFraction: Double?, profileTokens: Int?, assumptions: EngineAssumptions) throws(SizingError) -> EngineAnswer {
        let rules = ServingEngineRules.of(engine)
        guard let kvWord = rules.kvCacheTypes[kvPrecision.id] else {
            throw SizingError(.kvPrecision, "\(engine.rawValue) cannot store the KV cache in \(kvPrecision.name); it accepts "
                              + rules.kvCacheTypes.keys.sorted().joined(separator: ", "))
        }
        let fraction = memoryFraction ?? rules.defaultMemoryFraction
        let tensor = parallelism.tensor
        var profile = assumptions
        profile.prefillChunkTokens = profileTokens ?? rules.profileTokens
        var activations = try ActivationModel.bytesPerGPU(model: model, tensorParallel: tensor, users: 1,
                                                          contextTokens: profile.prefillChunkTokens, assumptions: profile)
        if rules.budget == .wholeMemory {
            // llama.cpp keeps the logits of a whole micro-batch in its compute buffer.
            activations += profile.prefillChunkTokens * model.vocabSize * assumptions.logitBytes
        }
        let capacity = Double(gpu.capacityBytes)
        let weights = Double(memoryPerGPU.weightsBytes)
        let fixed = Double(activations + rules.runtimeBytes)
        let pool: Double
        switch rules.budget {
        case .allWithinFraction: pool = fraction * capacity - weights - fixed
        case .staticWithinFraction: pool = fraction * capacity - weights
        case .fractionOfFree: pool = fraction * (capacity - weights - fixed)
        case .wholeMemory: pool = capacity - weights - fixed
        }
        let poolBytes = max(0, Int(pool))
        let perToken = memoryPerGPU.kvCacheBytesPerToken
        let tokens: Int
        if perToken > 0 {
            tokens = poolBytes / perToken / rules.blockTokens * rules.blockTokens
        } else {
            // A model with no per-token cache (state-space layers only) is limited by its context alone.
            tokens = poolBytes > 0 ? model.maxContextTokens * rules.defaultMaxSequences : 0
        }
        let maxContext = min(model.maxContextTokens, tokens)
        let sequences = contextTokens > 0 ? tokens / contextTokens : 0
        var notes: [String] = []
        var reference = modelReference
        if engine == .llamaCpp, !reference.hasSuffix(".gguf") {
            reference = "\(model.id)-\(precision.id).gguf"
            notes.append("llama.cpp loads a GGUF file: \(reference) stands for the \(precision.name) conversion of \(modelReference)")
        }
        if tokens == 0 {
            notes.append("\(engine.rawValue) leaves no memory for the KV cache on \(gpu.name) with \(parallelism)")
        } else if sequences < users {
            notes.append("only \(sequences) sequences of \(NumberText.grouped(contextTokens)) tokens fit in \(engine.rawValue)'s KV cache, fewer than the \(users) users asked for")
        }
        let command = launchCommand(rules: rules, parallelism: parallelism, model: model, modelReference: reference, kvWord: kvWord,
                                    contextTokens: min(contextTokens, max(maxContext, rules.blockTokens)), fraction: fraction,
                                    sequences: min(max(1, sequences), max(users, 1), rules.defaultMaxSequences))
        if rules.flags.kvCacheType == nil, kvWord != "auto" {
            notes.append("\(engine.rawValue) takes the KV cache type from its options file (kv_cache_config.dtype: \(kvWord)), not a flag")
        }
        if engine == .llamaCpp, tensor > 1 {
            notes.append("llama.cpp splits layers across the \(tensor) GPUs (-sm layer) rather than tensor-parallel slices")
        }
        return EngineAnswer(engine: engine, memoryFraction: fraction, kvCacheBytesPerGPU: poolBytes, activationBytesPerGPU: activations,
                            kvCacheTokens: tokens, maxContextTokens: maxContext, maxConcurrentSequences: sequences,
                            launchCommand: command, notes: notes)
    }

    /// The engine's command for the layout, with only the flags whose values differ from nothing-said.
    static func launchCommand(rules: ServingEngineRules, parallelism: Parallelism, model: ModelSpec, modelReference: String,
                              kvWord: String, contextTokens: Int, fraction: Double, sequences: Int,
                              offload: PartialOffload.Split? = nil) -> String {
        let f = rules.flags
        var parts = [f.program]
        parts.append(f.model.isEmpty ? modelReference : "\(f.model) \(modelReference)")
        if let tp = f.tensorParallel, parallelism.tensor > 1 { parts.append("\(tp) \(parallelism.tensor)") }
        if let pp = f.pipelineParallel, parallelism.pipeline > 1 { parts.append("\(pp) \(parallelism.pipeline)") }
        // llama.cpp's -c is shared by its -np slots, so it is the context times the slots.
        let context = rules.engine == .llamaCpp ? contextTokens * sequences : contextTokens
        parts.append("\(f.maxContext) \(context)")
        if let layers = f.gpuLayers {
            switch offload {
            case .layers(let count)?: parts.append("\(layers) \(count)")
            case .experts?: parts.append("\(layers) \(model.layers + 1) --cpu-moe")
            case nil: parts.append("\(layers) \(model.layers + 1)")
            }
        }
        if let flag = f.memoryFraction { parts.append("\(flag) \(NumberText.fixed(fraction, places: 2))") }
        if let flag = f.kvCacheType, kvWord != "auto", !(rules.engine == .llamaCpp && ["f16", "bf16"].contains(kvWord)) {
            parts.append("\(flag) \(kvWord)")
            if rules.engine == .llamaCpp { parts.append("-ctv \(kvWord)") }
        }
        parts.append("\(f.maxSequences) \(sequences)")
        return parts.joined(separator: " ")
    }

    /// The Hugging Face repository a catalog model's source names (`meta-llama/Llama-3.1-8B`), or its id.
    package static func modelReference(for model: ModelSpec) -> String {
        guard let range = model.source.range(of: "huggingface.co/") else { return model.id }
        let path = model.source[range.upperBound...].split(separator: "/")
        guard path.count >= 2 else { return model.id }
        return "\(path[0])/\(path[1])"
    }
}

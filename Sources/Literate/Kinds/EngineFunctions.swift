import Basics
import Catalog
import Sizing

/// Inline functions that put the engine's numbers into prose: `{= weights(llama-3.1-70b, bf16) | GB}`,
/// `{= kv_cache(deepseek-v3, 8K, 10, bf16) | GB}`, `{= decode_tps(llama-3.1-8b, bf16, h100-sxm) | round(0)}`.
/// Each reads catalog ids (with suggestions for near misses), calls Sizing, and returns the value with
/// its formula and inputs. Nothing here computes beyond what the engine exposes.

/// `weights(model, precision)`: bytes the weights take.
struct WeightsFunction: InlineFunction {
    let name = "weights"
    let parameters = ["model", "precision"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let model = try EngineArguments.model(arguments[0], context)
        let precision = try EngineArguments.precision(arguments[1], context)
        let weights = try EngineArguments.engine(arguments) { () throws(SizingError) in try WeightsEstimate(model: model, precision: precision) }
        return Computed(value: .number(Double(weights.bytes), .bytes), formula: weights.formula,
                        inputs: ["model": model.id, "precision": precision.id])
    }
}

/// `active_params(model)`: parameters one token passes through (all of them for a dense model).
struct ActiveParametersFunction: InlineFunction {
    let name = "active_params"
    let parameters = ["model"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let model = try EngineArguments.model(arguments[0], context)
        let formula = model.experts.map { "\(model.name): shared layers + \($0.active) of \($0.total) routed experts (+ \($0.shared) shared) per MoE layer" }
            ?? "\(model.name) is dense: every parameter is active"
        return Computed(value: .number(Double(model.activeParameters), .parameters), formula: formula,
                        inputs: ["model": model.id, "source": model.source])
    }
}

/// `kv_per_token(model, kv_precision)`: cache bytes of one token in every layer.
struct KVPerTokenFunction: InlineFunction {
    let name = "kv_per_token"
    let parameters = ["model", "kv_precision"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let model = try EngineArguments.model(arguments[0], context)
        let precision = try EngineArguments.kvPrecision(arguments[1], context)
        let kv = try EngineArguments.engine(arguments) { () throws(SizingError) in
            try KVCacheEstimate(model: model, kvPrecision: precision, contextTokens: 1, users: 1)
        }
        return Computed(value: .number(Double(kv.bytesPerToken), .bytes), formula: kv.perTokenFormula,
                        inputs: ["model": model.id, "kv_precision": precision.id])
    }
}

/// `kv_cache(model, context, users, kv_precision)`: the cache of all users, sliding windows applied.
struct KVCacheFunction: InlineFunction {
    let name = "kv_cache"
    let parameters = ["model", "context", "users", "kv_precision"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let model = try EngineArguments.model(arguments[0], context)
        let tokens = try EngineArguments.whole(arguments[1], "the context", as: .tokens)
        let users = try EngineArguments.whole(arguments[2], "the number of users", as: .count)
        let precision = try EngineArguments.kvPrecision(arguments[3], context)
        guard tokens <= model.maxContextTokens else {
            throw Diagnostic.error(at: arguments[1].location, "context of \(NumberText.grouped(tokens)) tokens exceeds \(model.name)'s maximum of "
                                   + "\(NumberText.grouped(model.maxContextTokens)) tokens")
        }
        let kv = try EngineArguments.engine(arguments, [.context: 1, .users: 2]) { () throws(SizingError) in
            try KVCacheEstimate(model: model, kvPrecision: precision, contextTokens: tokens, users: users)
        }
        return Computed(value: .number(Double(kv.totalBytes), .bytes), formula: kv.formula,
                        inputs: ["model": model.id, "context": String(tokens), "users": String(users), "kv_precision": precision.id])
    }
}

/// `gpu_flops(gpu, data_type)`: dense peak for `bf16`, `fp8`, `int8`…, in FLOP/s.
struct GPUFLOPSFunction: InlineFunction {
    let name = "gpu_flops"
    let parameters = ["gpu", "data_type"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let gpu = try EngineArguments.gpu(arguments[0], context)
        let type = try arguments[1].word("a data type")
        guard let flops = gpu.denseFLOPS(for: type) else {
            let known = gpu.denseFLOPS.keys.sorted()
            throw Diagnostic.error(at: arguments[1].location, "\(gpu.name) has no dense \(type) figure; it has: \(known.joined(separator: ", "))")
        }
        return Computed(value: .number(flops, .flopsPerSecond), formula: "\(gpu.name) datasheet, dense (without sparsity)",
                        inputs: ["gpu": gpu.id, "data_type": type, "source": gpu.source])
    }
}

/// `decode_tps(model, precision, gpu)`: tokens per second one user sees on the smallest deployment of
/// `gpu` that holds the model, at an 8K context (or the model's maximum, if shorter) with a BF16 cache.
struct DecodeTokensPerSecondFunction: InlineFunction {
    let name = "decode_tps"
    let parameters = ["model", "precision", "gpu"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let option = try EngineArguments.singleUserOption(arguments, context)
        let p = option.performance
        return Computed(value: .number(p.decodeTokensPerSecondPerUser, .tokensPerSecond),
                        formula: "\(option.parallelism) on \(option.gpuCount) × \(option.gpu.id): " + SizingBlock.decodeFormula(p),
                        inputs: EngineArguments.inputs(arguments, option))
    }
}

/// `gpus_needed(model, precision, gpu)`: GPUs in the smallest deployment that holds the model for one
/// user at an 8K context.
struct GPUsNeededFunction: InlineFunction {
    let name = "gpus_needed"
    let parameters = ["model", "precision", "gpu"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let option = try EngineArguments.singleUserOption(arguments, context)
        guard option.fits else {
            throw Diagnostic.error(at: arguments[2].location, "\(option.gpu.name) cannot hold \(arguments[0]) even on \(NumberText.count(option.nodes, "node"))")
        }
        return Computed(value: .number(Double(option.gpuCount), .gpus),
                        formula: "\(option.parallelism): \(NumberText.gigabytes(Double(option.memoryPerGPU.totalBytes))) per GPU within "
                            + "\(NumberText.gigabytes(Double(option.memoryLimitPerGPUBytes)))",
                        inputs: EngineArguments.inputs(arguments, option))
    }
}

/// `tp_bytes_per_token(model, tp)`: bytes each GPU sends per decoded token in tensor parallelism of
/// `tp` GPUs: two ring all-reduces per layer, each moving 2(TP−1)/TP of hidden × 2 bytes.
struct TensorParallelTrafficFunction: InlineFunction {
    let name = "tp_bytes_per_token"
    let parameters = ["model", "tp"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let model = try EngineArguments.model(arguments[0], context)
        let tp = try EngineArguments.whole(arguments[1], "the tensor-parallel size", as: .count)
        let activationBytes = EngineAssumptions.standard.activationBytes
        let bytes = 2.0 * Double(model.layers) * 2 * Double(tp - 1) / Double(tp) * Double(model.hiddenSize * activationBytes)
        return Computed(value: .number(bytes, .bytes),
                        formula: "2 all-reduces × \(model.layers) layers × 2 × (\(tp) − 1)/\(tp) × \(model.hiddenSize) hidden × \(activationBytes) bytes",
                        inputs: ["model": model.id, "tp": String(tp)])
    }
}

/// Argument readers for the engine's functions.
enum EngineArguments {
    static func model(_ argument: Argument, _ context: EvaluationContext) throws -> ModelSpec {
        try context.catalog.requireModel(try argument.word("a model id"), at: argument.location)
    }

    static func precision(_ argument: Argument, _ context: EvaluationContext) throws -> PrecisionSpec {
        try context.catalog.requirePrecision(try argument.word("a precision id"), at: argument.location)
    }

    static func kvPrecision(_ argument: Argument, _ context: EvaluationContext) throws -> PrecisionSpec {
        let precision = try self.precision(argument, context)
        guard precision.usableForKVCache else {
            throw Diagnostic.error(at: argument.location, "\(precision.name) is not offered for the KV cache by serving engines")
        }
        return precision
    }

    static func gpu(_ argument: Argument, _ context: EvaluationContext) throws -> GPUSpec {
        try context.catalog.requireGPU(try argument.word("a GPU id"), at: argument.location)
    }

    /// Runs engine arithmetic for a function, reporting what the engine refuses at the argument that
    /// `positions` maps its field to, else at the first argument (the model).
    static func engine<T>(_ arguments: [Argument], _ positions: [SizingError.Field: Int] = [:],
                          _ body: () throws(SizingError) -> T) throws(Diagnostic) -> T {
        do {
            return try body()
        } catch {
            throw .error(at: arguments[positions[error.field] ?? 0].location, error.message)
        }
    }

    static func whole(_ argument: Argument, _ what: String, as kind: Quantity.Kind) throws -> Int {
        let value = try argument.number(what, as: kind)
        guard value >= 1 else {
            throw Diagnostic.error(at: argument.location, "\(what) must be a whole number of at least 1, found \(NumberText.decimal(value))")
        }
        do {
            return try Quantity.whole(value)
        } catch {
            throw Diagnostic.error(at: argument.location, "\(what) \(error.reason), found \(NumberText.decimal(value))")
        }
    }

    /// The engine's option for (model, precision, gpu) arguments: one user, 8K context (or the model's maximum), the default KV precision.
    static func singleUserOption(_ arguments: [Argument], _ context: EvaluationContext) throws -> DeploymentOption {
        let model = try self.model(arguments[0], context)
        let precision = try self.precision(arguments[1], context)
        let gpu = try self.gpu(arguments[2], context)
        let cache = try context.catalog.requirePrecision(SizingInputs.defaultKVPrecision, at: arguments[1].location)
        let request = SizingRequest(model: model, precision: precision, kvPrecision: cache, users: 1,
                                    contextTokens: min(8192, model.maxContextTokens), gpus: [gpu])
        do {
            guard let option = try SizingEngine.plan(request, catalog: context.catalog).options.first else {
                throw Diagnostic.error(at: arguments[2].location, "no deployment option for \(gpu.id)")
            }
            return option
        } catch let error as SizingError {
            throw Diagnostic.error(at: arguments[0].location, error.message)
        }
    }

    static func inputs(_ arguments: [Argument], _ option: DeploymentOption) -> [String: String] {
        var inputs = ["gpu": option.gpu.id, "users": "1", "kv_precision": SizingInputs.defaultKVPrecision, "split": option.parallelism.description]
        if case .word(let model) = arguments[0].content { inputs["model"] = model }
        if case .word(let precision) = arguments[1].content { inputs["precision"] = precision }
        return inputs
    }
}

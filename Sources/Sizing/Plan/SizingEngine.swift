import Basics
import Catalog

/// The entry point: validates a request and computes its memory, placements and speeds.
/// Pure: reads nothing but its arguments, writes nothing.
package enum SizingEngine {
    /// Sizes `request` against the systems of `catalog` (for node sizes and links).
    package static func plan(_ request: SizingRequest, catalog: DataCatalog,
                            assumptions: EngineAssumptions = .standard) throws(SizingError) -> SizingPlan {
        let model = request.model
        // A workload's own checks first: its context is derived from it, so a too-long request is its fault.
        if let workload = request.workload {
            try workload.validate()
            guard workload.maxTokensPerRequest <= model.maxContextTokens else {
                throw SizingError(.inputTokens, "a request of up to \(NumberText.grouped(workload.maxTokensPerRequest)) tokens (prompt + answer) "
                                  + "exceeds \(model.name)'s maximum context of \(NumberText.grouped(model.maxContextTokens)) tokens")
            }
        }
        try request.targets?.validate()
        guard request.users > 0 else {
            throw SizingError(.users, "users must be at least 1, found \(request.users)")
        }
        guard request.contextTokens > 0 else {
            throw SizingError(.context, "context must be at least 1 token, found \(request.contextTokens)")
        }
        guard request.contextTokens <= model.maxContextTokens else {
            throw SizingError(.context, "context of \(NumberText.grouped(request.contextTokens)) tokens exceeds \(model.name)'s maximum of "
                              + "\(NumberText.grouped(model.maxContextTokens)) tokens")
        }
        let prompt = request.promptTokens ?? request.contextTokens
        guard prompt > 0, prompt <= request.contextTokens else {
            throw SizingError(.prompt, "prompt must be between 1 and the context (\(NumberText.grouped(request.contextTokens)) tokens), found \(prompt)")
        }
        guard request.kvPrecision.usableForKVCache else {
            let usable = catalog.precisions.filter(\.usableForKVCache).map(\.id)
            throw SizingError(.kvPrecision, "\(request.kvPrecision.name) is not offered for the KV cache by serving engines; use one of: "
                              + usable.joined(separator: ", "))
        }
        guard !request.gpus.isEmpty else { throw SizingError(.gpus, "no GPUs to size for") }
        var listed: Set<String> = []
        for gpu in request.gpus where !listed.insert(gpu.id).inserted {
            throw SizingError(.gpus, "'\(gpu.id)' is listed twice; name each GPU once")
        }
        try request.layout.validate(model: model)

        let weights = try WeightsEstimate(model: model, precision: request.precision)
        let kv = try KVCacheEstimate(model: model, kvPrecision: request.kvPrecision, contextTokens: request.contextTokens, users: request.users)
        let memory = try MemoryBreakdown(
            weightsBytes: weights.bytes, kvCacheBytes: kv.totalBytes, kvCacheBytesPerToken: kv.bytesPerToken,
            activationsBytes: try ActivationModel.bytesPerGPU(model: model, tensorParallel: 1, users: request.users,
                                                          contextTokens: request.contextTokens, assumptions: assumptions),
            overheadBytes: assumptions.runtimeOverheadBytesPerGPU)
        let options = try request.gpus.map { gpu throws(SizingError) in
            // Calibrated constants for the GPU's architecture when the catalog carries them.
            let applied = assumptions.calibrated(catalog.calibration, for: gpu, model: model, engine: request.engine)
            var option = try option(for: gpu, model: model, precision: request.precision, kvPrecision: request.kvPrecision, kvCache: kv,
                                    promptTokens: prompt, catalog: catalog, layout: request.layout, assumptions: applied.assumptions)
            if let workload = request.workload {
                try option.serve(workload, targets: request.targets, model: model, precision: request.precision,
                                 kvPrecision: request.kvPrecision, layout: request.layout, assumptions: applied.assumptions)
            }
            if let note = applied.note { option.notes.append(note) }
            option.calibration = catalog.calibration?.fit(for: gpu.architecture, engine: request.engine, models: Calibration.Models(of: model))
            if option.fits {
                option.speedErrorBands = SpeedErrorBand.bands(catalog.calibration, gpu: gpu, model: model, catalog: catalog, engine: request.engine)
            }
            return option
        }
        var notes: [String] = []
        if model.sparseAttention != nil {
            notes.append("\(model.name) uses sparse attention: decode reads the \(NumberText.grouped(model.sparseAttention!.topK)) selected "
                            + "tokens' cache plus every token's indexer key, not the whole cache")
        }
        var plan = SizingPlan(request: request, weights: weights, kvCache: kv, memory: memory, options: options, warnings: [],
                              assumptions: assumptions)
        plan.notes = notes
        if let workload = request.workload, request.includeFrontier {
            for gpu in request.gpus {
                plan.frontier += try ServingFrontier.points(model: model, precision: request.precision, kvPrecision: request.kvPrecision,
                                                            workload: workload, gpu: gpu, system: catalog.system(forGPU: gpu),
                                                            pin: request.layout,
                                                            assumptions: assumptions.calibrated(catalog.calibration, for: gpu, model: model,
                                                                                                engine: request.engine).assumptions)
            }
        }
        return plan
    }

    /// The cheapest fitting deployment on `gpu` for every user at full context, with its speed and caveats.
    package static func option(for gpu: GPUSpec, model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec,
                              kvCache: KVCacheEstimate, promptTokens: Int, catalog: DataCatalog, layout: LayoutPin = LayoutPin(),
                              assumptions: EngineAssumptions = .standard) throws(SizingError) -> DeploymentOption {
        let system = catalog.system(forGPU: gpu)
        let perNode = system?.gpusPerNode ?? gpu.gpusPerNode
        let placed = try Placement.placeReplicated(model: model, precision: precision, kvCache: kvCache, gpu: gpu, gpusPerNode: perNode,
                                                   layout: layout, assumptions: assumptions)
        let links = ServingPlanner.links(gpu: gpu, system: system, assumptions: assumptions)
        let replicaCache = kvCache.forUsers((kvCache.users + placed.replicas - 1) / placed.replicas)
        var performance = try Roofline.estimate(model: model, precision: precision, kvCache: replicaCache, promptTokens: promptTokens,
                                            gpu: gpu, parallelism: placed.parallelism, links: links, assumptions: assumptions)
        // Every user decodes at the busiest replica's pace.
        performance.aggregateTokensPerSecond = performance.decodeTokensPerSecondPerUser * Double(kvCache.users)
        var warnings: [String] = []
        if !precision.isNative(on: gpu.architecture) {
            warnings.append("\(gpu.name) (\(gpu.architecture)) has no native \(precision.name) support: weights are unpacked and "
                            + "multiplied in \(performance.computeType.uppercased())")
        }
        if kvPrecision.id != precision.id, !kvPrecision.isNative(on: gpu.architecture) {
            warnings.append("\(gpu.name) has no native \(kvPrecision.name) support: the KV cache is stored in it but read back into 16 bits")
        }
        var notes: [String] = []
        if !placed.fits {
            notes.append(layout.isEmpty ? "does not fit even on \(NumberText.count(placed.parallelism.nodes, "node")) of \(NumberText.count(perNode, "GPU"))"
                                        : "does not fit as pinned (\(placed.parallelism), \(NumberText.count(placed.replicas, "replica")))")
        }
        if placed.parallelism.tensor > 1, gpu.interconnect.hasPrefix("PCIe") {
            notes.append("tensor parallelism over \(gpu.interconnect): all-reduces cost \(NumberText.fixed(performance.decodeCommunicationSeconds * 1000, places: 1)) ms per decode step")
        }
        var option = DeploymentOption(gpu: gpu, system: system, parallelism: placed.parallelism, fits: placed.fits,
                                      memoryPerGPU: placed.memory, capacityPerGPUBytes: gpu.capacityBytes,
                                      memoryLimitPerGPUBytes: Placement.memoryLimitBytes(gpu: gpu, assumptions: assumptions),
                                      performance: performance, warnings: warnings)
        option.notes = notes
        option.replicas = placed.replicas
        return option
    }
}

import Basics
import Catalog

/// Finds, for one GPU type, the smallest deployment of a model that fits in memory with headroom.
///
/// Candidates grow in this order: tensor parallelism of 1, 2, 4 … GPUs inside one node (powers of
/// two that divide the attention heads, up to the node's size), then whole nodes joined by pipeline
/// parallelism (2, 3, 4 … nodes, each running tensor parallelism across all its GPUs). The first
/// candidate whose busiest GPU stays within `maxMemoryUtilization` of its memory wins.
package enum Placement {
    /// The deployments tried for `model` on nodes of `gpusPerNode`, smallest first.
    package static func candidates(model: ModelSpec, gpusPerNode: Int, maxNodes: Int) -> [Parallelism] {
        let sizes = tensorSizes(model: model, gpusPerNode: gpusPerNode)
        var result = sizes.map { tensor in
            Parallelism(tensor: tensor, pipeline: 1, expert: expertParallel(model: model, tensor: tensor), gpusPerNode: gpusPerNode)
        }
        if let widest = sizes.last, maxNodes >= 2 {
            for nodes in 2...maxNodes {
                result.append(Parallelism(tensor: widest, pipeline: nodes * gpusPerNode / widest,
                                          expert: expertParallel(model: model, tensor: widest), gpusPerNode: gpusPerNode))
            }
        }
        return result
    }

    /// Tensor-parallel group sizes inside one node: powers of two up to the node's size that divide the
    /// attention heads.
    package static func tensorSizes(model: ModelSpec, gpusPerNode: Int) -> [Int] {
        var sizes: [Int] = []
        var size = 1
        while size <= gpusPerNode {
            if model.attentionHeads % size == 0 { sizes.append(size) }
            size *= 2
        }
        return sizes
    }

    /// Experts are spread whole over the tensor-parallel group when they divide evenly; otherwise each
    /// expert is sliced like a dense layer (EP 1).
    static func expertParallel(model: ModelSpec, tensor: Int) -> Int {
        guard let experts = model.experts, tensor > 1, experts.total % tensor == 0 else { return 1 }
        return tensor
    }

    /// The share of the model's layers on the busiest pipeline stage.
    package static func stageShare(layers: Int, pipeline: Int) -> Double {
        Double((layers + pipeline - 1) / pipeline) / Double(layers)
    }

    /// The share of the KV cache one GPU of a tensor-parallel group holds: 1/TP while TP ≤ KV heads;
    /// one head's worth (1/KV heads) when TP exceeds them and heads are replicated; all of it for MLA,
    /// whose single latent is needed by every head (engines replicate it on every TP rank).
    package static func kvShare(model: ModelSpec, tensor: Int) -> Double {
        if model.latentAttention != nil { return 1 }
        return max(1 / Double(tensor), 1 / Double(model.kvHeads))
    }

    /// Memory on the busiest GPU of `parallelism`: its stage's share of layers (plus an embedding or
    /// output table), divided over the tensor-parallel group; its share of the KV cache; the
    /// activation workspace and the runtime overhead.
    package static func memoryPerGPU(model: ModelSpec, precision: PrecisionSpec, kvCache: KVCacheEstimate, parallelism: Parallelism,
                                    assumptions: EngineAssumptions) throws(SizingError) -> MemoryBreakdown {
        let share = stageShare(layers: model.layers, pipeline: parallelism.pipeline)
        let tables = (model.tiedEmbeddings ? 1 : 2) * model.embeddingParameters
        let layerParameters = Double(model.totalParameters - tables)
        let stageTables = parallelism.pipeline == 1 ? tables : model.embeddingParameters
        let stageParameters = layerParameters * share + Double(stageTables)
        let bytesPerParameter = try WeightsEstimate.bytesPerParameter(model: model, precision: precision)
        let kvFraction = share * kvShare(model: model, tensor: parallelism.tensor)
        // Shares of figures already counted: a fraction of a count that fits fits too.
        let weights = try SizingError.counting(.model) { () throws(CountOverflow) in
            try CheckedCount.rounded(stageParameters / Double(parallelism.tensor) * bytesPerParameter, what: "one GPU's weights")
        }
        let kvBytes = try SizingError.counting(.users) { () throws(CountOverflow) in
            try CheckedCount.rounded(Double(kvCache.totalBytes) * kvFraction, what: "one GPU's KV cache")
        }
        let kvPerToken = try SizingError.counting(.model) { () throws(CountOverflow) in
            try CheckedCount.rounded(Double(kvCache.bytesPerToken) * kvFraction, what: "one GPU's KV cache per token")
        }
        return try MemoryBreakdown(
            weightsBytes: weights, kvCacheBytes: kvBytes, kvCacheBytesPerToken: kvPerToken,
            activationsBytes: try ActivationModel.bytesPerGPU(model: model, tensorParallel: parallelism.tensor, users: kvCache.users,
                                                              contextTokens: kvCache.contextTokens, assumptions: assumptions),
            overheadBytes: assumptions.runtimeOverheadBytesPerGPU)
    }

    /// What a GPU offers a deployment: its usable memory and the share of it a plan may fill.
    package static func memoryLimitBytes(gpu: GPUSpec, assumptions: EngineAssumptions) -> Int {
        Int(Double(gpu.capacityBytes) * assumptions.maxMemoryUtilization)
    }

    /// The smallest candidate that fits, or the largest one tried (with `fits` false) when none does.
    package static func place(model: ModelSpec, precision: PrecisionSpec, kvCache: KVCacheEstimate, gpu: GPUSpec, gpusPerNode: Int,
                             assumptions: EngineAssumptions) throws(SizingError) -> (parallelism: Parallelism, memory: MemoryBreakdown, fits: Bool) {
        let limit = memoryLimitBytes(gpu: gpu, assumptions: assumptions)
        let all = candidates(model: model, gpusPerNode: gpusPerNode, maxNodes: assumptions.maxNodes)
        var last: (Parallelism, MemoryBreakdown)?
        for candidate in all {
            let memory = try memoryPerGPU(model: model, precision: precision, kvCache: kvCache, parallelism: candidate, assumptions: assumptions)
            if memory.totalBytes <= limit { return (candidate, memory, true) }
            last = (candidate, memory)
        }
        // `candidates` always yields at least TP 1; fall back to it if the list were ever empty.
        if let last { return (last.0, last.1, false) }
        let single = Parallelism(tensor: 1, pipeline: 1, expert: 1, gpusPerNode: gpusPerNode)
        return (single, try memoryPerGPU(model: model, precision: precision, kvCache: kvCache, parallelism: single, assumptions: assumptions), false)
    }

    /// The cheapest replicas × shape on `gpu` that holds every user's cache: for each candidate shape
    /// (keeping to `layout`), the fewest replicas whose busiest one fits its share of the users; then
    /// the fewest GPUs, fewer pipeline stages, fewer replicas. When nothing fits, the largest shape
    /// tried, with `fits` false.
    package static func placeReplicated(model: ModelSpec, precision: PrecisionSpec, kvCache: KVCacheEstimate, gpu: GPUSpec,
                                       gpusPerNode: Int, layout: LayoutPin, assumptions: EngineAssumptions) throws(SizingError)
        -> (parallelism: Parallelism, memory: MemoryBreakdown, fits: Bool, replicas: Int) {
        let limit = memoryLimitBytes(gpu: gpu, assumptions: assumptions)
        var shapes = candidates(model: model, gpusPerNode: gpusPerNode, maxNodes: assumptions.maxNodes).filter(layout.admits)
        if shapes.isEmpty, layout.tensor != nil || layout.pipeline != nil {
            let tensor = layout.tensor ?? tensorSizes(model: model, gpusPerNode: gpusPerNode).last ?? 1
            let shape = Parallelism(tensor: tensor, pipeline: layout.pipeline ?? 1,
                                    expert: layout.expert ?? expertParallel(model: model, tensor: tensor), gpusPerNode: gpusPerNode)
            if layout.admits(shape) { shapes = [shape] }
        }
        let users = kvCache.users
        func memory(_ shape: Parallelism, usersPerReplica: Int) throws(SizingError) -> MemoryBreakdown {
            try memoryPerGPU(model: model, precision: precision, kvCache: kvCache.forUsers(usersPerReplica), parallelism: shape,
                         assumptions: assumptions)
        }
        var best: (shape: Parallelism, memory: MemoryBreakdown, replicas: Int)?
        for shape in shapes {
            let replicas: Int
            if let pinned = layout.replicas(for: shape) {
                replicas = pinned
                guard try memory(shape, usersPerReplica: (users + pinned - 1) / pinned).totalBytes <= limit else { continue }
            } else {
                // The most users one replica holds, by bisection (memory grows with users).
                var low = 0, high = users
                while low < high {
                    let middle = (low + high + 1) / 2
                    if try memory(shape, usersPerReplica: middle).totalBytes <= limit { low = middle } else { high = middle - 1 }
                }
                guard low > 0 else { continue }
                replicas = (users + low - 1) / low
            }
            let fitted = try memory(shape, usersPerReplica: (users + replicas - 1) / replicas)
            if let current = best,
               (current.shape.gpus * current.replicas, current.shape.pipeline, current.replicas)
                <= (shape.gpus * replicas, shape.pipeline, replicas) { continue }
            best = (shape, fitted, replicas)
        }
        if let best { return (best.shape, best.memory, true, best.replicas) }
        let largest = shapes.last ?? Parallelism(tensor: 1, pipeline: 1, expert: 1, gpusPerNode: gpusPerNode)
        let replicas = layout.replicas(for: largest) ?? 1
        return (largest, try memory(largest, usersPerReplica: (users + replicas - 1) / replicas), false, replicas)
    }
}

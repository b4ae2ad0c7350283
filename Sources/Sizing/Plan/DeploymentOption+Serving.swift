import Basics
import Catalog

/// Turning an option sized for users at full context into the deployment `ServingPlanner` finds
/// for a workload: its shape, replicas, memory with the KV cache the engine reserves, the simulated
/// figures and whether targets are met. Bookkeeping only; the search lives in Sizing/Serving.
extension DeploymentOption {
    mutating func serve(_ workload: Workload, targets: ServingTargets?, model: ModelSpec, precision: PrecisionSpec,
                        kvPrecision: PrecisionSpec, layout: LayoutPin, assumptions: EngineAssumptions) throws(SizingError) {
        let outcome = try ServingPlanner.plan(model: model, precision: precision, kvPrecision: kvPrecision, workload: workload,
                                          targets: targets, gpu: gpu, system: system, pin: layout, assumptions: assumptions)
        notes.removeAll { $0.hasPrefix("does not fit") }
        guard let evaluation = outcome.chosen ?? outcome.nearest else {
            fits = false
            serving = nil
            meetsTargets = targets == nil ? nil : false
            if let unfit = outcome.unfit {
                parallelism = unfit.shape
                memoryPerGPU = unfit.memory
                headroomBytes = capacityPerGPUBytes - unfit.memory.totalBytes
            }
            notes.append("does not fit: no split \(layout.isEmpty ? "up to \(assumptions.maxNodes) nodes" : "as pinned") leaves room in the KV "
                         + "cache for one request of \(NumberText.grouped(workload.maxTokensPerRequest)) tokens beside the weights")
            return
        }
        fits = true
        parallelism = evaluation.shape
        replicas = evaluation.replicas
        let fixed = try StepModel.memoryPerGPU(model: model, precision: precision, kvPrecision: kvPrecision, parallelism: evaluation.shape,
                                           assumptions: assumptions)
        // The engine hands the rest of its memory share to the KV cache, as vLLM does.
        let memory = try MemoryBreakdown(
            weightsBytes: fixed.weightsBytes, kvCacheBytes: max(0, memoryLimitPerGPUBytes - fixed.totalBytes),
            kvCacheBytesPerToken: Int((evaluation.step.kvBytesPerToken
                                       * Placement.stageShare(layers: model.layers, pipeline: evaluation.shape.pipeline)
                                       * Placement.kvShare(model: model, tensor: evaluation.shape.tensor)).rounded(.up)),
            activationsBytes: fixed.activationsBytes, overheadBytes: fixed.overheadBytes)
        memoryPerGPU = memory
        headroomBytes = capacityPerGPUBytes - memory.totalBytes
        serving = evaluation.deployment
        meetsTargets = evaluation.meetsTargets
        // The roofline figures (decode bound, step time) for a replica at its mean batch and request length.
        let batch = max(1, Int(evaluation.replica.meanRunningRequests.rounded()))
        let cache = try KVCacheEstimate(model: model, kvPrecision: kvPrecision, contextTokens: max(1, Int(workload.meanTokensPerRequest)),
                                    users: batch)
        performance = try Roofline.estimate(model: model, precision: precision, kvCache: cache, promptTokens: max(1, Int(workload.inputTokens.mean)),
                                        gpu: gpu, parallelism: evaluation.shape,
                                        links: ServingPlanner.links(gpu: gpu, system: system, assumptions: assumptions),
                                        assumptions: assumptions)
        performance.aggregateTokensPerSecond = evaluation.deployment.outputTokensPerSecond
        if outcome.chosen == nil, let targets {
            let missed = targets.misses(evaluation.replica).map { miss in
                "\(miss.name) \(NumberText.fixed(miss.measured * 1000, places: 0)) ms misses its \(NumberText.fixed(miss.target * 1000, places: 0)) ms "
                    + "target by \(NumberText.fixed((miss.measured / miss.target - 1) * 100, places: 0))%"
            }
            notes.append("no layout meets the targets; nearest: \(evaluation.shape) × \(evaluation.replicas) replica"
                         + "\(evaluation.replicas == 1 ? "" : "s"), where " + missed.joined(separator: " and "))
        }
        if evaluation.replica.preemptions > 0 {
            notes.append("the KV cache filled: \(NumberText.grouped(evaluation.replica.preemptions)) preemptions in the busiest replica's run")
        }
    }
}

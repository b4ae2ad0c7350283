import Catalog

/// Searches replicas × (TP × PP × EP) on one GPU type for the cheapest deployment that holds a
/// workload (and meets latency targets when there are any), by simulating candidate replicas.
///
/// A replica shape fits when the memory it leaves for the KV cache holds at least one request at
/// its longest. Pipeline stages are added only when no shape of fewer stages fits (more stages only
/// add hand-offs; load is spread with replicas). "Holds the load" means: for users, every user's
/// request can be in the cache at once; for a rate, each replica runs at most
/// `maxPlannedUtilization` of its saturated throughput. Cheapest means fewest GPUs, then fewer
/// pipeline stages, then fewer replicas. Owns the search only: steps are timed by `StepModel` and
/// simulated by `ServingSimulator`.
package enum ServingPlanner {
    /// The largest share of a replica's saturated request rate a plan without latency targets puts on
    /// it: queueing delay grows as ρ ÷ (1 − ρ) in an M/D/1 queue, about 9 service times at 0.9.
    package static let maxPlannedUtilization = 0.9
    /// How many times the load-holding replica count the search will try before declaring that a
    /// shape cannot meet a rate's targets.
    package static let maxReplicaGrowth = 64

    /// One simulated deployment: a shape, its replicas and how one replica behaved.
    package struct Evaluation: Sendable {
        package var shape: Parallelism
        package var replicas: Int
        package var step: StepModel
        /// The busiest replica's simulation.
        package var replica: ServingResult
        /// The whole deployment: throughputs scaled to every replica.
        package var deployment: ServingResult
        package var meetsTargets: Bool?

        package var totalGPUs: Int { shape.gpus * replicas }
    }

    /// The answer for one GPU type.
    package struct Outcome: Sendable {
        /// The cheapest evaluation that holds the load and meets the targets.
        package var chosen: Evaluation?
        /// When nothing meets the targets: the evaluation that comes closest, and what it misses.
        package var nearest: Evaluation?
        /// The largest shape tried when none fits, with its memory per GPU (no KV cache).
        package var unfit: (shape: Parallelism, memory: MemoryBreakdown)?
    }

    /// Links of a GPU type: per-GPU one-direction bandwidth inside a node and across nodes.
    package static func links(gpu: GPUSpec, system: SystemSpec?, assumptions: EngineAssumptions) -> Roofline.Links {
        let perNode = system?.gpusPerNode ?? gpu.gpusPerNode
        return Roofline.Links(
            intraNodeBytesPerSecond: (system?.intraNodeBytesPerSecond ?? gpu.interconnectBytesPerSecond) / 2,
            interNodeBytesPerSecond: (system?.interNodeBytesPerSecond ?? assumptions.interNodeBytesPerSecondPerNode) / Double(perNode))
    }

    /// Replica shapes that fit `workload`'s longest request, smallest first, keeping to `pin`.
    static func shapes(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, workload: Workload, gpu: GPUSpec,
                       gpusPerNode: Int, links: Roofline.Links, pin: LayoutPin, assumptions: EngineAssumptions) throws(SizingError)
        -> (fitting: [StepModel], largest: StepModel?) {
        let tensors = pin.tensor.map { [$0] } ?? Placement.tensorSizes(model: model, gpusPerNode: gpusPerNode)
        var fitting: [StepModel] = []
        var largest: StepModel?
        for tp in tensors {
            let expert = pin.expert ?? Placement.expertParallel(model: model, tensor: tp)
            let stages = pin.pipeline.map { [$0] } ?? Array(1...max(1, min(model.layers, assumptions.maxNodes * gpusPerNode / tp)))
            for pp in stages {
                let shape = Parallelism(tensor: tp, pipeline: pp, expert: expert, gpusPerNode: gpusPerNode)
                guard pin.admits(shape) else { continue }
                let step = try StepModel(model: model, precision: precision, kvPrecision: kvPrecision, gpu: gpu, parallelism: shape,
                                     links: links, assumptions: assumptions)
                largest = step
                if step.kvCapacityTokens >= workload.maxTokensPerRequest {
                    fitting.append(step)
                    break  // more stages for this TP would only add hand-offs
                }
            }
        }
        // Shapes that need more pipeline stages than the smallest fitting one are never cheaper.
        let fewestStages = fitting.map(\.parallelism.pipeline).min() ?? 1
        return (fitting.filter { $0.parallelism.pipeline == fewestStages }, largest)
    }

    /// The cheapest deployment of `workload` on `gpu`.
    package static func plan(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, workload: Workload,
                            targets: ServingTargets?, gpu: GPUSpec, system: SystemSpec?, pin: LayoutPin,
                            assumptions: EngineAssumptions) throws(SizingError) -> Outcome {
        let perNode = system?.gpusPerNode ?? gpu.gpusPerNode
        let links = links(gpu: gpu, system: system, assumptions: assumptions)
        let found = try shapes(model: model, precision: precision, kvPrecision: kvPrecision, workload: workload, gpu: gpu,
                           gpusPerNode: perNode, links: links, pin: pin, assumptions: assumptions)
        guard !found.fitting.isEmpty else {
            let step = found.largest
            guard let step else { return Outcome() }
            return Outcome(unfit: (step.parallelism, try StepModel.memoryPerGPU(model: model, precision: precision, kvPrecision: kvPrecision,
                                                                               parallelism: step.parallelism, assumptions: assumptions)))
        }
        var candidates: [Evaluation] = []
        var nearest: Evaluation?
        for step in found.fitting {
            let range = replicaRange(workload: workload, step: step, pin: pin)
            // The fewest replicas in range that meet the targets (latency falls as replicas grow):
            // double from the fewest until one meets, then bisect the last doubling.
            var low = range.lowerBound
            var best = evaluate(workload: workload, targets: targets, step: step, replicas: low)
            while best.meetsTargets == false, best.replicas < range.upperBound {
                low = best.replicas + 1
                best = evaluate(workload: workload, targets: targets, step: step, replicas: min(best.replicas * 2, range.upperBound))
            }
            guard best.meetsTargets != false else {
                if nearest == nil || targets!.worstRatio(best.replica) < targets!.worstRatio(nearest!.replica) { nearest = best }
                continue
            }
            var upper = best.replicas
            while low < upper {
                let middle = (low + upper) / 2
                let trial = evaluate(workload: workload, targets: targets, step: step, replicas: middle)
                if trial.meetsTargets != false {
                    best = trial
                    upper = middle
                } else {
                    low = middle + 1
                }
            }
            candidates.append(best)
        }
        let chosen = candidates.min { a, b in
            (a.totalGPUs, a.shape.pipeline, a.replicas) < (b.totalGPUs, b.shape.pipeline, b.replicas)
        }
        return Outcome(chosen: chosen, nearest: chosen == nil ? nearest : nil)
    }

    /// Replica counts worth trying for `step`: from the fewest that hold the load to the most that can
    /// still help (one user each, or `maxReplicaGrowth` times the fewest for a rate); one count when pinned.
    static func replicaRange(workload: Workload, step: StepModel, pin: LayoutPin) -> ClosedRange<Int> {
        if let pinned = pin.replicas(for: step.parallelism) { return pinned...pinned }
        switch workload.arrivals {
        case .users(let users, _):
            let perReplica = max(1, Int(Double(step.kvCapacityTokens) / workload.meanTokensPerRequest))
            let fewest = min(users, (users + perReplica - 1) / perReplica)
            return fewest...users
        case .rate(let rate):
            let saturated = saturatedRequestsPerSecond(workload: workload, step: step)
            let fewest = saturated > 0 ? max(1, Int((rate / (saturated * maxPlannedUtilization)).rounded(.up))) : 1
            return fewest...(fewest * maxReplicaGrowth)
        }
    }

    /// Requests per second one replica completes when kept full: a closed loop of as many users as
    /// its cache (or the running-request limit) holds, no think time.
    package static func saturatedRequestsPerSecond(workload: Workload, step: StepModel) -> Double {
        let users = max(1, min(step.assumptions.maxRunningRequests, Int(Double(step.kvCapacityTokens) / workload.meanTokensPerRequest)))
        return ServingSimulator.run(workload.with(arrivals: .users(users, thinkSeconds: 0)), step: step).requestsPerSecond
    }

    /// Simulates `replicas` copies of `step`'s shape under `workload`: the busiest replica's share.
    package static func evaluate(workload: Workload, targets: ServingTargets?, step: StepModel, replicas: Int) -> Evaluation {
        let share = workload.arrivals.perReplica(replicas)
        let replica = ServingSimulator.run(workload.with(arrivals: share), step: step, targets: targets)
        let scale: Double
        switch (workload.arrivals, share) {
        case (.users(let all, _), .users(let busiest, _)): scale = Double(all) / Double(busiest)
        default: scale = Double(replicas)
        }
        var deployment = replica
        deployment.outputTokensPerSecond *= scale
        deployment.totalTokensPerSecond *= scale
        deployment.requestsPerSecond *= scale
        deployment.goodputRequestsPerSecond *= scale
        let meets = targets.map { $0.misses(replica).isEmpty }
        return Evaluation(shape: step.parallelism, replicas: replicas, step: step, replica: replica, deployment: deployment,
                          meetsTargets: meets)
    }
}

import Catalog

/// The trade-off a GPU type offers for a workload: output tokens per second per GPU against tokens
/// per second each user sees, as concurrency per replica grows (the curve NVIDIA's AIConfigurator
/// and SemiAnalysis's InferenceMAX draw). Only points no other point beats on both axes are kept.
/// Owns the sweep and the Pareto filter; simulation is `ServingSimulator`'s.
package enum ServingFrontier {
    /// Requests simulated per point, at least: a curve needs many points, each less precise than a plan.
    package static let requestsPerPoint = 400

    /// One operating point: a replica shape at a concurrency.
    package struct Point: Sendable, Hashable {
        package var gpu: String
        package var shape: Parallelism
        /// Users per replica in a closed loop without think time.
        package var concurrency: Int
        package var outputTokensPerSecondPerGPU: Double
        /// 1 ÷ median time per output token.
        package var tokensPerSecondPerUser: Double
        package var ttftP99Seconds: Double
    }

    /// The frontier on `gpu`: each fitting shape at concurrency 1, 2, 4 … up to what its cache or the
    /// running-request limit holds, Pareto-filtered.
    package static func points(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, workload: Workload, gpu: GPUSpec,
                              system: SystemSpec?, pin: LayoutPin, assumptions: EngineAssumptions) throws(SizingError) -> [Point] {
        let perNode = system?.gpusPerNode ?? gpu.gpusPerNode
        let shapes = try ServingPlanner.shapes(model: model, precision: precision, kvPrecision: kvPrecision, workload: workload, gpu: gpu,
                                           gpusPerNode: perNode, links: ServingPlanner.links(gpu: gpu, system: system, assumptions: assumptions),
                                           pin: pin, assumptions: assumptions).fitting
        var all: [Point] = []
        for step in shapes {
            let most = max(1, min(assumptions.maxRunningRequests, Int(Double(step.kvCapacityTokens) / workload.meanTokensPerRequest)))
            var concurrency = 1
            while concurrency <= most {
                var sweep = workload.with(arrivals: .users(concurrency, thinkSeconds: 0))
                sweep.requests = max(min(workload.requests, requestsPerPoint), 4 * concurrency)
                let result = ServingSimulator.run(sweep, step: step)
                if result.tpotSeconds.p50 > 0 {
                    all.append(Point(gpu: gpu.id, shape: step.parallelism, concurrency: concurrency,
                                     outputTokensPerSecondPerGPU: result.outputTokensPerSecond / Double(step.parallelism.gpus),
                                     tokensPerSecondPerUser: 1 / result.tpotSeconds.p50, ttftP99Seconds: result.ttftSeconds.p99))
                }
                concurrency *= 2
            }
        }
        // Fastest per user first; keep each point that beats every faster one on throughput per GPU.
        let ordered = all.sorted { ($0.tokensPerSecondPerUser, $0.outputTokensPerSecondPerGPU) > ($1.tokensPerSecondPerUser, $1.outputTokensPerSecondPerGPU) }
        var best = -1.0
        return ordered.filter { point in
            guard point.outputTokensPerSecondPerGPU > best else { return false }
            best = point.outputTokensPerSecondPerGPU
            return true
        }
    }
}

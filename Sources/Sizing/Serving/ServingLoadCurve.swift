import Catalog

/// How a chosen deployment behaves as its load grows: throughput and p99 latencies at fractions and
/// multiples of the planned load, and the first load at which throughput stops following it
/// (saturation). Owns the sweep and the saturation rule; the simulation is `ServingSimulator`'s.
package enum ServingLoadCurve {
    /// Multiples of the planned load the curve visits.
    package static let loadFactors = [0.25, 0.5, 1, 1.5, 2, 3, 4]
    /// A step up in load counts as saturated when output throughput grows by less than this share of
    /// the load's growth (0.25: a 50% larger load that yields under 12.5% more tokens).
    package static let saturationShare = 0.25

    /// Requests simulated per user of a replica at each point, at least: a closed loop's window is
    /// steady only once every user has sent several.
    package static let requestsPerUser = 5

    /// One point of the curve; reports write it in JSON under these names.
    package struct Point: Sendable, Hashable, Encodable {
        /// Users, or requests per second, for the whole deployment.
        package var load: Double
        package var outputTokensPerSecond: Double
        package var ttftP99Seconds: Double
        package var tpotP99Seconds: Double
    }

    /// The curve of `option` (a fitting option from a plan with a workload) under `workload`'s
    /// arrivals scaled by each of `loadFactors`, and the index of the first saturated point.
    package static func sweep(option: DeploymentOption, model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec,
                             workload: Workload, assumptions: EngineAssumptions) throws(SizingError) -> (points: [Point], saturatedAt: Int?) {
        let step = try StepModel(model: model, precision: precision, kvPrecision: kvPrecision, gpu: option.gpu,
                             parallelism: option.parallelism,
                             links: ServingPlanner.links(gpu: option.gpu, system: option.system, assumptions: assumptions),
                             assumptions: assumptions)
        var points: [Point] = []
        for factor in loadFactors {
            let arrivals: Arrivals
            let load: Double
            switch workload.arrivals {
            case .users(let users, let think):
                let scaled = max(1, Int((Double(users) * factor).rounded()))
                arrivals = .users(scaled, thinkSeconds: think)
                load = Double(scaled)
            case .rate(let rate):
                arrivals = .rate(rate * factor)
                load = rate * factor
            }
            if let last = points.last, last.load == load { continue }
            var scaled = workload.with(arrivals: arrivals)
            // A closed loop needs several requests per user before its window is steady.
            if case .users(let users, _) = arrivals.perReplica(option.replicas) {
                scaled.requests = max(workload.requests, requestsPerUser * users)
            }
            let result = ServingPlanner.evaluate(workload: scaled, targets: nil, step: step, replicas: option.replicas).deployment
            points.append(Point(load: load, outputTokensPerSecond: result.outputTokensPerSecond,
                                ttftP99Seconds: result.ttftSeconds.p99, tpotP99Seconds: result.tpotSeconds.p99))
        }
        let saturated = points.indices.dropFirst().first { index in
            let before = points[index - 1], now = points[index]
            let loadGrowth = now.load / before.load - 1
            let outputGrowth = before.outputTokensPerSecond > 0 ? now.outputTokensPerSecond / before.outputTokensPerSecond - 1 : 0
            return outputGrowth < saturationShare * loadGrowth
        }
        return (points, saturated)
    }
}

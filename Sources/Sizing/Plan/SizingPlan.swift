import Catalog

/// The engine's answer for one request: the model's memory as a whole and one deployment option
/// per candidate GPU.
package struct SizingPlan: Sendable {
    package var request: SizingRequest
    package var weights: WeightsEstimate
    package var kvCache: KVCacheEstimate
    /// The whole model on one imaginary GPU large enough: weights, all users' KV cache, the
    /// activation workspace without tensor parallelism and one GPU's runtime overhead.
    package var memory: MemoryBreakdown
    package var options: [DeploymentOption]
    /// Caveats about the request as a whole.
    package var warnings: [String]
    /// Facts about the request worth showing that are not problems (how sparse attention reads the cache).
    package var notes: [String] = []
    /// The assumptions the numbers rest on.
    package var assumptions: EngineAssumptions
    /// The price list's date once the cost engine has priced the options.
    package var pricesAsOf: String?
    /// With a workload and targets: per GPU type, throughput per GPU against tokens/s per user.
    package var frontier: [ServingFrontier.Point] = []

    package init(request: SizingRequest, weights: WeightsEstimate, kvCache: KVCacheEstimate, memory: MemoryBreakdown,
                options: [DeploymentOption], warnings: [String], assumptions: EngineAssumptions, pricesAsOf: String? = nil) {
        self.request = request
        self.weights = weights
        self.kvCache = kvCache
        self.memory = memory
        self.options = options
        self.warnings = warnings
        self.assumptions = assumptions
        self.pricesAsOf = pricesAsOf
    }

    /// The option for a GPU id, if it was a candidate.
    package func option(gpu id: String) -> DeploymentOption? { options.first { $0.gpu.id == id } }
}

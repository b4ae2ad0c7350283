import Catalog

/// One way to run the model: a GPU type, how many, split how, whether it fits, and how fast it runs.
///
/// `cost` is empty until the cost engine (Sizing/Cost) prices the option; everything else is
/// filled by `SizingEngine`.
package struct DeploymentOption: Sendable {
    package var gpu: GPUSpec
    /// The catalog system whose nodes the option assumes, when one carries this GPU.
    package var system: SystemSpec?
    package var parallelism: Parallelism
    /// Whether the busiest GPU stays within the planned share of its memory.
    package var fits: Bool
    /// Memory on the busiest GPU.
    package var memoryPerGPU: MemoryBreakdown
    /// Usable memory of one GPU, in bytes.
    package var capacityPerGPUBytes: Int
    /// The most a plan may fill on one GPU (capacity × `maxMemoryUtilization`), in bytes.
    package var memoryLimitPerGPUBytes: Int
    /// Capacity left on the busiest GPU (capacity − memory per GPU), in bytes; negative when it does not fit.
    package var headroomBytes: Int
    package var performance: PerformanceEstimate
    /// Caveats such as a precision the GPU only emulates.
    package var warnings: [String]
    /// Filled by `SizingPlan.answering(for:)` when a serving engine was named (`size --engine`).
    package var engineAnswer: EngineAnswer?
    /// Filled by `SizingPlan.offloading(…)`: this GPU type alone with part of the model in system memory.
    package var offload: PartialOffload?
    /// Facts worth showing beside the numbers that are not problems: a split over PCIe, no fit.
    package var notes: [String] = []
    /// The error measured on comparable published figures for each speed figure this option prints
    /// (empty when the catalog carries no calibration, or the option does not fit).
    package var speedErrorBands: [SpeedErrorBand] = []

    /// "h100-sxm throughput error: ±21% median, …", a line per measured speed figure and one for those
    /// with nothing comparable (`SpeedErrorBand.lines`): the one wording `size`, the blocks and the
    /// reports print beside this option's speed.
    package var speedErrorLines: [String] { SpeedErrorBand.lines(speedErrorBands).map { "\(gpu.id) \($0)" } }
    /// The calibrated constants the speed figures used (`calibration.yaml`'s fit for this GPU's
    /// architecture), or nil when they used `EngineAssumptions`' defaults.
    package var calibration: Calibration.Fit?
    /// Filled by the cost engine (Sizing/Cost) for one pricing tier.
    package var cost: DeploymentCost?
    /// Copies of the `parallelism` shape that share the load.
    package var replicas = 1
    /// The whole deployment under the request's workload, when it has one (throughputs for all
    /// replicas, latencies of the busiest).
    package var serving: ServingResult?
    /// Whether the deployment meets the request's latency targets; nil without targets.
    package var meetsTargets: Bool?

    package init(gpu: GPUSpec, system: SystemSpec?, parallelism: Parallelism, fits: Bool, memoryPerGPU: MemoryBreakdown,
                capacityPerGPUBytes: Int, memoryLimitPerGPUBytes: Int, performance: PerformanceEstimate, warnings: [String],
                cost: DeploymentCost? = nil) {
        self.gpu = gpu
        self.system = system
        self.parallelism = parallelism
        self.fits = fits
        self.memoryPerGPU = memoryPerGPU
        self.capacityPerGPUBytes = capacityPerGPUBytes
        self.memoryLimitPerGPUBytes = memoryLimitPerGPUBytes
        headroomBytes = capacityPerGPUBytes - memoryPerGPU.totalBytes
        self.performance = performance
        self.warnings = warnings
        self.cost = cost
    }

    /// Every GPU of the deployment: replicas × TP × PP.
    package var gpuCount: Int { parallelism.gpus * replicas }
    /// Nodes of the deployment: replicas smaller than a node share nodes; larger ones span their own.
    package var nodes: Int {
        parallelism.gpus <= parallelism.gpusPerNode
            ? (gpuCount + parallelism.gpusPerNode - 1) / parallelism.gpusPerNode
            : parallelism.nodes * replicas
    }

    /// Output tokens per second of the whole deployment: simulated under the workload when there is
    /// one, else the roofline's decode of every user together (all replicas). What cost per token is
    /// computed from.
    package var outputTokensPerSecond: Double { serving?.outputTokensPerSecond ?? performance.aggregateTokensPerSecond }

    /// Tokens per second one user sees while decoding: 1 ÷ median time per output token under a
    /// workload, else the roofline's.
    package var tokensPerSecondPerUser: Double {
        if let tpot = serving?.tpotSeconds.p50, tpot > 0 { return 1 / tpot }
        return performance.decodeTokensPerSecondPerUser
    }

    /// Time to first token: the median under a workload, else one prompt on an idle deployment.
    package var ttftSeconds: Double { serving?.ttftSeconds.p50 ?? performance.timeToFirstTokenSeconds }
}

import Catalog

/// One way to run the model: a GPU type, how many, split how, whether it fits, and how fast it runs.
///
/// `cost` is empty until the cost engine (Sizing/Cost) prices the option; everything else is
/// filled by `SizingEngine`.
public struct DeploymentOption: Sendable {
    public var gpu: GPUSpec
    /// The catalog system whose nodes the option assumes, when one carries this GPU.
    public var system: SystemSpec?
    public var parallelism: Parallelism
    /// Whether the busiest GPU stays within the planned share of its memory.
    public var fits: Bool
    /// Memory on the busiest GPU.
    public var memoryPerGPU: MemoryBreakdown
    /// Usable memory of one GPU, in bytes.
    public var capacityPerGPUBytes: Int
    /// The most a plan may fill on one GPU (capacity × `maxMemoryUtilization`), in bytes.
    public var memoryLimitPerGPUBytes: Int
    /// Capacity left on the busiest GPU (capacity − memory per GPU), in bytes; negative when it does not fit.
    public var headroomBytes: Int
    public var performance: PerformanceEstimate
    /// Caveats such as a precision the GPU only emulates.
    public var warnings: [String]
    /// Filled by `SizingPlan.answering(for:)` when a serving engine was named (`size --engine`).
    public var engineAnswer: EngineAnswer?
    /// Filled by `SizingPlan.offloading(…)`: this GPU type alone with part of the model in system memory.
    public var offload: PartialOffload?
    /// Facts worth showing beside the numbers that are not problems: a split over PCIe, no fit.
    public var notes: [String] = []
    /// Filled by the cost engine (Sizing/Cost) for one pricing tier.
    public var cost: DeploymentCost?

    public init(gpu: GPUSpec, system: SystemSpec?, parallelism: Parallelism, fits: Bool, memoryPerGPU: MemoryBreakdown,
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

    public var gpuCount: Int { parallelism.gpus }
    public var nodes: Int { parallelism.nodes }
}

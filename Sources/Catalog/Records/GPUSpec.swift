/// An accelerator as its vendor's datasheet describes it.
///
/// Throughput is always the dense figure: datasheets headline 2:4 structured-sparsity numbers that
/// are twice the dense ones and that no LLM inference engine reaches on ordinary weights.
public struct GPUSpec: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var vendor: String
    /// Architecture family (`ampere`, `hopper`, `ada`, `blackwell`, `cdna3`, `davinci`): what
    /// `PrecisionSpec.nativeArchitectures` lists.
    public var architecture: String
    /// Memory as the datasheet states it, in bytes.
    public var memoryBytes: Int
    /// Memory the driver reports as available, in bytes, where it differs from `memoryBytes`.
    public var usableMemoryBytes: Int?
    public var memoryType: String
    /// Peak memory bandwidth in bytes per second.
    public var memoryBandwidthBytesPerSecond: Double
    /// Dense peak throughput in FLOP/s (or OP/s for integers) by data type: `fp32`, `tf32`, `bf16`,
    /// `fp16`, `fp8`, `int8`, `int4`, `fp4`.
    public var denseFLOPS: [String: Double]
    /// The GPU-to-GPU link (`NVLink 4`, `Infinity Fabric`, `PCIe Gen5 x16`).
    public var interconnect: String
    /// GPU-to-GPU bandwidth per GPU, both directions added, in bytes per second (as vendors quote it).
    public var interconnectBytesPerSecond: Double
    /// Board power in watts.
    public var powerWatts: Double
    public var formFactor: String
    /// GPUs in one server of the usual kind for this part (8 for SXM/OAM baseboards).
    public var gpusPerNode: Int
    public var source: String
    public var notes: String?

    public init(id: String, name: String, vendor: String, architecture: String, memoryBytes: Int, usableMemoryBytes: Int?,
                memoryType: String, memoryBandwidthBytesPerSecond: Double, denseFLOPS: [String: Double], interconnect: String,
                interconnectBytesPerSecond: Double, powerWatts: Double, formFactor: String, gpusPerNode: Int,
                source: String, notes: String? = nil) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.architecture = architecture
        self.memoryBytes = memoryBytes
        self.usableMemoryBytes = usableMemoryBytes
        self.memoryType = memoryType
        self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
        self.denseFLOPS = denseFLOPS
        self.interconnect = interconnect
        self.interconnectBytesPerSecond = interconnectBytesPerSecond
        self.powerWatts = powerWatts
        self.formFactor = formFactor
        self.gpusPerNode = gpusPerNode
        self.source = source
        self.notes = notes
    }

    /// The memory a deployment can plan with: what the driver reports where known, else the datasheet figure.
    public var capacityBytes: Int { usableMemoryBytes ?? memoryBytes }

    /// Dense peak for a data type, in FLOP/s; nil when the GPU has no tensor-core path for it.
    public func denseFLOPS(for dataType: String) -> Double? { denseFLOPS[dataType] }
}

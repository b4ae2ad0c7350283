/// An accelerator as its vendor's datasheet describes it.
///
/// Throughput is always the dense figure: datasheets headline 2:4 structured-sparsity numbers that
/// are twice the dense ones and that no LLM inference engine reaches on ordinary weights.
package struct GPUSpec: Sendable, Hashable, Identifiable {
    package var id: String
    package var name: String
    package var vendor: String
    /// Architecture family (`ampere`, `hopper`, `ada`, `blackwell`, `cdna3`, `davinci`): what
    /// `PrecisionSpec.nativeArchitectures` lists.
    package var architecture: String
    /// Memory as the datasheet states it, in bytes.
    package var memoryBytes: Int
    /// Memory the driver reports as available, in bytes, where it differs from `memoryBytes`.
    package var usableMemoryBytes: Int?
    package var memoryType: String
    /// Peak memory bandwidth in bytes per second.
    package var memoryBandwidthBytesPerSecond: Double
    /// Dense peak throughput in FLOP/s (or OP/s for integers) by data type: `fp32`, `tf32`, `bf16`,
    /// `fp16`, `fp8`, `int8`, `int4`, `fp4`.
    package var denseFLOPS: [String: Double]
    /// The GPU-to-GPU link (`NVLink 4`, `Infinity Fabric`, `PCIe Gen5 x16`).
    package var interconnect: String
    /// GPU-to-GPU bandwidth per GPU, both directions added, in bytes per second (as vendors quote it).
    package var interconnectBytesPerSecond: Double
    /// Board power in watts.
    package var powerWatts: Double
    package var formFactor: String
    /// GPUs in one server of the usual kind for this part (8 for SXM/OAM baseboards).
    package var gpusPerNode: Int
    package var source: String
    package var notes: String?

    package init(id: String, name: String, vendor: String, architecture: String, memoryBytes: Int, usableMemoryBytes: Int?,
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
    package var capacityBytes: Int { usableMemoryBytes ?? memoryBytes }

    /// Dense peak for a data type, in FLOP/s; nil when the GPU has no tensor-core path for it.
    package func denseFLOPS(for dataType: String) -> Double? { denseFLOPS[dataType] }
}

/// A multi-GPU server platform (DGX, HGX, an MI300X OAM platform): how many GPUs share a node,
/// how they talk inside it, how nodes talk to each other, and what the node draws.
package struct SystemSpec: Sendable, Hashable, Identifiable {
    package var id: String
    package var name: String
    /// The GPU id (in `gpus.yaml`) this system carries.
    package var gpu: String
    package var gpusPerNode: Int
    /// Link between GPUs inside the node (`NVLink 4 via 4 NVSwitch chips`).
    package var intraNodeLink: String
    /// Per-GPU bandwidth inside the node, both directions added, in bytes per second.
    package var intraNodeBytesPerSecond: Double
    /// Network between nodes (`8× ConnectX-7, 400 Gb/s InfiniBand NDR each`).
    package var interNodeNetwork: String
    /// The node's total scale-out bandwidth, one direction, in bytes per second.
    package var interNodeBytesPerSecond: Double
    /// Maximum system power in watts.
    package var nodePowerWatts: Double
    package var source: String
    package var notes: String?

    package init(id: String, name: String, gpu: String, gpusPerNode: Int, intraNodeLink: String, intraNodeBytesPerSecond: Double,
                interNodeNetwork: String, interNodeBytesPerSecond: Double, nodePowerWatts: Double, source: String, notes: String? = nil) {
        self.id = id
        self.name = name
        self.gpu = gpu
        self.gpusPerNode = gpusPerNode
        self.intraNodeLink = intraNodeLink
        self.intraNodeBytesPerSecond = intraNodeBytesPerSecond
        self.interNodeNetwork = interNodeNetwork
        self.interNodeBytesPerSecond = interNodeBytesPerSecond
        self.nodePowerWatts = nodePowerWatts
        self.source = source
        self.notes = notes
    }
}

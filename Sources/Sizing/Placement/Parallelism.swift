/// How a deployment splits a model across GPUs.
///
/// Tensor parallelism (TP) splits every layer across GPUs inside a node; pipeline parallelism (PP)
/// gives each node a contiguous range of layers; expert parallelism (EP) places whole experts of a
/// mixture-of-experts layer on different GPUs of the tensor-parallel group instead of slicing each.
package struct Parallelism: Sendable, Hashable, CustomStringConvertible {
    package var tensor: Int
    package var pipeline: Int
    package var expert: Int
    /// GPUs per node in this deployment's nodes.
    package var gpusPerNode: Int

    package init(tensor: Int, pipeline: Int, expert: Int, gpusPerNode: Int) {
        self.tensor = tensor
        self.pipeline = pipeline
        self.expert = expert
        self.gpusPerNode = gpusPerNode
    }

    /// Every GPU of one model replica.
    package var gpus: Int { tensor * pipeline }
    /// Nodes the replica spans (pipeline stages sit one per node once a node is full).
    package var nodes: Int { (gpus + gpusPerNode - 1) / gpusPerNode }

    /// "TP 8 × PP 2, EP 8".
    package var description: String {
        var text = "TP \(tensor)"
        if pipeline > 1 { text += " × PP \(pipeline)" }
        if expert > 1 { text += ", EP \(expert)" }
        return text
    }
}

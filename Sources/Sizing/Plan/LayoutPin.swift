import Catalog

/// Parts of a deployment the caller fixed (`--gpus --tp --pp --ep --replicas`, or the same keys of a
/// block): the search keeps to them, and when all are fixed it evaluates exactly that layout.
/// Owns the checks that a pinned split divides the model; never searches.
package struct LayoutPin: Sendable, Hashable {
    /// Every GPU of the deployment, all replicas together.
    package var gpus: Int?
    package var tensor: Int?
    package var pipeline: Int?
    package var expert: Int?
    package var replicas: Int?

    package init(gpus: Int? = nil, tensor: Int? = nil, pipeline: Int? = nil, expert: Int? = nil, replicas: Int? = nil) {
        self.gpus = gpus
        self.tensor = tensor
        self.pipeline = pipeline
        self.expert = expert
        self.replicas = replicas
    }

    package var isEmpty: Bool { self == LayoutPin() }

    /// Refuses a pin that cannot split `model`: TP that does not divide the attention heads or the KV
    /// heads (nor a multiple of them, which engines serve by replicating KV heads), more pipeline
    /// stages than layers, EP over more GPUs than experts or on a dense model, GPUs that are not
    /// replicas × TP × PP.
    package func validate(model: ModelSpec) throws(SizingError) {
        let pins: [(SizingError.Field, Int?)] = [(.gpuCount, gpus), (.tensorParallel, tensor), (.pipelineParallel, pipeline),
                                                 (.expertParallel, expert), (.replicas, replicas)]
        for (field, value) in pins {
            if let value, value < 1 { throw SizingError(field, "\(field.rawValue) must be at least 1, found \(value)") }
        }
        if let tp = tensor {
            guard model.attentionHeads % tp == 0 else {
                throw SizingError(.tensorParallel, "TP \(tp) does not divide \(model.name)'s \(model.attentionHeads) attention heads")
            }
            if model.latentAttention == nil, model.kvHeads % tp != 0, tp % model.kvHeads != 0 {
                throw SizingError(.tensorParallel, "TP \(tp) does not divide \(model.name)'s \(model.kvHeads) KV heads (nor is a multiple of them)")
            }
        }
        if let pp = pipeline, pp > model.layers {
            throw SizingError(.pipelineParallel, "PP \(pp) asks for more pipeline stages than \(model.name)'s \(model.layers) layers")
        }
        if let ep = expert, ep > 1 {
            guard let experts = model.experts else {
                throw SizingError(.expertParallel, "EP \(ep) needs a mixture-of-experts model; \(model.name) is dense")
            }
            guard ep <= experts.total else {
                throw SizingError(.expertParallel, "EP \(ep) spreads experts over more GPUs than \(model.name)'s \(experts.total) experts")
            }
            guard experts.total % ep == 0 else {
                throw SizingError(.expertParallel, "EP \(ep) does not divide \(model.name)'s \(experts.total) experts")
            }
            if let tp = tensor, tp != ep {
                throw SizingError(.expertParallel, "EP places experts over the tensor-parallel group, so EP must be 1 or equal TP (\(tp)), found \(ep)")
            }
        }
        if let gpus, let replicas, gpus % replicas != 0 {
            throw SizingError(.replicas, "\(gpus) GPUs do not split into \(replicas) equal replicas")
        }
        if let gpus {
            let perReplica = gpus / (replicas ?? 1)
            let known = (tensor ?? 1) * (pipeline ?? 1)
            if let tensor, let pipeline, let replicas, known * replicas != gpus {
                throw SizingError(.gpuCount, "\(gpus) GPUs are not replicas × TP × PP = \(replicas) × \(tensor) × \(pipeline)")
            }
            if perReplica % known != 0 {
                throw SizingError(.gpuCount, "\(gpus) GPUs are not a multiple of TP × PP = \(known)")
            }
        }
    }

    /// Whether a replica shape and count agree with every pinned part.
    func admits(_ shape: Parallelism, replicas count: Int) -> Bool {
        if let tensor, shape.tensor != tensor { return false }
        if let pipeline, shape.pipeline != pipeline { return false }
        if let expert, shape.expert != expert { return false }
        if let replicas, count != replicas { return false }
        if let gpus, shape.gpus * count != gpus { return false }
        return true
    }

    /// Whether a replica shape agrees with the pinned parts that do not depend on the replica count.
    func admits(_ shape: Parallelism) -> Bool {
        if let tensor, shape.tensor != tensor { return false }
        if let pipeline, shape.pipeline != pipeline { return false }
        if let expert, shape.expert != expert { return false }
        if let gpus, gpus % shape.gpus != 0 { return false }
        if let gpus, let replicas, shape.gpus * replicas != gpus { return false }
        return true
    }

    /// Replica counts a pin leaves open for `shape`: exactly one when replicas or GPUs are pinned.
    func replicas(for shape: Parallelism) -> Int? {
        if let replicas { return replicas }
        if let gpus { return gpus / shape.gpus }
        return nil
    }
}

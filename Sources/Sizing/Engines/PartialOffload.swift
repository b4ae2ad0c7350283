import Catalog

/// A llama.cpp-style deployment that keeps part of the model in system memory: some decoder layers
/// (`-ngl` fewer than all), or every layer's routed experts (`--cpu-moe`). It answers "can this
/// workstation run it, and how fast?": the memory on each side and a decode speed from the GPU's
/// bandwidth and the CPU rate measured on this machine.
///
/// Pure: the CPU's rate comes in as `HostMeasurement`, chosen by `HostMeasurement.measured` from the
/// benchmark runs the front end reads (`Content/data/benchmark.json`); nothing here measures or reads a file.
package struct PartialOffload: Sendable {
    /// How the CPU side's speed was measured.
    package struct HostMeasurement: Sendable {
        /// The machine, as the benchmark names it.
        package var cpu: String
        /// Bytes per second the CPU streams through its quantized matrix-vector kernel (or its plain
        /// memory read when the benchmark has no kernel for the format).
        package var weightBytesPerSecond: Double
        /// Which measurement that is, for the text ("q4_0 GEMV, 2 threads").
        package var measuredAs: String

        package init(cpu: String, weightBytesPerSecond: Double, measuredAs: String) {
            self.cpu = cpu
            self.weightBytesPerSecond = weightBytesPerSecond
            self.measuredAs = measuredAs
        }

        /// The benchmark kernel format whose speed stands for weights at `precision`: the kernels
        /// infrabook measures are f32, f16, bf16, q8_0 and q4_0; k-quants and 4-bit formats stream like q4_0.
        package static func kernelFormat(for precision: PrecisionSpec) -> String? {
            switch precision.id {
            case "fp32": return "f32"
            case "fp16": return "f16"
            case "bf16": return "bf16"
            case "q8_0", "int8", "fp8": return "q8_0"
            case "q4_0", "q4_k_m", "q3_k_m", "q5_k_m", "q6_k", "int4", "gptq-int4", "awq-int4", "mxfp4": return "q4_0"
            default: return nil
            }
        }
    }

    /// What stays in system memory.
    package enum Split: Sendable, Equatable {
        /// The first layers run on the CPU; `gpuLayers` (llama.cpp `-ngl`, counting the output head as one) on the GPU.
        case layers(gpuLayers: Int)
        /// Every MoE layer's routed experts on the CPU, everything else on the GPU.
        case experts
    }

    package var split: Split
    package var gpuWeightsBytes: Int
    package var hostWeightsBytes: Int
    package var gpuKVCacheBytes: Int
    package var hostKVCacheBytes: Int
    /// llama.cpp's compute buffer on the GPU (one 512-token micro-batch and its logits).
    package var gpuBufferBytes: Int
    package var gpuCapacityBytes: Int
    package var fitsOnGPU: Bool
    /// Bytes read per decoded token on each side (weights a token passes through, and its KV cache).
    package var gpuBytesPerToken: Double
    package var hostBytesPerToken: Double
    package var decodeTokensPerSecond: Double
    package var host: HostMeasurement
    /// The llama-server command for this split, when the plan was answered for llama.cpp.
    package var launchCommand: String?

    package var gpuTotalBytes: Int { gpuWeightsBytes + gpuKVCacheBytes + gpuBufferBytes }
    package var hostTotalBytes: Int { hostWeightsBytes + hostKVCacheBytes }

    /// The offload of `model` onto one `gpu` and this host. With `.layers` and no count given, the
    /// most layers that fit in the GPU's memory.
    package static func plan(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, gpu: GPUSpec, contextTokens: Int,
                            users: Int, host: HostMeasurement, split requested: Split?,
                            assumptions: EngineAssumptions = .standard) throws(SizingError) -> PartialOffload {
        let weights = try WeightsEstimate(model: model, precision: precision)
        let kv = try KVCacheEstimate(model: model, kvPrecision: kvPrecision, contextTokens: contextTokens, users: users)
        let bytesPerParameter = weights.bitsPerWeight / 8
        let rules = ServingEngineRules.llamaCpp
        var profile = assumptions
        profile.prefillChunkTokens = rules.profileTokens
        let buffer = try ActivationModel.bytesPerGPU(model: model, tensorParallel: 1, users: 1, contextTokens: rules.profileTokens,
                                                     assumptions: profile)
            + rules.profileTokens * model.vocabSize * assumptions.logitBytes + rules.runtimeBytes
        let headBytes = Double(model.tiedEmbeddings ? 0 : model.embeddingParameters) * bytesPerParameter
        let tableBytes = Double(model.embeddingParameters) * bytesPerParameter
        let layerBytes = (Double(weights.bytes) - tableBytes - headBytes) / Double(model.layers)
        // A token passes through the active share of each layer (all of it for a dense model).
        let activeShare = Double(model.activeParameters - model.embeddingParameters) / Double(model.totalParameters - model.embeddingParameters)
        let kvPerLayer = Double(kv.totalBytes) / Double(model.layers)
        let capacity = gpu.capacityBytes

        func make(_ split: Split) -> PartialOffload {
            var gpuWeights: Double, hostWeights: Double, gpuKV: Double, gpuRead: Double, hostRead: Double
            switch split {
            case .layers(let gpuLayers):
                let onGPU = Double(min(gpuLayers, model.layers))
                let head = gpuLayers > model.layers ? headBytes : 0
                gpuWeights = layerBytes * onGPU + head
                hostWeights = Double(weights.bytes) - gpuWeights
                gpuKV = kvPerLayer * onGPU
                gpuRead = layerBytes * onGPU * activeShare + head
                hostRead = layerBytes * (Double(model.layers) - onGPU) * activeShare + (headBytes - head)
            case .experts:
                let experts = model.experts!
                let routed = Double(experts.total) * Double(experts.moeLayers) * 3 * Double(model.hiddenSize) * Double(experts.expertFFNSize) * bytesPerParameter
                let routedRead = routed * Double(experts.active) / Double(experts.total)
                hostWeights = routed + tableBytes
                gpuWeights = Double(weights.bytes) - hostWeights
                gpuKV = Double(kv.totalBytes)
                hostRead = routedRead
                gpuRead = (Double(weights.bytes) - tableBytes) * activeShare - routedRead
            }
            let hostKV = Double(kv.totalBytes) - gpuKV
            // Decode reads each side's weights once per step and each user's cache; the sides run one after the other.
            let gpuBytes = gpuRead + gpuKV
            let hostBytes = hostRead + hostKV
            let stepSeconds = gpuBytes / (gpu.memoryBandwidthBytesPerSecond * assumptions.memoryBandwidthEfficiency)
                + hostBytes / host.weightBytesPerSecond
            let total = Int(gpuWeights) + Int(gpuKV) + buffer
            return PartialOffload(split: split, gpuWeightsBytes: Int(gpuWeights), hostWeightsBytes: Int(hostWeights),
                                  gpuKVCacheBytes: Int(gpuKV), hostKVCacheBytes: Int(hostKV), gpuBufferBytes: buffer,
                                  gpuCapacityBytes: capacity, fitsOnGPU: total <= capacity, gpuBytesPerToken: gpuBytes,
                                  hostBytesPerToken: hostBytes, decodeTokensPerSecond: Double(users) / stepSeconds, host: host)
        }

        switch requested {
        case .experts:
            guard model.experts != nil else {
                throw SizingError(.model, "\(model.name) has no experts to keep on the CPU; offload layers instead")
            }
            return make(.experts)
        case .layers(let count):
            guard count >= 0, count <= model.layers + 1 else {
                throw SizingError(.model, "gpu layers must be between 0 and \(model.layers + 1) (the \(model.layers) layers and the output head), found \(count)")
            }
            return make(.layers(gpuLayers: count))
        case nil:
            // The most layers that fit, counting down from all of them and the output head.
            for count in stride(from: model.layers + 1, through: 0, by: -1) {
                let candidate = make(.layers(gpuLayers: count))
                if candidate.fitsOnGPU { return candidate }
            }
            return make(.layers(gpuLayers: 0))
        }
    }
}

/// Every constant the engine assumes rather than reads from the catalog, in one place, each with
/// the reason or source for its value.
///
/// The defaults describe a well-tuned serving engine (vLLM, SGLang, TensorRT-LLM) on datacenter
/// GPUs. Pages and projects may override them; results always say which values were used.
package struct EngineAssumptions: Sendable, Hashable {
    /// Share of peak memory bandwidth that decode achieves while streaming weights and KV cache.
    /// Databricks' "LLM Inference Performance Engineering: Best Practices" (2023) defines this as
    /// model bandwidth utilisation (MBU) and measures it well below 1 at small batch sizes. 0.75 is
    /// our assumption for a tuned engine; SizingTests compare the result with published decode speeds.
    package var memoryBandwidthEfficiency: Double
    /// Share of peak memory bandwidth at which a step streams the routed experts' weights of a mixture
    /// of experts; nil: `memoryBandwidthEfficiency`, as for every other byte. A step's tokens spread over
    /// many experts, each a small grouped product of a few rows, which streams its weights well below
    /// a dense product's rate; TensorRT-LLM's published MoE tables need it (their throughput grows with
    /// the batch the cache allows almost one for one, from H100 to H200). Fitted, never assumed.
    package var expertBandwidthEfficiency: Double?
    /// Share of dense tensor-core peak that large matrix products (prefill) achieve (model FLOPs
    /// utilisation). Large GEMMs reach 60-70% of dense peak on H100 in cuBLAS benchmarks; a whole
    /// forward pass, with attention, norms and communication, less. 0.5 is our assumption.
    package var computeEfficiency: Double
    /// Share of a link's one-direction bandwidth that a ring all-reduce achieves: nccl-tests report
    /// bus bandwidth of roughly three quarters of the NVLink figure for large messages; decode's
    /// messages are small, so we take 0.7.
    package var interconnectEfficiency: Double
    /// Fixed cost of one tensor-parallel all-reduce, in seconds: kernel launch and synchronisation.
    /// Small-message all-reduce inside an NVLink node takes single- to low double-digit microseconds
    /// (custom one-shot kernels in vLLM and TensorRT-LLM at the low end, NCCL rings at the high end). 8 µs;
    /// `infrabook calibrate` fits it where figures on one GPU and on several tell it from the step overhead.
    package var allReduceLatencySeconds: Double
    /// Fixed time each decoder layer adds to a forward pass regardless of its bytes and FLOPs, in
    /// seconds: a layer runs 10-20 kernels (norms, projections, attention, activation, residual adds,
    /// routing for MoE), and even replayed from a CUDA graph each costs a few microseconds of launch and
    /// tail. 20 µs per layer; it is what keeps small models on fast GPUs from reaching the pure roofline.
    package var layerOverheadSeconds: Double
    /// Fixed cost of handing activations from one pipeline stage to the next across nodes, in
    /// seconds (InfiniBand NDR latency of a few µs plus the send/receive kernels).
    package var pipelineHopLatencySeconds: Double
    /// Largest share of a GPU's memory a deployment may plan to use: vLLM's default
    /// `gpu_memory_utilization` of 0.90 (https://docs.vllm.ai/en/latest/configuration/engine_args.html).
    package var maxMemoryUtilization: Double
    /// Memory each GPU spends outside weights, KV cache and activations, in bytes: CUDA context,
    /// cuBLAS/NCCL workspaces and captured CUDA graphs, which vLLM's start-up log reports as
    /// "non-torch memory" and "CUDA graph" memory, together one to two GiB on current GPUs. 2 GiB.
    package var runtimeOverheadBytesPerGPU: Int
    /// Tokens processed in one forward pass when sizing the activation workspace: vLLM's default
    /// `max_num_batched_tokens` for chunked prefill on an online server (8,192).
    package var prefillChunkTokens: Int
    /// Bytes per activation element (BF16 activations, even when weights are quantized).
    package var activationBytes: Int
    /// Bytes per logit when sampling (FP32 logits, one row per sequence in the batch).
    package var logitBytes: Int
    /// Tensors of width `hidden_size` alive at the peak of one layer's forward pass (residual,
    /// normalised input, attention output, and the query projection). A modelling choice.
    package var liveHiddenTensors: Int
    /// Tensors of the feed-forward width alive at the peak (gate, up, and their product). A modelling choice.
    package var liveFFNTensors: Int
    /// Scale-out bandwidth of a node when the catalog has no system for its GPU, one direction, in
    /// bytes per second: one 400 Gb/s NIC per GPU for 8 GPUs, the rail-optimised layout of DGX/HGX nodes.
    package var interNodeBytesPerSecondPerNode: Double
    /// Largest number of nodes placement will consider before declaring that a GPU cannot fit the model.
    package var maxNodes: Int
    /// Fixed time every continuous-batching step adds beyond its forward pass, in seconds: sampling,
    /// the scheduler's bookkeeping and the host–device synchronisation that overlap scheduling does not
    /// hide (SGLang v0.4's zero-overhead scheduler and TensorRT-LLM's overlap scheduler run the CPU
    /// work of step n beside the GPU work of step n+1). 0.5 ms is a modelling choice, not a measurement.
    package var stepOverheadSeconds: Double
    /// Most requests one replica runs in a step: vLLM's `max_num_seqs` default of 256
    /// (https://docs.vllm.ai/en/latest/configuration/engine_args.html).
    package var maxRunningRequests: Int
    /// Whether attention runs fused (FlashAttention and its kind: scores stay on chip). Serving engines
    /// always do; llama.cpp only with `-fa` before September 2025 (pull request 5021 added it, off by
    /// default, on 2024-04-30; 15746 made it `auto`), and without it every score goes through memory in
    /// f32 (`Roofline.unfusedScoreBytes`) and each prompt chunk scores its whole context, masked.
    package var flashAttention = true
    /// Latency a served request pays once, outside the GPU's steps, in seconds: the HTTP server taking
    /// it, tokenizing the prompt, handing it to the scheduler, and streaming the first token back (what a
    /// client's time to first token counts beyond the prompt's steps). It is added to every request's
    /// time to first token and end-to-end latency; it occupies no step, so a closed loop's next request
    /// is sent as the last finishes. 0 by default: no source gives one figure for every engine and front
    /// end; `infrabook calibrate` fits it wherever the measurements include a served time to first token.
    package var requestOverheadSeconds = 0.0
    /// Whether decoding reads a chunked-attention layer's cache once per query head rather than once per
    /// KV head: TensorRT-LLM on Hopper (through release 1.0) decodes chunked layers with its MMHA
    /// kernel, one thread block per query head, wherever the engine's longest sequence passes the
    /// chunk (pull request 6306: XQA, which shares a KV head's reads among its query heads, has no
    /// chunked attention); the release notes (0.21.0, Known Issues) name the slowdown. Set by
    /// calibration for such records (`SpeedCase`); false elsewhere.
    package var chunkedDecodeReadsPerQueryHead = false

    package init(memoryBandwidthEfficiency: Double = 0.75, computeEfficiency: Double = 0.5, interconnectEfficiency: Double = 0.7,
                allReduceLatencySeconds: Double = 8e-6, layerOverheadSeconds: Double = 20e-6, pipelineHopLatencySeconds: Double = 10e-6, maxMemoryUtilization: Double = 0.9,
                runtimeOverheadBytesPerGPU: Int = 2 << 30, prefillChunkTokens: Int = 8192, activationBytes: Int = 2,
                logitBytes: Int = 4, liveHiddenTensors: Int = 4, liveFFNTensors: Int = 3, interNodeBytesPerSecondPerNode: Double = 400e9,
                maxNodes: Int = 16, stepOverheadSeconds: Double = 0.5e-3, maxRunningRequests: Int = 256) {
        self.memoryBandwidthEfficiency = memoryBandwidthEfficiency
        self.computeEfficiency = computeEfficiency
        self.interconnectEfficiency = interconnectEfficiency
        self.allReduceLatencySeconds = allReduceLatencySeconds
        self.layerOverheadSeconds = layerOverheadSeconds
        self.pipelineHopLatencySeconds = pipelineHopLatencySeconds
        self.maxMemoryUtilization = maxMemoryUtilization
        self.runtimeOverheadBytesPerGPU = runtimeOverheadBytesPerGPU
        self.prefillChunkTokens = prefillChunkTokens
        self.activationBytes = activationBytes
        self.logitBytes = logitBytes
        self.liveHiddenTensors = liveHiddenTensors
        self.liveFFNTensors = liveFFNTensors
        self.interNodeBytesPerSecondPerNode = interNodeBytesPerSecondPerNode
        self.maxNodes = maxNodes
        self.stepOverheadSeconds = stepOverheadSeconds
        self.maxRunningRequests = maxRunningRequests
    }

    /// The efficiency the routed experts' weights stream at: `expertBandwidthEfficiency` when fitted,
    /// else the memory efficiency of every other byte.
    package var expertEfficiency: Double { expertBandwidthEfficiency ?? memoryBandwidthEfficiency }

    /// The defaults above.
    package static let standard = EngineAssumptions()
}

/// Expected speed of a deployment from a roofline model: each kind of kernel of a decode step (the
/// products with the weights, then attention) takes the longer of streaming its bytes from memory and
/// doing its arithmetic, the kinds one after another, plus communication between GPUs.
package struct PerformanceEstimate: Sendable, Hashable {
    /// What limits a phase.
    package enum Bound: String, Sendable, Hashable {
        case memory, compute
    }

    /// Concurrent sequences decoded together in one step (the requested users).
    package var batch: Int
    /// Bytes one decode step reads on each GPU, summed over pipeline stages: weights plus KV cache.
    package var decodeBytesPerStep: Double
    /// FLOPs one decode step performs on each GPU, summed over pipeline stages.
    package var decodeFLOPsPerStep: Double
    /// The decode step's products with the weights and its attention (`Roofline.KernelTime`), and their
    /// memory and compute seconds together.
    package var decodeProducts: Roofline.KernelTime
    package var decodeAttention: Roofline.KernelTime
    package var decodeMemorySeconds: Double
    package var decodeComputeSeconds: Double
    /// Tensor-parallel all-reduces and pipeline hand-offs of one decode step.
    package var decodeCommunicationSeconds: Double
    /// Fixed cost of one forward pass (per-layer kernel launches and tails, and the engine's per-step
    /// work: `Roofline.passOverheadSeconds`), paid by decode and prefill alike.
    package var passOverheadSeconds: Double
    /// The products' max(memory, compute) + attention's + communication + pass overhead.
    package var decodeStepSeconds: Double
    package var decodeBound: Bound
    /// Tokens per second each user sees while all `batch` users decode together.
    package var decodeTokensPerSecondPerUser: Double
    /// Tokens per second the deployment produces for all users together.
    package var aggregateTokensPerSecond: Double
    /// Prompt length used for time to first token.
    package var promptTokens: Int
    package var prefillFLOPs: Double
    /// The prompt's products with the weights (weights read once) and its causal attention.
    package var prefillProducts: Roofline.KernelTime
    package var prefillAttention: Roofline.KernelTime
    package var prefillComputeSeconds: Double
    package var prefillMemorySeconds: Double
    package var prefillCommunicationSeconds: Double
    /// The latency a served request pays once outside the steps (`EngineAssumptions.requestOverheadSeconds`).
    package var requestOverheadSeconds: Double
    /// Time to first token for one prompt (the products' max(compute, memory) + attention's + communication + pass
    /// overhead + the request's own overhead) of `promptTokens` on an otherwise idle deployment.
    package var timeToFirstTokenSeconds: Double
    package var prefillBound: Bound
    /// The tensor-core data type the matrix products were timed in (`fp8`, `bf16`).
    package var computeType: String
    /// Dense peak per GPU for `computeType`, in FLOP/s.
    package var peakFLOPSPerGPU: Double

    package init(batch: Int, decodeBytesPerStep: Double, decodeFLOPsPerStep: Double, decodeProducts: Roofline.KernelTime,
                decodeAttention: Roofline.KernelTime, decodeCommunicationSeconds: Double, passOverheadSeconds: Double = 0, requestOverheadSeconds: Double = 0, promptTokens: Int,
                prefillFLOPs: Double, prefillProducts: Roofline.KernelTime, prefillAttention: Roofline.KernelTime,
                prefillCommunicationSeconds: Double, computeType: String, peakFLOPSPerGPU: Double) {
        self.batch = batch
        self.decodeBytesPerStep = decodeBytesPerStep
        self.decodeFLOPsPerStep = decodeFLOPsPerStep
        self.decodeProducts = decodeProducts
        self.decodeAttention = decodeAttention
        decodeMemorySeconds = decodeProducts.memorySeconds + decodeAttention.memorySeconds
        decodeComputeSeconds = decodeProducts.computeSeconds + decodeAttention.computeSeconds
        self.decodeCommunicationSeconds = decodeCommunicationSeconds
        self.passOverheadSeconds = passOverheadSeconds
        self.requestOverheadSeconds = requestOverheadSeconds
        decodeStepSeconds = decodeProducts.seconds + decodeAttention.seconds + decodeCommunicationSeconds + passOverheadSeconds
        decodeBound = decodeMemorySeconds >= decodeComputeSeconds ? .memory : .compute
        decodeTokensPerSecondPerUser = 1 / decodeStepSeconds
        aggregateTokensPerSecond = Double(batch) / decodeStepSeconds
        self.promptTokens = promptTokens
        self.prefillFLOPs = prefillFLOPs
        self.prefillProducts = prefillProducts
        self.prefillAttention = prefillAttention
        prefillComputeSeconds = prefillProducts.computeSeconds + prefillAttention.computeSeconds
        prefillMemorySeconds = prefillProducts.memorySeconds + prefillAttention.memorySeconds
        self.prefillCommunicationSeconds = prefillCommunicationSeconds
        timeToFirstTokenSeconds = prefillProducts.seconds + prefillAttention.seconds + prefillCommunicationSeconds + passOverheadSeconds
            + requestOverheadSeconds
        prefillBound = prefillMemorySeconds > prefillComputeSeconds ? .memory : .compute
        self.computeType = computeType
        self.peakFLOPSPerGPU = peakFLOPSPerGPU
    }
}

import Catalog

/// How each serving engine decides the memory it gives the KV cache, and the flags it is launched
/// with: the one table every front end reads (`size --engine`, the JSON `launch_command`, tests).
///
/// Owns each engine's defaults and flag spellings, each with the documentation it was checked
/// against. It never computes a deployment (that is `EngineAnswer`) and never invents a flag: a
/// setting an engine has no command-line flag for is left out of its command and said in a note.
package struct ServingEngineRules: Sendable {
    /// What the engine's memory fraction is a fraction of.
    package enum Budget: Sendable {
        /// vLLM: weights, the profiling pass's activations, non-torch memory and the KV cache together
        /// stay within fraction × the GPU's memory.
        case allWithinFraction
        /// SGLang: weights and the KV pool ("static" memory) stay within fraction × the GPU's memory;
        /// activations and CUDA graphs use the rest.
        case staticWithinFraction
        /// TensorRT-LLM: the KV cache takes fraction of the memory left free after weights and buffers.
        case fractionOfFree
        /// llama.cpp: no fraction; weights on the GPU, the context's cache and the compute buffer must fit.
        case wholeMemory
    }

    /// The engine's command-line flags for the settings infrabook decides, as documented.
    package struct Flags: Sendable {
        package var program: String
        package var model: String
        package var tensorParallel: String?
        package var pipelineParallel: String?
        package var maxContext: String
        package var memoryFraction: String?
        package var kvCacheType: String?
        package var maxSequences: String
        package var gpuLayers: String?
    }

    package var engine: Measurement.Engine
    package var budget: Budget
    /// The fraction the engine uses when not told otherwise.
    package var defaultMemoryFraction: Double
    /// Tokens per KV block: capacity is a whole number of blocks.
    package var blockTokens: Int
    /// Tokens of the forward pass the engine sizes its activation memory for.
    package var profileTokens: Int
    /// Memory outside weights, KV cache and activations on each GPU, in bytes (CUDA context, NCCL and
    /// library workspaces), as the engine accounts it.
    package var runtimeBytes: Int
    /// The most sequences the engine schedules at once when not told otherwise.
    package var defaultMaxSequences: Int
    package var flags: Flags
    /// The KV cache types the engine accepts, from the catalog's precision ids to the engine's words;
    /// a precision missing here is one the engine cannot store its cache in.
    package var kvCacheTypes: [String: String]
    /// Where the flags and defaults above were checked.
    package var documentation: String

    /// The rules of `engine`.
    package static func of(_ engine: Measurement.Engine) -> ServingEngineRules {
        switch engine {
        case .vllm: return vllm
        case .sglang: return sglang
        case .llamaCpp: return llamaCpp
        case .trtLLM: return trtLLM
        }
    }

    /// vLLM (V1 engine): `--gpu-memory-utilization` 0.9 and block size 16 are the documented defaults;
    /// the profiling pass runs `max_num_batched_tokens` tokens (8,192 for `vllm serve`). Non-torch
    /// memory is what its start-up log prints (0.35 GiB on an RTX 3090 in vLLM issue 10517, more with
    /// NCCL on multi-GPU nodes): 0.5 GiB is our allowance.
    package static let vllm = ServingEngineRules(
        engine: .vllm, budget: .allWithinFraction, defaultMemoryFraction: 0.9, blockTokens: 16, profileTokens: 8192,
        runtimeBytes: 512 << 20, defaultMaxSequences: 256,
        flags: Flags(program: "vllm serve", model: "", tensorParallel: "--tensor-parallel-size", pipelineParallel: "--pipeline-parallel-size",
                     maxContext: "--max-model-len", memoryFraction: "--gpu-memory-utilization", kvCacheType: "--kv-cache-dtype",
                     maxSequences: "--max-num-seqs", gpuLayers: nil),
        kvCacheTypes: ["bf16": "auto", "fp16": "auto", "fp8": "fp8"],
        documentation: "https://docs.vllm.ai/en/latest/configuration/engine_args.html")

    /// SGLang: `--mem-fraction-static` bounds weights plus the KV pool ("The default value is 0.9" in
    /// the server-arguments page); the pool is counted per token (page size 1).
    package static let sglang = ServingEngineRules(
        engine: .sglang, budget: .staticWithinFraction, defaultMemoryFraction: 0.9, blockTokens: 1, profileTokens: 8192,
        runtimeBytes: 0, defaultMaxSequences: 256,
        flags: Flags(program: "python3 -m sglang.launch_server", model: "--model-path", tensorParallel: "--tp", pipelineParallel: nil,
                     maxContext: "--context-length", memoryFraction: "--mem-fraction-static", kvCacheType: "--kv-cache-dtype",
                     maxSequences: "--max-running-requests", gpuLayers: nil),
        kvCacheTypes: ["bf16": "auto", "fp16": "auto", "fp8": "fp8_e4m3"],
        documentation: "https://docs.sglang.io/advanced_features/server_arguments.html")

    /// TensorRT-LLM's `trtllm-serve`: the KV cache takes `--kv_cache_free_gpu_memory_fraction` (0.90 by
    /// default, per the performance overview) of the memory free after weights and buffers, in blocks
    /// of 32 tokens; its KV cache type is set in an options file, not a flag.
    package static let trtLLM = ServingEngineRules(
        engine: .trtLLM, budget: .fractionOfFree, defaultMemoryFraction: 0.9, blockTokens: 32, profileTokens: 8192,
        runtimeBytes: 512 << 20, defaultMaxSequences: 256,
        flags: Flags(program: "trtllm-serve", model: "", tensorParallel: "--tp_size", pipelineParallel: "--pp_size",
                     maxContext: "--max_seq_len", memoryFraction: "--kv_cache_free_gpu_memory_fraction", kvCacheType: nil,
                     maxSequences: "--max_batch_size", gpuLayers: nil),
        kvCacheTypes: ["bf16": "auto", "fp16": "auto", "fp8": "fp8"],
        documentation: "https://nvidia.github.io/TensorRT-LLM/0.18.2/commands/trtllm-serve.html")

    /// llama.cpp's `llama-server`: `-c` is the context of all slots together (`-np` slots share it),
    /// `-ngl` the layers on the GPU, `-ctk`/`-ctv` the cache types; the compute buffer holds one
    /// micro-batch of 512 tokens (`-ub` default). No TP flag: layers are split across GPUs.
    package static let llamaCpp = ServingEngineRules(
        engine: .llamaCpp, budget: .wholeMemory, defaultMemoryFraction: 1, blockTokens: 256, profileTokens: 512,
        runtimeBytes: 256 << 20, defaultMaxSequences: 4,
        flags: Flags(program: "llama-server", model: "-m", tensorParallel: nil, pipelineParallel: nil, maxContext: "-c",
                     memoryFraction: nil, kvCacheType: "-ctk", maxSequences: "-np", gpuLayers: "-ngl"),
        kvCacheTypes: ["bf16": "bf16", "fp16": "f16", "q8_0": "q8_0", "q4_0": "q4_0", "fp32": "f32"],
        documentation: "https://manpages.debian.org/unstable/llama.cpp-tools/llama-server.1.en.html")
}

import Catalog
import ModelFiles
import Sizing
import Testing

/// `size --engine`: the KV cache each engine allocates, against the start-up logs in
/// measurements.yaml, and the launch commands' flags against each engine's documented options.
struct EngineAnswerTests {
    let catalog: DataCatalog
    let measurements: MeasurementSet

    init() throws {
        catalog = try ConfigCatalog.load(directory: ShippedMeasurementsTests.dataDirectory)
        measurements = try MeasurementSet.load(directory: ShippedMeasurementsTests.dataDirectory, catalog: catalog)
    }

    /// infrabook's KV capacity for a published start-up log, with the log's own settings.
    func estimatedTokens(_ id: String) throws -> (published: Int, estimated: Int) {
        let record = try #require(measurements.measurement(id))
        let model = try #require(catalog.model(record.model))
        let gpu = try #require(catalog.gpu(record.gpu))
        let precision = try #require(catalog.precision(record.precision))
        let kv = try #require(catalog.precision(record.kvPrecision ?? "bf16"))
        let layout = Parallelism(tensor: record.layout.tensorParallel, pipeline: record.layout.pipelineParallel,
                                 expert: record.layout.expertParallel, gpusPerNode: gpu.gpusPerNode)
        let answer = try EngineAnswer.make(engine: record.engine, gpu: gpu, parallelism: layout, model: model, precision: precision,
                                           kvPrecision: kv, contextTokens: record.settings.maxModelLength ?? 8192, users: 1,
                                           modelReference: model.id, memoryFraction: record.settings.memoryFraction,
                                           profileTokens: record.settings.maxBatchedTokens)
        return (try #require(record.results.kvCacheTokens), answer.kvCacheTokens)
    }

    static func error(_ pair: (published: Int, estimated: Int)) -> Double {
        Double(pair.estimated - pair.published) / Double(pair.published)
    }

    @Test func vllmCapacityMatchesTheRTX3090Logs() throws {
        // vLLM issue 10517: Llama-3.1-8B-Instruct, BF16, RTX 3090, gpu_memory_utilization 0.90:
        // 1,952 blocks × 16 = 31,232 tokens at max_model_len 20,000; 23,648 tokens at 29,000. infrabook
        // gives 29,088 (-7%) and 20,928 (-12%): its activation workspace is a little larger than vLLM's peak.
        let short = try estimatedTokens("vllm-llama-3.1-8b-rtx-3090-20k")
        let long = try estimatedTokens("vllm-llama-3.1-8b-rtx-3090-29k")
        #expect(abs(Self.error(short)) < 0.10)
        #expect(abs(Self.error(long)) < 0.15)
        // The longer profiling pass leaves less for the cache, as the logs show.
        #expect(long.estimated < short.estimated)
    }

    @Test func sglangCapacityIsWithinTwentyPercentOfItsLog() throws {
        // vLLM issue 21348: SGLang with --mem-fraction-static 0.93 printed "#tokens: 367404" for
        // Qwen3-235B-A22B-FP8 at TP 4 on H100. infrabook gives 422,825 (+15%): its FP8 weights are a
        // little lighter than the checkpoint's.
        let pair = try estimatedTokens("sglang-qwen3-235b-a22b-fp8-4xh100")
        #expect(abs(Self.error(pair)) < 0.20)
    }

    /// Each engine's options as its documentation lists them (only the names infrabook may print).
    static let documentedFlags: [Measurement.Engine: Set<String>] = [
        // https://docs.vllm.ai/en/latest/configuration/engine_args.html
        .vllm: ["--tensor-parallel-size", "--pipeline-parallel-size", "--max-model-len", "--gpu-memory-utilization",
                "--kv-cache-dtype", "--max-num-seqs", "--block-size", "--max-num-batched-tokens"],
        // https://docs.sglang.io/advanced_features/server_arguments.html
        .sglang: ["--model-path", "--tp", "--tp-size", "--context-length", "--mem-fraction-static", "--kv-cache-dtype",
                  "--max-running-requests", "--chunked-prefill-size"],
        // https://nvidia.github.io/TensorRT-LLM/0.18.2/commands/trtllm-serve.html
        .trtLLM: ["--tp_size", "--pp_size", "--max_seq_len", "--max_batch_size", "--max_num_tokens",
                  "--kv_cache_free_gpu_memory_fraction", "--backend"],
        // https://manpages.debian.org/unstable/llama.cpp-tools/llama-server.1.en.html
        .llamaCpp: ["-m", "-c", "--ctx-size", "-ngl", "--n-gpu-layers", "-ctk", "--cache-type-k", "-ctv", "--cache-type-v",
                    "-np", "--parallel", "-ub", "-b"],
    ]

    @Test func launchCommandsUseOnlyDocumentedFlags() throws {
        let model = try #require(catalog.model("llama-3.1-70b"))
        for engine in Measurement.Engine.allCases {
            let kv = try #require(catalog.precision(engine == .llamaCpp ? "q8_0" : "fp8"))
            let precision = try #require(catalog.precision(engine == .llamaCpp ? "q4_k_m" : "fp8"))
            let request = SizingRequest(model: model, precision: precision, kvPrecision: kv, users: 64, contextTokens: 32768,
                                        gpus: [try #require(catalog.gpu("h100-sxm"))])
            let plan = try SizingEngine.plan(request, catalog: catalog).answering(for: engine)
            let answer = try #require(plan.options.first?.engineAnswer)
            // The program (`python3 -m sglang.launch_server`) comes first; the rest are the engine's own options.
            let program = ServingEngineRules.of(engine).flags.program
            #expect(answer.launchCommand.hasPrefix(program + " "))
            let words = answer.launchCommand.dropFirst(program.count).split(separator: " ").map(String.init)
            let flags = words.filter { $0.hasPrefix("-") }
            #expect(!flags.isEmpty)
            for flag in flags {
                #expect(Self.documentedFlags[engine]?.contains(flag) == true, "\(engine.rawValue): \(flag) in \(answer.launchCommand)")
            }
            // Every flag is followed by its value.
            for (index, word) in words.enumerated() where word.hasPrefix("-") {
                #expect(index + 1 < words.count && !words[index + 1].hasPrefix("-"), "\(answer.launchCommand)")
            }
        }
    }

    @Test func vllmCommandCarriesTheLayoutAndTheCache() throws {
        let model = try #require(catalog.model("llama-3.1-70b"))
        let fp8 = try #require(catalog.precision("fp8"))
        let request = SizingRequest(model: model, precision: fp8, kvPrecision: fp8, users: 64, contextTokens: 32768,
                                    gpus: [try #require(catalog.gpu("h200"))])
        let plan = try SizingEngine.plan(request, catalog: catalog).answering(for: .vllm)
        let option = try #require(plan.options.first)
        let answer = try #require(option.engineAnswer)
        #expect(answer.launchCommand.hasPrefix("vllm serve meta-llama/Llama-3.1-70B"))
        #expect(answer.launchCommand.contains("--max-model-len 32768 --gpu-memory-utilization 0.90 --kv-cache-dtype fp8 --max-num-seqs 64"))
        #expect(answer.launchCommand.contains("--tensor-parallel-size \(option.parallelism.tensor)") == (option.parallelism.tensor > 1))
        // Capacity is whole 16-token blocks, and the sequences that fit are capacity ÷ context.
        #expect(answer.kvCacheTokens % 16 == 0)
        #expect(answer.maxConcurrentSequences == answer.kvCacheTokens / 32768)
        #expect(answer.maxContextTokens == min(model.maxContextTokens, answer.kvCacheTokens))
    }

    @Test func llamaCppContextIsSharedBySlots() throws {
        // llama-server divides -c among its -np slots (llama.cpp issue 11681), so two users of 32K need -c 65536.
        let model = try #require(catalog.model("llama-3.1-8b"))
        let request = SizingRequest(model: model, precision: try #require(catalog.precision("q4_k_m")),
                                    kvPrecision: try #require(catalog.precision("q8_0")), users: 2, contextTokens: 32768,
                                    gpus: [try #require(catalog.gpu("rtx-4090"))])
        let answer = try #require(try SizingEngine.plan(request, catalog: catalog).answering(for: .llamaCpp).options.first?.engineAnswer)
        #expect(answer.launchCommand == "llama-server -m llama-3.1-8b-q4_k_m.gguf -c 65536 -ngl 33 -ctk q8_0 -ctv q8_0 -np 2")
    }

    @Test func engineThatCannotStoreTheCacheTypeIsAnError() throws {
        let model = try #require(catalog.model("llama-3.1-8b"))
        let request = SizingRequest(model: model, precision: try #require(catalog.precision("bf16")),
                                    kvPrecision: try #require(catalog.precision("q8_0")), users: 1, contextTokens: 8192,
                                    gpus: [try #require(catalog.gpu("h100-sxm"))])
        #expect(throws: SizingError.self) { try SizingEngine.plan(request, catalog: catalog).answering(for: .vllm) }
    }
}

/// The comparison the accuracy page and calibration share.
struct MeasurementComparisonTests {
    @Test func everyStartUpLogIsComparedWithItsOwnSettings() throws {
        let catalog = try ConfigCatalog.load(directory: ShippedMeasurementsTests.dataDirectory)
        let set = try MeasurementSet.load(directory: ShippedMeasurementsTests.dataDirectory, catalog: catalog)
        // Memory only: the speed figures go through the serving simulation, which calibration's shipped test
        // covers figure by figure (every one is in calibration.yaml).
        let comparisons = try MeasurementComparison.compareBeforeAndAfter(set, catalog: catalog, kinds: [.memory]).before
        #expect(comparisons.count == set.measurements.filter { $0.results.kvCacheTokens != nil }.count)
        // vLLM issue 10517 printed 1,952 blocks of 16 tokens for Llama-3.1-8B on an RTX 3090 at max_model_len 20,000.
        let rtx = try #require(comparisons.first { $0.measurement.id == "vllm-llama-3.1-8b-rtx-3090-20k" })
        #expect(rtx.published == 31_232)
        #expect(rtx.error < 0 && rtx.error > -0.10)
    }

    @Test func errorBandComesFromTheSameEngineAndSaysWhenTheGPUWasNotMeasured() throws {
        let catalog = try ConfigCatalog.load(directory: ShippedMeasurementsTests.dataDirectory)
        let set = try MeasurementSet.load(directory: ShippedMeasurementsTests.dataDirectory, catalog: catalog)
        let comparisons = try MeasurementComparison.compareMemory(set, catalog: catalog)
        // Four vLLM start-up logs (two on an RTX 3090, two on H100) and one SGLang log are in the file.
        let rtx = try #require(MeasurementComparison.band(comparisons, kind: .memory, engine: .vllm, gpu: "rtx-3090"))
        #expect(rtx.count == 4 && rtx.onThisGPU)
        let h200 = try #require(MeasurementComparison.band(comparisons, kind: .memory, engine: .vllm, gpu: "h200"))
        #expect(!h200.onThisGPU && h200.sentence.contains("outside what was measured"))
        #expect(MeasurementComparison.band(comparisons, kind: .memory, engine: .trtLLM, gpu: "h100-sxm") == nil)
    }

    @Test func summaryTakesTheMedianAndTheWorstOfAbsoluteErrors() throws {
        let catalog = try ConfigCatalog.load(directory: ShippedMeasurementsTests.dataDirectory)
        let set = try MeasurementSet.load(directory: ShippedMeasurementsTests.dataDirectory, catalog: catalog)
        let record = try #require(set.measurements.first)
        func comparison(_ estimated: Double) -> MeasurementComparison {
            MeasurementComparison(measurement: record, kind: .memory, figure: "KV cache tokens", published: 100, estimated: estimated)
        }
        // Errors -10%, +20%, -40%, +5%: absolute 5, 10, 20, 40 → median 15%, worst 40%.
        let summary = try #require(MeasurementComparison.summary([comparison(90), comparison(120), comparison(60), comparison(105)]))
        #expect(summary.count == 4)
        #expect(abs(summary.median - 0.15) < 1e-12)
        #expect(abs(summary.worst - 0.40) < 1e-12)
        #expect(MeasurementComparison.summary([]) == nil)
    }
}

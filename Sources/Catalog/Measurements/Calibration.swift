/// The engine constants that `infrabook calibrate` fitted to the published measurements, per GPU
/// architecture, with their provenance: the day of the fit, each record used, its error after the
/// fit and its leave-one-out error.
///
/// Owns the shape of `Content/data/calibration.yaml` once read, and its one text form (`yamlText`).
/// It never fits anything (that is `Sizing`'s `Calibration` fitting) and never decides which
/// constants apply (that is `EngineAssumptions.calibrated`).
package struct Calibration: Sendable, Equatable {
    /// The constants fitted for one GPU architecture.
    package struct Fit: Sendable, Equatable {
        /// `GPUSpec.architecture` ("hopper").
        package var architecture: String
        /// The serving engines whose measurements the constants were fitted to (`Measurement.Engine`'s
        /// words, sorted): constants fitted to llama.cpp's single-stream kernels describe llama.cpp, not
        /// TensorRT-LLM, and the file says which.
        package var engines: [String]
        /// The kind of model the constants were fitted to when an architecture's figures allowed a fit
        /// per kind (a mixture of experts runs other kernels than a dense model); nil: every kind.
        package var models: Models?
        package var memoryBandwidthEfficiency: Double
        /// The efficiency routed experts' weights stream at, fitted for mixtures of experts; nil: the memory efficiency.
        package var expertMemoryEfficiency: Double?
        package var computeEfficiency: Double
        package var stepOverheadSeconds: Double
        /// The latency a served request pays once outside the steps, fitted where the records include a served
        /// time to first token; nil: not fitted (the engine's default applies).
        package var requestOverheadSeconds: Double?
        /// The latency of one all-reduce (or expert exchange), fitted where the records include deployments split
        /// across GPUs and deployments that are not; nil: not fitted (the engine's default applies).
        package var allReduceLatencySeconds: Double?
        /// The records the constants were fitted to.
        package var records: [Record]

        /// The engine family the constants describe: llama.cpp when every record came from it, the
        /// batched serving engines otherwise (and for a file that names no engines).
        package var family: Measurement.Engine.Family {
            !engines.isEmpty && engines.allSatisfy { Measurement.Engine(rawValue: $0)?.family == .llamaCpp } ? .llamaCpp : .batchedServing
        }

        package init(architecture: String, engines: [String] = [], models: Models? = nil, memoryBandwidthEfficiency: Double,
                    expertMemoryEfficiency: Double? = nil, computeEfficiency: Double, stepOverheadSeconds: Double, requestOverheadSeconds: Double? = nil,
                    allReduceLatencySeconds: Double? = nil, records: [Record]) {
            self.architecture = architecture
            self.engines = engines
            self.models = models
            self.memoryBandwidthEfficiency = memoryBandwidthEfficiency
            self.expertMemoryEfficiency = expertMemoryEfficiency
            self.computeEfficiency = computeEfficiency
            self.stepOverheadSeconds = stepOverheadSeconds
            self.requestOverheadSeconds = requestOverheadSeconds
            self.allReduceLatencySeconds = allReduceLatencySeconds
            self.records = records
        }
    }

    /// The kinds of model a fit may be limited to.
    package enum Models: String, Sendable, CaseIterable {
        case dense
        case mixtureOfExperts = "moe"

        /// The kind `model` is: the one rule every fit and every lookup of a fit uses.
        package init(of model: ModelSpec) { self = model.isMixtureOfExperts ? .mixtureOfExperts : .dense }

        /// "dense models", "mixture-of-experts models".
        package var phrase: String { self == .dense ? "dense models" : "mixture-of-experts models" }
    }

    /// One record of a fit: its id in `measurements.yaml`, the GPU and model it ran, the figure, and the
    /// signed relative errors (infrabook ÷ published − 1) at the fitted constants and when fitted without it.
    package struct Record: Sendable, Equatable {
        package var id: String
        package var gpu: String
        package var model: String
        /// "output tokens/s", "TTFT p50 (s)", … (`SpeedCase.Statistic`'s names).
        package var figure: String
        package var error: Double
        package var leaveOneOutError: Double

        package init(id: String, gpu: String, model: String, figure: String, error: Double, leaveOneOutError: Double) {
            self.id = id
            self.gpu = gpu
            self.model = model
            self.figure = figure
            self.error = error
            self.leaveOneOutError = leaveOneOutError
        }
    }

    /// The day of the fit, `YYYY-MM-DD`.
    package var date: String
    package var fits: [Fit]

    package init(date: String, fits: [Fit]) {
        self.date = date
        self.fits = fits
    }

    /// The fit for `architecture`, the family of `engine` (nil: the batched serving engines that
    /// `EngineAssumptions` describes) and the kind of model `models`: the fit for that kind when there is
    /// one, else the fit for every kind; nil when the measurements did not allow one. With `models` nil,
    /// the fit for every kind or else the first.
    package func fit(for architecture: String, engine: Measurement.Engine? = nil, models: Models? = nil) -> Fit? {
        let family = engine?.family ?? .batchedServing
        let candidates = fits.filter { $0.architecture == architecture && $0.family == family }
        if let models, let own = candidates.first(where: { $0.models == models }) { return own }
        return candidates.first { $0.models == nil } ?? (models == nil ? candidates.first : nil)
    }
}

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
        package var memoryBandwidthEfficiency: Double
        package var computeEfficiency: Double
        package var stepOverheadSeconds: Double
        /// The records the constants were fitted to.
        package var records: [Record]

        /// The engine family the constants describe: llama.cpp when every record came from it, the
        /// batched serving engines otherwise (and for a file that names no engines).
        package var family: Measurement.Engine.Family {
            !engines.isEmpty && engines.allSatisfy { Measurement.Engine(rawValue: $0)?.family == .llamaCpp } ? .llamaCpp : .batchedServing
        }

        package init(architecture: String, engines: [String] = [], memoryBandwidthEfficiency: Double, computeEfficiency: Double,
                    stepOverheadSeconds: Double, records: [Record]) {
            self.architecture = architecture
            self.engines = engines
            self.memoryBandwidthEfficiency = memoryBandwidthEfficiency
            self.computeEfficiency = computeEfficiency
            self.stepOverheadSeconds = stepOverheadSeconds
            self.records = records
        }
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

    /// The fit for `architecture` and the family of `engine` (nil: the batched serving engines that
    /// `EngineAssumptions` describes), or nil when the measurements did not allow one.
    package func fit(for architecture: String, engine: Measurement.Engine? = nil) -> Fit? {
        let family = engine?.family ?? .batchedServing
        return fits.first { $0.architecture == architecture && $0.family == family }
    }
}

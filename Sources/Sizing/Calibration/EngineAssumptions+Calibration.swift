import Basics
import Catalog

/// The one place that decides which constants apply to a GPU: `calibration.yaml`'s fit for the GPU's
/// architecture and the engine family asked about when there is one, `EngineAssumptions`' defaults
/// otherwise. It never fits anything.
extension EngineAssumptions {
    /// These assumptions with the constants calibration fits replaced by `fit`'s.
    package func applying(_ fit: Calibration.Fit) -> EngineAssumptions {
        var copy = self
        copy.memoryBandwidthEfficiency = fit.memoryBandwidthEfficiency
        copy.expertBandwidthEfficiency = fit.expertMemoryEfficiency
        copy.computeEfficiency = fit.computeEfficiency
        copy.stepOverheadSeconds = fit.stepOverheadSeconds
        copy.requestOverheadSeconds = fit.requestOverheadSeconds ?? requestOverheadSeconds
        copy.allReduceLatencySeconds = fit.allReduceLatencySeconds ?? allReduceLatencySeconds
        return copy
    }

    /// The constants that apply to `model` on `gpu` under `engine` (nil: a batched serving engine, as
    /// these assumptions describe): calibrated for its architecture, the engine's family and the kind of
    /// model (dense or mixture of experts) when `calibration` fitted them, these otherwise; `note` says
    /// which were used, for the answer's notes (nil for the defaults).
    package func calibrated(_ calibration: Calibration?, for gpu: GPUSpec, model: ModelSpec,
                           engine: Catalog.Measurement.Engine? = nil) -> (assumptions: EngineAssumptions, note: String?) {
        guard let calibration, let fit = calibration.fit(for: gpu.architecture, engine: engine, models: Calibration.Models(of: model)) else {
            return (self, nil)
        }
        let engines = fit.engines.isEmpty ? "" : " of " + fit.engines.joined(separator: ", ")
        let models = fit.models.map { " and \($0.phrase)" } ?? ""
        let note = "speed uses the constants calibrated for \(gpu.architecture) GPUs\(models) on \(calibration.date) "
            + "(\(NumberText.count(fit.records.count, "published figure"))\(engines)): memory efficiency \(NumberText.decimal(fit.memoryBandwidthEfficiency, places: 2)), "
            + (fit.expertMemoryEfficiency.map { "routed experts' weights at \(NumberText.decimal($0, places: 2)) of bandwidth, " } ?? "")
            + "compute efficiency \(NumberText.decimal(fit.computeEfficiency, places: 2)), "
            + "step overhead \(NumberText.decimal(fit.stepOverheadSeconds * 1000, places: 2)) ms"
            + (fit.requestOverheadSeconds.map { ", request overhead \(NumberText.decimal($0 * 1000, places: 2)) ms" } ?? "")
            + (fit.allReduceLatencySeconds.map { ", all-reduce latency \(NumberText.decimal($0 * 1e6, places: 1)) µs" } ?? "")
        return (applying(fit), note)
    }
}

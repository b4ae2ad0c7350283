import Basics
import Catalog

/// The one place that decides which constants apply to a GPU: `calibration.yaml`'s fit for the GPU's
/// architecture when there is one, `EngineAssumptions`' defaults otherwise. It never fits anything.
extension EngineAssumptions {
    /// These assumptions with the constants calibration fits replaced by `fit`'s.
    package func applying(_ fit: Calibration.Fit) -> EngineAssumptions {
        var copy = self
        copy.memoryBandwidthEfficiency = fit.memoryBandwidthEfficiency
        copy.computeEfficiency = fit.computeEfficiency
        copy.stepOverheadSeconds = fit.stepOverheadSeconds
        return copy
    }

    /// The constants that apply on `gpu`: calibrated for its architecture when `calibration` fitted
    /// it, these otherwise; `note` says which were used, for the answer's notes (nil for the defaults).
    package func calibrated(_ calibration: Calibration?, for gpu: GPUSpec) -> (assumptions: EngineAssumptions, note: String?) {
        guard let calibration, let fit = calibration.fit(for: gpu.architecture) else { return (self, nil) }
        let note = "speed uses the constants calibrated for \(gpu.architecture) GPUs on \(calibration.date) "
            + "(\(NumberText.count(fit.records.count, "published figure"))): memory efficiency \(NumberText.decimal(fit.memoryBandwidthEfficiency, places: 2)), "
            + "compute efficiency \(NumberText.decimal(fit.computeEfficiency, places: 2)), "
            + "step overhead \(NumberText.decimal(fit.stepOverheadSeconds * 1000, places: 2)) ms"
        return (applying(fit), note)
    }
}

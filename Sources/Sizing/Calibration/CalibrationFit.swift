import Catalog
import Foundation

/// Fits the constants that decide speed (memory bandwidth efficiency, compute efficiency, the
/// per-step overhead, and where the figures allow them (`Extras`) the routed experts' streaming
/// efficiency, the per-request overhead and the all-reduce latency) to the published speed figures,
/// one fit per GPU architecture and engine family
/// (`Measurement.Engine.Family`: llama.cpp's kernels are not TensorRT-LLM's), and per kind of model
/// where both kinds have enough figures (`groups`), by least squares on log error (`LeastSquaresFit`),
/// and measures each record's leave-one-out error.
///
/// Owns which constants are fitted and the minimum data a fit needs. Every estimate goes through
/// `SpeedCase`, the same comparison the accuracy page shows; it never reads or writes a file.
package enum CalibrationFit {
    /// Speed figures an architecture needs before its constants are fitted: twice the three constants
    /// every fit has, so that a fit is more than an interpolation and leave-one-out still fits them to
    /// five (a fit with the experts' fourth constant has more figures in practice: 52 on Hopper).
    package static let minimumFigures = 6

    /// One speed figure before and after calibration.
    package struct Row: Sendable {
        package var measurement: Catalog.Measurement
        package var figure: String
        package var kind: MeasurementComparison.Kind
        package var architecture: String
        package var published: Double
        /// infrabook's figure with `EngineAssumptions`' defaults.
        package var before: Double
        /// infrabook's figure with the architecture's fitted constants (or the defaults when not fitted).
        package var after: Double
        /// The signed error when the constants are fitted without this record; nil when not fitted.
        package var leaveOneOutError: Double?

        package var errorBefore: Double { before / published - 1 }
        package var errorAfter: Double { after / published - 1 }
    }

    /// What `run` found: the calibration to write, every row, and the records it could not use.
    package struct Outcome: Sendable {
        package var calibration: Calibration
        package var rows: [Row]
        package var skipped: [MeasurementComparison.Skipped]
        /// Architectures (with the engine family, "ada (llama.cpp)") with speed figures but too few to fit, with their count.
        package var tooFew: [(architecture: String, figures: Int)]
        /// Published figures faster than the deployment allows as the record describes it (`SpeedCase.ceiling`).
        package var beyondCeiling: [Beyond] = []
    }

    /// A published figure beyond infrabook's ceiling for its record.
    package struct Beyond: Sendable {
        package var measurement: Catalog.Measurement
        package var figure: String
        package var published: Double
        package var ceiling: Double
    }

    /// The constants a fit of `cases` varies beyond the three every fit has: the routed experts'
    /// streaming efficiency where the cases include a mixture of experts, the per-request overhead
    /// where they include a served time to first token (no other figure says anything of either), and
    /// the all-reduce latency where some deployments split the model across GPUs and some do not (with
    /// every figure split, it is told apart from the per-step overhead only by the models' layer counts).
    struct Extras: Equatable {
        var experts: Bool
        var requestOverhead: Bool
        var allReduceLatency: Bool

        init(_ cases: [SpeedCase]) {
            experts = cases.contains { $0.model.isMixtureOfExperts }
            requestOverhead = cases.contains(where: \.paysRequestOverhead)
            allReduceLatency = cases.contains(where: \.paysAllReduceLatency) && !cases.allSatisfy(\.paysAllReduceLatency)
        }
    }

    /// The fitter starts a per-request overhead that the assumptions leave at 0 here, in seconds: the
    /// fitter works on positive numbers, and a millisecond is the order of an HTTP round trip and a tokenizer's pass.
    static let initialRequestOverheadSeconds = 1e-3

    /// The constants that `fit` varies, in order, read from `assumptions`, as the positive numbers the
    /// fitter works with: an efficiency e as 1 ÷ e − 1 (so every positive value maps back to an
    /// efficiency in (0, 1), none above the hardware's peak), the overheads in seconds as they are.
    /// Memory, compute and the step overhead always; then `extras`' constants in their order.
    static func parameters(_ assumptions: EngineAssumptions, _ extras: Extras) -> [Double] {
        [1 / assumptions.memoryBandwidthEfficiency - 1, 1 / assumptions.computeEfficiency - 1, assumptions.stepOverheadSeconds]
            + (extras.experts ? [1 / assumptions.expertEfficiency - 1] : [])
            + (extras.requestOverhead ? [assumptions.requestOverheadSeconds > 0 ? assumptions.requestOverheadSeconds : initialRequestOverheadSeconds] : [])
            + (extras.allReduceLatency ? [assumptions.allReduceLatencySeconds] : [])
    }

    /// `base` with the fitted constants `values` (in `parameters`' form for `extras`).
    static func assumptions(_ base: EngineAssumptions, _ values: [Double], _ extras: Extras) -> EngineAssumptions {
        var copy = base
        copy.memoryBandwidthEfficiency = 1 / (1 + values[0])
        copy.computeEfficiency = 1 / (1 + values[1])
        copy.stepOverheadSeconds = values[2]
        var next = 3
        copy.expertBandwidthEfficiency = nil
        if extras.experts {
            copy.expertBandwidthEfficiency = 1 / (1 + values[next])
            next += 1
        }
        if extras.requestOverhead {
            copy.requestOverheadSeconds = values[next]
            next += 1
        }
        if extras.allReduceLatency { copy.allReduceLatencySeconds = values[next] }
        return copy
    }

    /// Fits `cases` (all of one architecture): the fitted constants (in `parameters`' form) and each
    /// case's log error at them.
    package static func fit(_ cases: [SpeedCase], base: EngineAssumptions) throws(SizingError) -> LeastSquaresFit.Result {
        var failure: SizingError?
        let extras = Extras(cases)
        let result = LeastSquaresFit.fit(initial: parameters(base, extras)) { values in
            let trial = assumptions(base, values, extras)
            return cases.map { speed in
                do throws(SizingError) { return Foundation.log(try speed.estimate(trial) / speed.published) } catch {
                    failure = error
                    return .nan
                }
            }
        }
        if let failure { throw failure }
        return result
    }

    /// A fit's scope: one GPU architecture, one engine family, and one kind of model when both kinds
    /// have `minimumFigures` of their own (nil: every kind).
    struct GroupKey: Hashable {
        var architecture: String
        var family: Catalog.Measurement.Engine.Family
        var models: Calibration.Models?

        var label: String {
            (family == .llamaCpp ? "\(architecture) (\(family.rawValue))" : architecture) + (models.map { ", \($0.phrase)" } ?? "")
        }

        var order: (String, String, String) { (architecture, family.rawValue, models?.rawValue ?? "") }
    }

    /// `cases` in their fits' scopes: per architecture and engine family, and within those per kind
    /// of model (dense, mixture of experts) where each kind has enough figures for a fit of its own:
    /// an expert layer runs other kernels (routing, grouped expert products) than a dense one, and one
    /// set of constants for both serves neither.
    static func groups(_ cases: [SpeedCase]) -> [(key: GroupKey, cases: [SpeedCase])] {
        let scopes = Dictionary(grouping: cases) { GroupKey(architecture: $0.gpu.architecture, family: $0.measurement.engine.family) }
        var result: [(key: GroupKey, cases: [SpeedCase])] = []
        for (key, cases) in scopes {
            let byKind = Dictionary(grouping: cases) { Calibration.Models(of: $0.model) }
            if byKind.count > 1, byKind.values.allSatisfy({ $0.count >= minimumFigures }) {
                for (models, kindCases) in byKind {
                    result.append((GroupKey(architecture: key.architecture, family: key.family, models: models), kindCases))
                }
            } else {
                result.append((key, cases))
            }
        }
        return result.sorted { $0.key.order < $1.key.order }
    }

    /// Fits every architecture and engine family with at least `minimumFigures` speed figures in
    /// `set`; `date` is the day written into the calibration.
    package static func run(_ set: MeasurementSet, catalog: DataCatalog, date: String,
                           base: EngineAssumptions = .standard) throws(SizingError) -> Outcome {
        let found = try MeasurementComparison.speedCases(set, catalog: catalog, assumptions: base)
        var rows: [Row] = []
        var fits: [Calibration.Fit] = []
        var tooFew: [(String, Int)] = []
        for (key, cases) in groups(found.cases) {
            let architecture = key.architecture
            var before: [Double] = []
            for speed in cases { before.append(try speed.estimate(base)) }
            guard cases.count >= minimumFigures else {
                tooFew.append((key.label, cases.count))
                for (speed, estimate) in zip(cases, before) {
                    rows.append(Row(measurement: speed.measurement, figure: speed.statistic.rawValue, kind: speed.kind, architecture: architecture,
                                    published: speed.published, before: estimate, after: estimate, leaveOneOutError: Double?.none))
                }
                continue
            }
            let fitted = try fit(cases, base: base)
            let extras = Extras(cases)
            let calibrated = assumptions(base, fitted.parameters, extras)
            var leftOut: [Double] = []
            for index in cases.indices {
                var others = cases
                others.remove(at: index)
                let without = try fit(others, base: base)
                leftOut.append(try cases[index].estimate(assumptions(base, without.parameters, Extras(others))) / cases[index].published - 1)
            }
            var records: [Calibration.Record] = []
            for (index, speed) in cases.enumerated() {
                let after = try speed.estimate(calibrated)
                rows.append(Row(measurement: speed.measurement, figure: speed.statistic.rawValue, kind: speed.kind, architecture: architecture,
                                published: speed.published, before: before[index], after: after, leaveOneOutError: leftOut[index]))
                records.append(Calibration.Record(id: speed.measurement.id, gpu: speed.gpu.id, model: speed.model.id, figure: speed.statistic.rawValue,
                                                  error: after / speed.published - 1, leaveOneOutError: leftOut[index]))
            }
            let engines = Set(cases.map(\.measurement.engine.rawValue)).sorted()
            fits.append(Calibration.Fit(architecture: architecture, engines: engines, models: key.models,
                                        memoryBandwidthEfficiency: calibrated.memoryBandwidthEfficiency,
                                        expertMemoryEfficiency: calibrated.expertBandwidthEfficiency,
                                        computeEfficiency: calibrated.computeEfficiency, stepOverheadSeconds: calibrated.stepOverheadSeconds,
                                        requestOverheadSeconds: extras.requestOverhead ? calibrated.requestOverheadSeconds : nil,
                                        allReduceLatencySeconds: extras.allReduceLatency ? calibrated.allReduceLatencySeconds : nil,
                                        records: records))
        }
        let beyond = found.cases.filter(\.beatsCeiling).map { speed in
            Beyond(measurement: speed.measurement, figure: speed.statistic.rawValue, published: speed.published, ceiling: speed.ceiling!)
        }
        return Outcome(calibration: Calibration(date: date, fits: fits), rows: rows, skipped: found.skipped, tooFew: tooFew,
                       beyondCeiling: beyond)
    }
}

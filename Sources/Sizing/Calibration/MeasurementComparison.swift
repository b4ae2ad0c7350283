import Basics
import Catalog
import Foundation

/// Each published figure in `measurements.yaml` beside infrabook's estimate for the same deployment,
/// and the error: what the accuracy page shows, what calibration fits and what the tests hold the
/// engine to. One home, so the page, the command and the tests compare the same way.
///
/// Compares the KV cache an engine allocates at start-up (from `EngineAnswer`, with the record's own
/// settings) and speed figures (throughput, TTFT, TPOT) through the serving simulation (`SpeedCase`).
/// A record the engine cannot estimate is listed in `skipped` with the reason. It never adjusts a
/// published figure.
package struct MeasurementComparison: Sendable {
    /// What kind of figure, for grouping errors.
    package enum Kind: String, Sendable, CaseIterable {
        case memory, throughput, ttft = "TTFT", tpot = "TPOT"

        /// The sign of an optimistic error: a rate or a capacity above the published one promises too
        /// much (+1); a time below it does too (−1).
        package var optimisticSign: Double { self == .ttft || self == .tpot ? -1 : 1 }
    }

    /// The most optimistic of `errors` (signed, estimate ÷ published − 1) for figures of `kind`, as a
    /// positive fraction, or nil when none is optimistic.
    package static func mostOptimistic(_ errors: [Double], kind: Kind) -> Double? {
        errors.map { $0 * kind.optimisticSign }.filter { $0 > 0 }.max()
    }

    package var measurement: Catalog.Measurement
    package var kind: Kind
    /// What was compared ("KV cache tokens").
    package var figure: String
    package var published: Double
    package var estimated: Double

    package init(measurement: Catalog.Measurement, kind: Kind, figure: String, published: Double, estimated: Double) {
        self.measurement = measurement
        self.kind = kind
        self.figure = figure
        self.published = published
        self.estimated = estimated
    }

    /// Signed relative error, estimate ÷ published − 1 (positive: infrabook is optimistic).
    package var error: Double { estimated / published - 1 }

    /// Every record's comparable figures under `assumptions` (before) and with, for each speed figure,
    /// the constants `catalog.calibration` fitted for its GPU's architecture as the engine's answers
    /// use them (after; the same as before when there is no calibration). One simulation per record
    /// serves both; memory figures do not depend on the calibrated constants. Only figures of `kinds`
    /// are compared, so a page that shows one kind simulates no other.
    package static func compareBeforeAndAfter(_ set: MeasurementSet, catalog: DataCatalog, assumptions: EngineAssumptions = .standard,
                                             kinds: Set<Kind> = Set(Kind.allCases))
        throws(SizingError) -> (before: [MeasurementComparison], after: [MeasurementComparison]) {
        var before = kinds.contains(.memory) ? try compareMemory(set, catalog: catalog) : []
        var after = before
        for speed in try speedCases(set, catalog: catalog, assumptions: assumptions, kinds: kinds).cases {
            let estimate = try speed.estimate(assumptions)
            before.append(MeasurementComparison(measurement: speed.measurement, kind: speed.kind, figure: speed.statistic.rawValue,
                                                published: speed.published, estimated: estimate))
            let calibrated = assumptions.calibrated(catalog.calibration, for: speed.gpu, model: speed.model, engine: speed.measurement.engine)
            after.append(MeasurementComparison(measurement: speed.measurement, kind: speed.kind, figure: speed.statistic.rawValue,
                                               published: speed.published,
                                               estimated: calibrated.note == nil ? estimate : try speed.estimate(calibrated.assumptions)))
        }
        return (before, after)
    }

    /// A record with a figure infrabook does not estimate, and why.
    package struct Skipped: Sendable {
        package var measurement: Catalog.Measurement
        package var reason: String
    }

    /// Every record's speed figures as cases that can be estimated under any constants, and the
    /// records left out with their reasons.
    package static func speedCases(_ set: MeasurementSet, catalog: DataCatalog, assumptions: EngineAssumptions = .standard,
                                  kinds: Set<Kind> = Set(Kind.allCases)) throws(SizingError) -> (cases: [SpeedCase], skipped: [Skipped]) {
        var cases: [SpeedCase] = []
        var skipped: [Skipped] = []
        for record in set.measurements {
            let found = try SpeedCase.cases(for: record, catalog: catalog, assumptions: assumptions, kinds: kinds)
            cases += found.cases
            if let reason = found.skip { skipped.append(Skipped(measurement: record, reason: reason)) }
        }
        return (cases, skipped)
    }

    /// The KV cache each start-up log printed beside `EngineAnswer`'s (no simulation: fast enough for
    /// every `size --engine`).
    package static func compareMemory(_ set: MeasurementSet, catalog: DataCatalog) throws(SizingError) -> [MeasurementComparison] {
        var result: [MeasurementComparison] = []
        for record in set.measurements {
            guard let published = record.results.kvCacheTokens, let model = catalog.model(record.model), let gpu = catalog.gpu(record.gpu),
                  let precision = catalog.precision(record.precision), let kv = catalog.precision(record.kvPrecision ?? SizingInputs.defaultKVPrecision) else { continue }
            let layout = Parallelism(tensor: record.layout.tensorParallel, pipeline: record.layout.pipelineParallel,
                                     expert: record.layout.expertParallel, gpusPerNode: gpu.gpusPerNode)
            let answer = try EngineAnswer.make(engine: record.engine, gpu: gpu, parallelism: layout, model: model, precision: precision,
                                               kvPrecision: kv, contextTokens: min(record.settings.maxModelLength ?? 8192, model.maxContextTokens),
                                               users: 1, modelReference: model.id, memoryFraction: record.settings.memoryFraction,
                                               profileTokens: record.settings.maxBatchedTokens)
            result.append(MeasurementComparison(measurement: record, kind: .memory, figure: "KV cache tokens",
                                                published: Double(published), estimated: Double(answer.kvCacheTokens)))
        }
        return result
    }

    /// The error measured for cases like one being answered: same kind, and for memory the same
    /// engine, for speed the same GPU architecture and the same kind of model (dense or mixture of
    /// experts). `onThisGPU` says whether any of them ran on the GPU asked about; when none did, the
    /// question is outside what was measured and the band is only a guide.
    package struct ErrorBand: Sendable, Equatable {
        package var kind: Kind
        /// What the comparable measurements share, as the sentence names them ("vllm", "hopper dense-model").
        package var scope: String
        package var count: Int
        package var median: Double
        package var worst: Double
        package var onThisGPU: Bool

        /// "±12% median, worst 95%, on 3 published vllm measurements", and whether the GPU was among them.
        package var sentence: String {
            let percent = { (fraction: Double) in NumberText.fixed(fraction * 100, places: 0) + "%" }
            var text = "±\(percent(median)) median, worst \(percent(worst)), on \(NumberText.count(count, "published \(scope) measurement"))"
            if !onThisGPU { text += "; none on this GPU, so this is outside what was measured" }
            return text
        }
    }

    /// The band for `kind` on `engine` and `gpu`, or nil when nothing comparable was measured.
    package static func band(_ comparisons: [MeasurementComparison], kind: Kind, engine: Catalog.Measurement.Engine, gpu: String) -> ErrorBand? {
        let comparable = comparisons.filter { $0.kind == kind && $0.measurement.engine == engine }
        guard let summary = summary(comparable) else { return nil }
        return ErrorBand(kind: kind, scope: engine.rawValue, count: summary.count, median: summary.median, worst: summary.worst,
                         onThisGPU: comparable.contains { $0.measurement.gpu == gpu })
    }

    /// The band for a speed figure of `kind` for `model` on `gpu` under `engine` (nil: a batched
    /// serving engine): the leave-one-out errors that `calibration` recorded for figures of that kind
    /// in the fit of the same architecture and engine family, with models of the same kind (dense or
    /// mixture of experts). Leave-one-out, because the fitted constants were
    /// chosen to match the very records they are compared with. Nil when there are none: the question
    /// is then wholly outside what was measured.
    package static func speedBand(_ calibration: Calibration?, kind: Kind, gpu: GPUSpec, model: ModelSpec, catalog: DataCatalog,
                                 engine: Catalog.Measurement.Engine? = nil) -> ErrorBand? {
        let models = Calibration.Models(of: model)
        let fit = calibration?.fit(for: gpu.architecture, engine: engine, models: models)
        let comparable = (fit?.records ?? []).filter { record in
            SpeedCase.Statistic(rawValue: record.figure)?.kind == kind && catalog.gpu(record.gpu)?.architecture == gpu.architecture
                && catalog.model(record.model).map(Calibration.Models.init(of:)) == models
        }
        guard let summary = summary(errors: comparable.map(\.leaveOneOutError)) else { return nil }
        let family = fit?.family == .llamaCpp ? " llama.cpp" : ""
        return ErrorBand(kind: kind, scope: "\(gpu.architecture)\(family) \(models == .mixtureOfExperts ? "mixture-of-experts" : "dense")-model \(kind.rawValue)",
                         count: summary.count, median: summary.median, worst: summary.worst,
                         onThisGPU: comparable.contains { $0.gpu == gpu.id })
    }

    /// The one sentence every front end prints for a speed figure's error: the band's, or that nothing
    /// comparable was measured.
    package static func speedSentence(_ band: ErrorBand?, kind: Kind) -> String {
        band?.sentence ?? "no comparable published \(kind.rawValue) measurement, so this is outside what was measured"
    }

    /// The median and the worst absolute error of `comparisons`, or nil when there are none.
    package static func summary(_ comparisons: [MeasurementComparison]) -> (count: Int, median: Double, worst: Double)? {
        summary(errors: comparisons.map(\.error))
    }

    /// The median and the worst absolute value of signed `errors`, or nil when there are none.
    package static func summary(errors signed: [Double]) -> (count: Int, median: Double, worst: Double)? {
        let errors = signed.map(abs).sorted()
        guard !errors.isEmpty else { return nil }
        let middle = errors.count / 2
        let median = errors.count % 2 == 1 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2
        return (errors.count, median, errors.last!)
    }
}

/// The error band of one speed figure an option prints (throughput, TTFT or TPOT), as `size`, the
/// blocks and the reports show it: the band measured on comparable published figures, or none.
package struct SpeedErrorBand: Sendable, Equatable {
    package var kind: MeasurementComparison.Kind
    package var band: MeasurementComparison.ErrorBand?

    /// The speed figures an option prints.
    package static let kinds: [MeasurementComparison.Kind] = [.throughput, .ttft, .tpot]

    /// The bands for `model` on `gpu` under `engine` (nil: a batched serving engine) from
    /// `calibration`'s leave-one-out errors; empty without a calibration.
    package static func bands(_ calibration: Calibration?, gpu: GPUSpec, model: ModelSpec, catalog: DataCatalog,
                             engine: Catalog.Measurement.Engine? = nil) -> [SpeedErrorBand] {
        guard calibration != nil else { return [] }
        return kinds.map { kind in
            SpeedErrorBand(kind: kind, band: MeasurementComparison.speedBand(calibration, kind: kind, gpu: gpu, model: model, catalog: catalog,
                                                                             engine: engine))
        }
    }

    /// "throughput error: ±12% median, worst 30%, on 9 published hopper dense-model throughput measurements".
    package var sentence: String { "\(kind.rawValue) error: " + MeasurementComparison.speedSentence(band, kind: kind) }

    /// The lines an option prints for its bands: one per figure that has comparable measurements, and
    /// one for all the figures that have none ("TTFT and TPOT error: no comparable published measurement,
    /// so they are outside what was measured"), so an unmeasured GPU reads as one finding, not three.
    package static func lines(_ bands: [SpeedErrorBand]) -> [String] {
        let unmeasured = bands.filter { $0.band == nil }.map(\.kind.rawValue)
        let measured = bands.filter { $0.band != nil }.map(\.sentence)
        switch unmeasured.count {
        case 0: return measured
        case 1: return measured + [bands.first { $0.band == nil }!.sentence]
        default: return measured + [NumberText.list(unmeasured) + " error: no comparable published measurement, so they are outside what was measured"]
        }
    }

    /// The entry of an option's `speed_error_bands` in `size --format json`: null when nothing comparable was measured.
    package var jsonValue: Any {
        guard let band else { return NSNull() }
        return ["count": band.count, "median": band.median, "worst": band.worst, "measured_on_this_gpu": band.onThisGPU,
                "comparable": band.scope] as [String: Any]
    }
}

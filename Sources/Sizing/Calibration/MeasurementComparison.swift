import Catalog

/// Each published figure in `measurements.yaml` beside infrabook's estimate for the same deployment,
/// and the error: what the accuracy page shows, what calibration fits and what the tests hold the
/// engine to. One home, so the page, the command and the tests compare the same way.
///
/// Compares only figures the engine estimates today: the KV cache an engine allocates at start-up
/// (from `EngineAnswer`, with the record's own settings). It never adjusts a published figure.
public struct MeasurementComparison: Sendable {
    /// What kind of figure, for grouping errors.
    public enum Kind: String, Sendable, CaseIterable {
        case memory, throughput, ttft = "TTFT", tpot = "TPOT"
    }

    public var measurement: Measurement
    public var kind: Kind
    /// What was compared ("KV cache tokens").
    public var figure: String
    public var published: Double
    public var estimated: Double

    public init(measurement: Measurement, kind: Kind, figure: String, published: Double, estimated: Double) {
        self.measurement = measurement
        self.kind = kind
        self.figure = figure
        self.published = published
        self.estimated = estimated
    }

    /// Signed relative error, estimate ÷ published − 1 (positive: infrabook is optimistic).
    public var error: Double { estimated / published - 1 }

    /// Every record's comparable figures; records naming an id the catalog lacks are skipped (the
    /// loader has already refused those).
    public static func compare(_ set: MeasurementSet, catalog: DataCatalog) throws(SizingError) -> [MeasurementComparison] {
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

    /// The error measured for cases like one being answered: same kind and engine. `onThisGPU` says
    /// whether any of them ran on the GPU asked about; when none did, the question is outside what
    /// was measured and the band is only a guide.
    public struct ErrorBand: Sendable, Equatable {
        public var kind: Kind
        public var engine: Measurement.Engine
        public var count: Int
        public var median: Double
        public var worst: Double
        public var onThisGPU: Bool

        /// "±12% median, worst 95%, on 3 published vllm start-up logs", and whether the GPU was among them.
        public var sentence: String {
            let percent = { (fraction: Double) in NumberText.fixed(fraction * 100, places: 0) + "%" }
            var text = "±\(percent(median)) median, worst \(percent(worst)), on \(NumberText.count(count, "published \(engine.rawValue) measurement"))"
            if !onThisGPU { text += "; none on this GPU, so this is outside what was measured" }
            return text
        }
    }

    /// The band for `kind` on `engine` and `gpu`, or nil when nothing comparable was measured.
    public static func band(_ comparisons: [MeasurementComparison], kind: Kind, engine: Measurement.Engine, gpu: String) -> ErrorBand? {
        let comparable = comparisons.filter { $0.kind == kind && $0.measurement.engine == engine }
        guard let summary = summary(comparable) else { return nil }
        return ErrorBand(kind: kind, engine: engine, count: summary.count, median: summary.median, worst: summary.worst,
                         onThisGPU: comparable.contains { $0.measurement.gpu == gpu })
    }

    /// The median and the worst absolute error of `comparisons`, or nil when there are none.
    public static func summary(_ comparisons: [MeasurementComparison]) -> (count: Int, median: Double, worst: Double)? {
        let errors = comparisons.map { abs($0.error) }.sorted()
        guard !errors.isEmpty else { return nil }
        let middle = errors.count / 2
        let median = errors.count % 2 == 1 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2
        return (errors.count, median, errors.last!)
    }
}

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
                  let precision = catalog.precision(record.precision), let kv = catalog.precision(record.kvPrecision ?? "bf16") else { continue }
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

    /// The median and the worst absolute error of `comparisons`, or nil when there are none.
    public static func summary(_ comparisons: [MeasurementComparison]) -> (count: Int, median: Double, worst: Double)? {
        let errors = comparisons.map { abs($0.error) }.sorted()
        guard !errors.isEmpty else { return nil }
        let middle = errors.count / 2
        let median = errors.count % 2 == 1 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2
        return (errors.count, median, errors.last!)
    }
}

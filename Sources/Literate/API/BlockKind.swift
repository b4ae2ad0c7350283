import Basics
import Catalog
import Kernels

/// One kind of computation block (`weights-table`, `sizing`, `cost`, ...).
///
/// The parser knows nothing about kinds: it hands the block's options and YAML body to the kind that
/// the registry finds under `name`. A kind reads its keys through `BlockInput` (which rejects unknown
/// keys with suggestions and points every error at `path:line:column`), computes through Sizing or
/// Kernels, and returns a result for inline expressions plus artifacts to show.
package protocol BlockKind: Sendable {
    /// The word after `{` in the info string.
    var name: String { get }
    /// Every key the YAML body may contain.
    var keys: [String] { get }
    /// Evaluates one block. Throw `Diagnostics` (or a single `Diagnostic`) for problems in the body.
    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput
    /// When set, a body written as a plain YAML list is read as the value of this key (the `check`
    /// kind's claims). Nil by default: the body must be a mapping.
    var listKey: String? { get }
    /// The keys allowed in this particular body; `keys` by default. A kind whose keys depend on the
    /// body (a `chart` accepts the keys of the kind it sweeps) overrides this.
    func allowedKeys(for body: YAMLMapping, context: EvaluationContext) -> [String]
}

extension BlockKind {
    package var listKey: String? { nil }
    package func allowedKeys(for body: YAMLMapping, context: EvaluationContext) -> [String] { keys }
}

/// What a block gives back.
package struct BlockOutput: Sendable {
    /// The value inline expressions reach through the block's `id` (usually a record).
    package var result: Value
    /// What the page shows, in order.
    package var artifacts: [Artifact]
    /// Every number computed, with its formula and inputs, for `values.json` and provenance tooltips.
    package var recorded: [RecordedValue]
    /// Problems that do not stop the build (unless `--strict`).
    package var warnings: [Diagnostic]

    package init(result: Value, artifacts: [Artifact] = [], recorded: [RecordedValue] = [], warnings: [Diagnostic] = []) {
        self.result = result
        self.artifacts = artifacts
        self.recorded = recorded
        self.warnings = warnings
    }
}

/// One computed number and how it came about. `name` is a path under the block's id
/// (`memory.total`, `rows.0.bf16`); the page and block are filled in by the evaluator.
package struct RecordedValue: Sendable, Equatable {
    package var name: String
    package var value: Value
    /// A human-readable formula, e.g. `70,553,706,496 parameters × 2 bytes`.
    package var formula: String
    /// Named inputs and their values as text, e.g. `["model": "llama-3.1-70b", "precision": "bf16"]`.
    package var inputs: [String: String]

    package init(name: String, value: Value, formula: String, inputs: [String: String] = [:]) {
        self.name = name
        self.value = value
        self.formula = formula
        self.inputs = inputs
    }
}

/// Everything a block may read: the catalog, prices, cached benchmark results and the build's date.
/// Immutable during a build so pages can be evaluated in parallel. Each read of these is noted in the
/// `DataReads` recording under way (if any), which is how a page's dependencies are known.
package struct EvaluationContext: Sendable {
    package var catalog: DataCatalog {
        get { DataReads.note(.catalog); return data.catalog }
        set { data.catalog = newValue }
    }
    package var prices: PriceList? {
        get { DataReads.note(.prices); return data.prices }
        set { data.prices = newValue }
    }
    package var benchmark: BenchmarkReport? {
        get { DataReads.note(.benchmark); return data.benchmark }
        set { data.benchmark = newValue }
    }
    /// Published measurements (`measurements.yaml`), when the data folder has them.
    package var measurements: MeasurementSet? {
        get { DataReads.note(.measurements); return data.measurements }
        set { data.measurements = newValue }
    }
    /// The build's date as `YYYY-MM-DD` (for staleness of prices); fixed by the caller so output is deterministic.
    package var today: String {
        get { DataReads.note(.today); return data.today }
        set { data.today = newValue }
    }
    /// The inputs above, read without being noted (for comparing two contexts).
    package private(set) var data: Inputs
    /// What expressions inside a block (claims, a chart's `y`) can reach: the results of the blocks
    /// above it on the page and the registered functions. Set by the evaluator for each block.
    package var scope: ExpressionScope
    /// The block kinds in use, for kinds that evaluate other kinds (a `chart` sweeping `kv-cache`).
    package var blockKinds: [any BlockKind]

    package init(catalog: DataCatalog, prices: PriceList? = nil, benchmark: BenchmarkReport? = nil, measurements: MeasurementSet? = nil, today: String,
                scope: ExpressionScope = ExpressionScope(), blockKinds: [any BlockKind] = Registry.blockKinds) {
        self.data = Inputs(catalog: catalog, prices: prices, benchmark: benchmark, measurements: measurements, today: today)
        self.scope = scope
        self.blockKinds = blockKinds
    }

    /// The data a page's values are computed from, one field per `DataReads.Source`.
    package struct Inputs: Sendable, Equatable {
        package var catalog: DataCatalog
        package var prices: PriceList?
        package var benchmark: BenchmarkReport?
        package var measurements: MeasurementSet?
        package var today: String

        /// Whether the part `source` names is the same in both.
        package func same(_ source: DataReads.Source, as other: Inputs) -> Bool {
            switch source {
            case .catalog: return catalog == other.catalog
            case .prices: return prices == other.prices
            case .benchmark: return benchmark == other.benchmark
            case .measurements: return measurements == other.measurements
            case .today: return today == other.today
            }
        }
    }
}

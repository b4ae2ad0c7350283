import Basics
import Catalog
@testable import Literate

/// Parameter counts from the models' Hugging Face safetensors metadata (also quoted in issue 2):
/// Llama 3.1 8B has 8,030,261,248 parameters and Llama 3.1 70B 70,553,706,496.
let parameterCounts: [String: Double] = ["llama-3.1-8b": 8_030_261_248, "llama-3.1-70b": 70_553_706_496]
/// Bytes per parameter of each precision (bf16 is 16 bits, fp8 8 bits, int4 4 bits).
let bytesPerParameter: [String: Double] = ["bf16": 2, "fp8": 1, "int4": 0.5]

/// A test-only block kind: weights of models × precisions from the two tables above.
struct SizesKind: BlockKind {
    let name = "sizes"
    let keys = ["models", "precisions"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        var problems: [Diagnostic] = []
        var rows: [Value.Field] = []
        var recorded: [RecordedValue] = []
        let precisions = try input.required("precisions").list()
        for modelNode in try input.required("models").list() {
            let model = try modelNode.string()
            guard let count = parameterCounts[model] else {
                problems.append(.error(at: modelNode.location, "unknown model '\(model)'" + NearestNames.hint(model, among: parameterCounts.keys)))
                continue
            }
            var cells: [Value.Field] = []
            for precisionNode in precisions {
                let precision = try precisionNode.string()
                guard let bytes = bytesPerParameter[precision] else {
                    problems.append(.error(at: precisionNode.location, "unknown precision '\(precision)'" + NearestNames.hint(precision, among: bytesPerParameter.keys)))
                    continue
                }
                cells.append(Value.Field(precision, .number(count * bytes, .bytes)))
                recorded.append(RecordedValue(name: "\(model).\(precision)", value: .number(count * bytes, .bytes),
                                              formula: "\(Int(count)) parameters × \(bytes) bytes", inputs: ["model": model, "precision": precision]))
            }
            rows.append(Value.Field(model, .record(cells)))
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
        return BlockOutput(result: .record(rows), artifacts: [.paragraph("sizes")], recorded: recorded)
    }
}

/// A test-only function: `size(model, precision)` in bytes, from the same tables.
struct SizeFunction: InlineFunction {
    let name = "size"
    let parameters = ["model", "precision"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let model = try arguments[0].word("a model")
        let precision = try arguments[1].word("a precision")
        guard let count = parameterCounts[model] else {
            throw Diagnostic.error(at: arguments[0].location, "unknown model '\(model)'" + NearestNames.hint(model, among: parameterCounts.keys))
        }
        guard let bytes = bytesPerParameter[precision] else {
            throw Diagnostic.error(at: arguments[1].location, "unknown precision '\(precision)'" + NearestNames.hint(precision, among: bytesPerParameter.keys))
        }
        return Computed(value: .number(count * bytes, .bytes), formula: "\(Int(count)) parameters × \(bytes) bytes",
                        inputs: ["model": model, "precision": precision])
    }
}

/// A context with the test kind and function plus the real `check` and `chart` kinds.
func testContext() -> EvaluationContext {
    EvaluationContext(catalog: DataCatalog(), today: "2026-11-01",
                      scope: ExpressionScope(functions: [SizeFunction()]),
                      blockKinds: [SizesKind(), CheckBlock(), ChartBlock()])
}

/// Evaluates one page given as text.
func evaluate(_ text: String, path: String = "page.md", context: EvaluationContext = testContext()) -> EvaluatedPage {
    let (page, problems) = Page.parse(text, path: path)
    var evaluated = Literate.evaluate([page], context: context)[0]
    evaluated.diagnostics = (problems + evaluated.diagnostics).sorted { $0.location < $1.location }
    return evaluated
}

/// `line:column: message` of each error, for compact assertions.
func errors(_ page: EvaluatedPage) -> [String] {
    page.diagnostics.filter { $0.severity == .error }.map { "\($0.location.line):\($0.location.column): \($0.message)" }
}

/// A page with front matter around `body`.
func page(_ body: String) -> String {
    "---\ntitle: Test\n---\n" + body
}

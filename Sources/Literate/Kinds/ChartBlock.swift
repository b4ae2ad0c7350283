import Basics

/// The `chart` block: a sweep over one or two variables, drawn by the site as an SVG chart with a
/// table as its text alternative. It comes in two forms.
///
/// **An expression swept over values.** `y` is an inline expression evaluated once per point with the
/// `x` variable (and the `series` variable, when given) bound by name:
///
/// ````markdown
/// ```{chart id=kv caption="KV cache for one user"}
/// x: {name: context, values: [1K, 8K, 32K, 128K], label: "Context (tokens)"}
/// series: {name: model, values: [llama-3.1-8b, llama-3.1-70b]}
/// y: "kv_cache(model, context, 1, bf16) | GB"
/// y_label: "KV cache"
/// style: line
/// ```
/// ````
///
/// **Another block kind swept over its keys.** `kind` names the block kind; `x` and `series` name
/// keys of that kind whose values here are lists; the other keys of that kind are passed through; `y`
/// is an expression over the fields of that kind's result (here `total`, or `total / 1GB`):
///
/// ````markdown
/// ```{chart caption="KV cache against context"}
/// kind: kv-cache
/// x: context
/// series: model
/// y: total
/// model: [llama-3.1-8b, llama-3.1-70b]
/// context: [4K, 16K, 64K, 128K]
/// users: 1
/// kv_precision: bf16
/// ```
/// ````
///
/// Keys: `x` (a variable name, or `{name, values, label}`), `series` (the same; optional), `y`
/// (required), `y_label`, `x_label`, `style` (`line`, the default, `bar` or `scatter`), `log_x`,
/// `log_y`, `kind`. Values are names (`llama-3.1-8b`) or numbers with unit suffixes (`8K`, `70B`,
/// `80GB`). A line or scatter chart needs numeric x values; a bar chart shows x values as categories.
/// `y`'s filters pick the plotted unit: `| GB` plots gigabytes, `| pct` percent; without a filter,
/// bytes are plotted in GB and other units as they are. The result, for inline expressions, is a
/// record `series → x → value` (`kv.llama-3.1-8b.8K`), or `x → value` without a series.
package struct ChartBlock: BlockKind {
    package let name = "chart"
    package let keys = ["x", "y", "series", "y_label", "x_label", "style", "log_x", "log_y", "kind"]
    static let axisKeys = ["name", "values", "label"]

    package init() {}

    package func allowedKeys(for body: YAMLMapping, context: EvaluationContext) -> [String] {
        guard let swept = body["kind"]?.scalarText else { return keys }
        // An unknown kind is reported by `evaluate`; its keys cannot be judged until it is fixed.
        guard let kind = context.blockKinds.first(where: { $0.name == swept }) else { return body.keys }
        return keys + kind.keys
    }

    /// One swept variable: its name, its values as written and as values, and its axis label.
    struct Axis {
        var name: String
        var label: String
        var written: [String]
        var values: [Value]
        var nodes: [YAMLNode]
    }

    package func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        var problems: [Diagnostic] = []
        var swept: (any BlockKind)?
        if let kindNode = input["kind"] {
            let kindName = try kindNode.string()
            guard let kind = context.blockKinds.first(where: { $0.name == kindName }), kindName != name else {
                throw Diagnostic.error(at: kindNode.location, "unknown block kind '\(kindName)' to sweep"
                    + NearestNames.hint(kindName, among: context.blockKinds.map(\.name).filter { $0 != name }))
            }
            swept = kind
        }
        let x = try axis(input.required("x"), input: input, sweeping: swept)
        let series = try input["series"].map { node throws(Diagnostic) in try axis(node, input: input, sweeping: swept) }
        let yNode = try input.required("y")
        let yText = try yNode.string()
        let y = try Expression.parse(yText, at: location(of: yNode))

        let style: Chart.Style
        switch try input["style"]?.string() ?? "line" {
        case "line": style = .line
        case "bar": style = .bar
        case "scatter": style = .scatter
        case let other:
            throw Diagnostic.error(at: input["style"]!.location, "unknown chart style '\(other)'" + NearestNames.hint(other, among: ["line", "bar", "scatter"]))
        }
        if style != .bar, let index = x.values.firstIndex(where: { if case .number = $0 { return false } else { return true } }) {
            throw Diagnostic.error(at: x.nodes[index].location, "a \(style.rawValue) chart needs numbers along x, found '\(x.written[index])'; use style: bar for names")
        }

        let seriesValues: [(written: String, value: Value?)] = series.map { axis in axis.written.indices.map { (axis.written[$0], axis.values[$0]) } } ?? [("", nil)]
        var plotted: [Chart.Series] = []
        var cells: [[String]] = Array(repeating: [], count: x.values.count)
        var resultFields: [Value.Field] = []
        var recorded: [RecordedValue] = []
        var plotUnit: (divisor: Double, label: String?)?

        for (seriesText, seriesValue) in seriesValues {
            var points: [(x: Double, y: Double)] = []
            var fields: [Value.Field] = []
            for (index, xValue) in x.values.enumerated() {
                do {
                    var scope = context.scope.binding(x.name, to: xValue)
                    if let series, let seriesValue { scope = scope.binding(series.name, to: seriesValue) }
                    if let swept {
                        let result = try sweep(swept, input: input, x: (x, index), series: series.map { ($0, seriesText) }, context: context)
                        for field in result { scope = scope.binding(field.name, to: field.value) }
                    }
                    let evaluated = try y.evaluate(in: scope, context: context)
                    guard case .number(let amount, let unit) = evaluated.value else {
                        throw Diagnostic.error(at: y.location, "'y' must give a number, found \(ValueFormatter.describe(evaluated.value))")
                    }
                    let scale = try plotUnit ?? Self.scale(for: y, unit: unit)
                    plotUnit = scale
                    let xPosition: Double
                    if style == .bar { xPosition = Double(index) } else if case .number(let position, _) = xValue { xPosition = position } else { xPosition = Double(index) }
                    points.append((xPosition, amount / scale.divisor))
                    cells[index].append(evaluated.formatted)
                    fields.append(Value.Field(x.written[index], evaluated.value))
                    var inputs = evaluated.inputs
                    inputs[x.name] = x.written[index]
                    if let series { inputs[series.name] = seriesText }
                    let pointName = series == nil ? x.written[index] : seriesText + "." + x.written[index]
                    recorded.append(RecordedValue(name: pointName, value: evaluated.value, formula: evaluated.formula, inputs: inputs))
                } catch let error as Diagnostic {
                    problems.append(error)
                } catch let error as Diagnostics {
                    problems += error.items
                }
                if !problems.isEmpty { break }
            }
            if !problems.isEmpty { break }
            plotted.append(Chart.Series(name: series == nil ? (input["y_label"]?.scalarText ?? y.formulaText) : Self.shown(seriesText, context), points: points))
            if series == nil { resultFields = fields } else { resultFields.append(Value.Field(seriesText, .record(fields))) }
        }
        if !problems.isEmpty { throw Diagnostics(problems) }

        var yLabel = try input["y_label"]?.string() ?? y.formulaText
        if let unitLabel = plotUnit?.label, !yLabel.contains(unitLabel) { yLabel += " (\(unitLabel))" }
        let xLabel = try input["x_label"]?.string() ?? x.label
        let chart = Chart(title: input.caption ?? yLabel, style: style, xLabel: xLabel, yLabel: yLabel,
                          categories: style == .bar ? x.written.map { Self.shown($0, context) } : [], series: plotted,
                          logX: try input["log_x"]?.bool() ?? false, logY: try input["log_y"]?.bool() ?? false)
        let columns = [Table.Column(xLabel)] + (series == nil ? [Table.Column(yLabel, alignment: .right)]
                                                             : seriesValues.map { Table.Column(Self.shown($0.written, context), alignment: .right) })
        let rows = x.written.indices.map { index in
            [Table.Cell(Self.shown(x.written[index], context))] + cells[index].enumerated().map { column, text in
                let name = series == nil ? x.written[index] : seriesValues[column].written + "." + x.written[index]
                return Table.Cell(text, valueName: name)
            }
        }
        let table = Table(caption: input.caption, columns: columns, rows: rows)
        return BlockOutput(result: .record(resultFields), artifacts: [.chart(chart), .table(table)], recorded: recorded)
    }

    /// A swept value as readers see it: a catalog id by its display name (`h100-sxm` → "NVIDIA H100
    /// SXM5 80GB"), anything else as written.
    static func shown(_ written: String, _ context: EvaluationContext) -> String {
        context.catalog.displayName(written) ?? written
    }

    /// Where an expression written as a YAML scalar starts (one further right when quoted).
    private func location(of node: YAMLNode) -> SourceLocation {
        if case .scalar(_, let plain) = node.content, !plain {
            return SourceLocation(file: node.location.file, line: node.location.line, column: node.location.column + 1)
        }
        return node.location
    }

    /// Reads `x` or `series`: a mapping `{name, values, label}`, or (when sweeping a kind) a key name
    /// whose list of values is given under that key.
    private func axis(_ node: YAMLNode, input: BlockInput, sweeping swept: (any BlockKind)?) throws(Diagnostic) -> Axis {
        let name: String
        var label: String?
        var valuesNode: YAMLNode?
        switch node.content {
        case .mapping:
            let mapping = try node.mapping()
            if let unknown = mapping.unknownKeys(allowed: Self.axisKeys, in: "a chart axis").first { throw unknown }
            name = try mapping.required("name", in: "a chart axis").string()
            label = try mapping["label"]?.string()
            valuesNode = mapping["values"]
        case .scalar(let text, _):
            name = text
        default:
            throw .error(at: node.location, "expected a variable name or {name: ..., values: [...], label: ...}")
        }
        if let swept {
            guard swept.keys.contains(name) else {
                throw .error(at: node.location, "'\(name)' is not a key of '\(swept.name)' blocks" + NearestNames.hint(name, among: swept.keys))
            }
            if valuesNode == nil { valuesNode = input[name] }
        }
        guard let list = valuesNode else {
            throw .error(at: node.location, "no values to sweep '\(name)' over: give {name: \(name), values: [...]}"
                + (swept == nil ? "" : " or a list under '\(name)'"))
        }
        let items = try list.list()
        guard !items.isEmpty else { throw .error(at: list.location, "'\(name)' needs at least one value to sweep") }
        var written: [String] = []
        var values: [Value] = []
        for item in items {
            let text = try item.string()
            written.append(text)
            values.append(Self.value(of: text, at: item.location))
        }
        return Axis(name: name, label: label ?? name, written: written, values: values, nodes: items)
    }

    /// A swept value: a number with its suffix (`8K`, `70B`, `80GB`) when it reads as one, else a name.
    static func value(of text: String, at location: SourceLocation) -> Value {
        if let parsed = try? Expression.parse(text, at: location), case .number(let amount, let unit, _, _) = parsed.root {
            return .number(amount, unit)
        }
        return .text(text)
    }

    /// Evaluates the swept kind with `x` (and the series variable) set to one value each.
    private func sweep(_ kind: any BlockKind, input: BlockInput, x: (Axis, Int), series: (Axis, String)?,
                       context: EvaluationContext) throws -> [Value.Field] {
        let (xAxis, xIndex) = x
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        for pair in input.body.pairs {
            guard let key = pair.key.scalarText, kind.keys.contains(key) else { continue }
            if key == xAxis.name {
                pairs.append((pair.key, xAxis.nodes[xIndex]))
            } else if let (axis, written) = series, key == axis.name, let index = axis.written.firstIndex(of: written) {
                pairs.append((pair.key, axis.nodes[index]))
            } else {
                pairs.append(pair)
            }
        }
        let body = try YAMLNode(content: .mapping(pairs), location: input.body.location).mapping()
        let swept = BlockInput(kind: kind.name, id: nil, caption: nil, echo: false, body: body, source: input.source, location: input.location)
        let output = try kind.evaluate(swept, context: context)
        guard case .record(let fields) = output.result else {
            throw Diagnostic.error(at: input.location, "'\(kind.name)' gives no fields to plot")
        }
        return fields
    }

    /// The divisor and unit label that `y`'s filters ask for: GB and friends, `pct` (×100); bytes
    /// default to GB.
    static func scale(for y: Expression, unit: Unit) throws(Diagnostic) -> (divisor: Double, label: String?) {
        for filter in y.filters {
            if let size = ValueFormatter.sizeFilters[filter.name] {
                return (size.divisor, unit == .bytesPerSecond ? size.label + "/s" : size.label)
            }
            if filter.name == "pct" { return (0.01, "%") }
        }
        switch unit {
        case .bytes: return (1e9, "GB")
        case .bytesPerSecond: return (1e9, "GB/s")
        case .none, .ratio: return (1, nil)
        default: return (1, unit.rawValue)
        }
    }
}

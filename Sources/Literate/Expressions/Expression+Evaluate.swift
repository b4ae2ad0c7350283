import Basics

/// Evaluation of a parsed expression: resolves paths and calls, checks units, and keeps track of the
/// inputs it read so the value's provenance can be recorded.
extension Expression {
    /// A value with the text the page shows and how it came about.
    package struct Result: Sendable {
        package var value: Value
        /// The value as shown, with the expression's filters applied.
        package var formatted: String
        package var formula: String
        /// Every path and call the expression read, with its value as text.
        package var inputs: [String: String]
    }

    /// The outcome of a comparison (a claim): whether it holds and both sides.
    package struct Comparison: Sendable {
        package var holds: Bool
        package var left: Value
        package var right: Value
        package var op: String
        package var inputs: [String: String]
        /// Each side as a reader would name it (`ClaimWording.describe`): nil for a plain number.
        var leftDescription: String?
        var rightDescription: String?
    }

    /// Evaluates the expression and formats it with its filters.
    package func evaluate(in scope: ExpressionScope, context: EvaluationContext) throws(Diagnostic) -> Result {
        var evaluator = Evaluator(expression: self, scope: scope, context: context)
        let value = try evaluator.value(of: root)
        let formatted = try ValueFormatter.format(value, filters: filters, expression: self)
        return Result(value: value, formatted: formatted, formula: evaluator.formula(for: root), inputs: evaluator.inputs)
    }

    /// Evaluates a comparison `a op b`. Equality holds within `relativeTolerance` of the larger side
    /// (default 1e-9, enough to absorb floating-point rounding); `<=` and `>=` also hold within it;
    /// `<` and `>` are strict. Units of the two sides must be comparable.
    package func evaluateComparison(in scope: ExpressionScope, context: EvaluationContext,
                                   relativeTolerance: Double = 1e-9) throws(Diagnostic) -> Comparison {
        guard case .compare(let op, let leftNode, let rightNode, let offset) = root else {
            throw .error(at: location, "a claim compares two values, as in 'weights(m, int4) < 40GB'; found no comparison")
        }
        var evaluator = Evaluator(expression: self, scope: scope, context: context)
        let left = try evaluator.value(of: leftNode)
        let right = try evaluator.value(of: rightNode)
        let holds: Bool
        switch (left, right) {
        case (.number(let a, let ua), .number(let b, let ub)):
            guard UnitArithmetic.comparable(ua, ub) else {
                throw .error(at: self.location(at: offset), "cannot compare \(UnitArithmetic.describe(ua)) with \(UnitArithmetic.describe(ub))" + UnitArithmetic.advice(ua, ub))
            }
            let close = abs(a - b) <= relativeTolerance * max(abs(a), abs(b))
            switch op {
            case "==": holds = close
            case "!=": holds = !close
            case "<": holds = a < b && !close
            case "<=": holds = a <= b || close
            case ">": holds = a > b && !close
            default: holds = a >= b || close
            }
        case (.text(let a), .text(let b)) where op == "==" || op == "!=":
            holds = (a == b) == (op == "==")
        case (.flag(let a), .flag(let b)) where op == "==" || op == "!=":
            holds = (a == b) == (op == "==")
        default:
            throw .error(at: self.location(at: offset), "cannot compare \(ValueFormatter.describe(left)) with \(ValueFormatter.describe(right)) using '\(op)'")
        }
        let characters = Array(text)
        let opEnd = min(characters.count, offset + op.count)
        let leftSource = String(characters[..<min(offset, characters.count)]).trimming(" ")
        let rightSource = String(characters[opEnd...]).trimming(" ")
        return Comparison(holds: holds, left: left, right: right, op: op, inputs: evaluator.inputs,
                          leftDescription: ClaimWording.describe(leftNode, source: leftSource, catalog: context.catalog),
                          rightDescription: ClaimWording.describe(rightNode, source: rightSource, catalog: context.catalog))
    }
}

private struct Evaluator {
    let expression: Expression
    let scope: ExpressionScope
    let context: EvaluationContext
    var inputs: [String: String] = [:]
    /// Formulas of the calls and paths read, by their text, for single-term expressions.
    var formulas: [String: String] = [:]

    init(expression: Expression, scope: ExpressionScope, context: EvaluationContext) {
        self.expression = expression
        self.scope = scope
        self.context = context
    }

    func at(_ offset: Int) -> SourceLocation { expression.location(at: offset) }

    /// The formula to record: the callee's or path's own formula for a single term, else the text.
    func formula(for node: Expression.Node) -> String {
        let text = expression.formulaText
        switch node {
        case .call, .path:
            if let inner = formulas[text], !inner.isEmpty, inner != text { return "\(text) = \(inner)" }
            return text
        default:
            return text
        }
    }

    mutating func value(of node: Expression.Node) throws(Diagnostic) -> Value {
        switch node {
        case .number(let amount, let unit, _, _):
            return .number(amount, unit)
        case .path(let segments, let offset):
            return try resolve(segments, offset: offset)
        case .call(let name, let offset, let arguments):
            return try call(name, offset: offset, arguments: arguments)
        case .negate(let inner, let offset):
            guard case .number(let amount, let unit) = try value(of: inner) else {
                throw .error(at: at(offset), "'-' needs a number")
            }
            return .number(-amount, unit)
        case .binary(let op, let left, let right, let offset):
            let a = try number(left, for: op, at: offset)
            let b = try number(right, for: op, at: offset)
            let result: Value
            switch op {
            case "+", "-":
                guard let unit = UnitArithmetic.sum(a.unit, b.unit) else {
                    let verb = op == "+" ? "add" : "subtract"
                    throw .error(at: at(offset), "cannot \(verb) \(UnitArithmetic.describe(b.unit)) \(op == "+" ? "to" : "from") \(UnitArithmetic.describe(a.unit))"
                        + UnitArithmetic.advice(a.unit, b.unit))
                }
                result = .number(op == "+" ? a.amount + b.amount : a.amount - b.amount, unit)
            case "*":
                result = .number(a.amount * b.amount, UnitArithmetic.product(a.unit, b.unit))
            default:
                guard b.amount != 0 else { throw .error(at: at(offset), "division by zero") }
                result = .number(a.amount / b.amount, UnitArithmetic.quotient(a.unit, b.unit))
            }
            // Operands are finite, so only this step can have overflowed: say so at its operator.
            return try finite(result, at: offset)
        case .compare(let op, _, _, let offset):
            throw .error(at: at(offset), "comparison '\(op)' is only allowed in the claims of a 'check' block")
        }
    }

    mutating func number(_ node: Expression.Node, for op: String, at offset: Int) throws(Diagnostic) -> (amount: Double, unit: Unit) {
        let result = try value(of: node)
        guard case .number(let amount, let unit) = result else {
            throw .error(at: at(offset), "'\(op)' needs numbers on both sides, but one side is \(ValueFormatter.describe(result))")
        }
        return (amount, unit)
    }

    mutating func resolve(_ segments: [(name: String, offset: Int)], offset: Int) throws(Diagnostic) -> Value {
        let head = segments[0]
        let fullText = segments.map(\.name).joined(separator: ".")
        var current: Value
        if let bound = scope.variables[head.name] {
            current = bound
        } else if let result = scope.results[head.name] {
            current = result
        } else if scope.failedIDs.contains(head.name) {
            throw Diagnostic(.note, at: at(head.offset), "'\(head.name)' \(ExpressionScope.cascadeSuffix)")
        } else if scope.laterIDs.contains(head.name) {
            throw .error(at: at(head.offset), "'\(head.name)' is the id of a block further down the page; blocks are evaluated in page order, so move this below it")
        } else if scope.function(named: head.name) != nil, segments.count == 1 {
            throw .error(at: at(head.offset), "'\(head.name)' is a function: call it with arguments, as in \(head.name)(...)")
        } else {
            var message = "unknown name '\(head.name)'"
            let candidates = Array(scope.results.keys) + Array(scope.variables.keys)
            let hint = NearestNames.hint(head.name, among: candidates)
            message += hint.hasPrefix("; did you mean") ? hint : (candidates.isEmpty ? ": no block on this page has an id" : "; the block ids on this page are: " + candidates.sorted().joined(separator: ", "))
            if head.name.contains("-"), segments.count > 0, let dash = fullText.firstIndex(of: "-"),
               scope.knows(String(fullText[..<dash])) {
                message += " (to subtract, put spaces around '-')"
            }
            throw .error(at: at(head.offset), message)
        }
        var index = 1
        var walked = head.name
        while index < segments.count {
            // Field names may contain dots (`llama-3.1-70b`): take the longest run of segments that names a field.
            var matched = 0
            var next: Value?
            for length in stride(from: segments.count - index, through: 1, by: -1) {
                let name = segments[index..<index + length].map(\.name).joined(separator: ".")
                if let field = current[field: name] {
                    next = field; matched = length; break
                }
                if case .list(let items) = current, length == 1, let position = Int(name), items.indices.contains(position) {
                    next = items[position]; matched = 1; break
                }
            }
            guard let found = next else {
                let segment = segments[index]
                let names = current.fieldNames
                if names.isEmpty {
                    throw .error(at: at(segment.offset), "'\(walked)' is \(ValueFormatter.describe(current)) and has no field '\(segment.name)'")
                }
                let hint = NearestNames.hint(segment.name, among: names)
                let subtraction = segment.name.contains("-") ? " (to subtract, put spaces around '-')" : ""
                throw .error(at: at(segment.offset), "unknown field '\(segment.name)' in '\(walked)'"
                    + (hint.isEmpty ? "; its fields are: " + names.prefix(20).joined(separator: ", ") : hint) + subtraction)
            }
            walked += "." + segments[index..<index + matched].map(\.name).joined(separator: ".")
            current = found
            index += matched
        }
        inputs[fullText] = ValueFormatter.text(current)
        if let recorded = scope.recorded[fullText] { formulas[fullText] = recorded.formula }
        return current
    }

    mutating func call(_ name: String, offset: Int, arguments: [Expression.Node]) throws(Diagnostic) -> Value {
        guard let function = scope.function(named: name) else {
            let known = scope.functions.map(\.name)
            var message = "unknown function '\(name)'" + NearestNames.hint(name, among: known)
            if known.isEmpty { message += "; no functions are registered" }
            throw .error(at: at(offset), message)
        }
        guard arguments.count == function.parameters.count else {
            let signature = "\(name)(\(function.parameters.joined(separator: ", ")))"
            throw .error(at: at(offset), "\(signature) takes \(NumberText.count(function.parameters.count, "argument")), found \(arguments.count)")
        }
        var passed: [Argument] = []
        var shown: [String] = []
        for argument in arguments {
            if case .path(let segments, let argOffset) = argument, !scope.knows(segments[0].name) {
                let word = segments.map(\.name).joined(separator: ".")
                passed.append(Argument(.word(word), location: at(argOffset)))
                shown.append(word)
            } else {
                let value = try value(of: argument)
                passed.append(Argument(.value(value), location: at(Self.offset(of: argument))))
                shown.append(ValueFormatter.text(value))
            }
        }
        let computed: Computed
        do {
            computed = try function.call(passed, context: context)
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch let many as Diagnostics {
            throw many.items.first ?? .error(at: at(offset), "\(name)(...) failed")
        } catch {
            throw .error(at: at(offset), "\(name)(...) failed: \(error)")
        }
        let text = "\(name)(\(shown.joined(separator: ", ")))"
        _ = try finite(computed.value, at: offset)
        inputs[text] = ValueFormatter.text(computed.value)
        formulas[expression.formulaText] = computed.formula
        for (key, value) in computed.inputs { inputs[key] = value }
        return computed.value
    }

    /// `value` unless it is, or holds, a number that is not finite: those are refused at `offset`,
    /// never shown as "∞" or "NaN".
    func finite(_ value: Value, at offset: Int) throws(Diagnostic) -> Value {
        guard value.isFinite else { throw .error(at: at(offset), ValueFormatter.nonFiniteMessage) }
        return value
    }

    static func offset(of node: Expression.Node) -> Int {
        switch node {
        case .number(_, _, _, let offset), .path(_, let offset), .call(_, let offset, _), .negate(_, let offset):
            return offset
        case .binary(_, let left, _, _), .compare(_, let left, _, _):
            return offset(of: left)
        }
    }
}

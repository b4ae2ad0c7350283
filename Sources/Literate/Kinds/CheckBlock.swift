import Basics

/// The `check` block: claims about computed values that must hold, or the build fails.
///
/// ````markdown
/// ```{check caption="Rules of thumb"}
/// claims:
///   - weights(llama-3.1-70b, int4) == weights(llama-3.1-70b, bf16) / 4
///   - claim: A 70B model at BF16 does not fit on one 80 GB GPU
///     holds: weights(llama-3.1-70b, bf16) > gpu_memory(h100-sxm)
///   - claim: Within 2% of the rounded name
///     holds: params(llama-3.1-70b) == 70B
///     tolerance: 2%
/// tolerance: 0.1%
/// ```
/// ````
///
/// The body is either a plain list of claims or a mapping with `claims` and an optional default
/// `tolerance`. A claim is an expression comparing two values with `<`, `<=`, `>`, `>=`, `==` or `!=`
/// (the inline-expression language, so block ids above on the page, functions and unit suffixes work),
/// or a mapping with `claim` (the sentence shown), `holds` (the comparison; `expect` is accepted as
/// another name for it) and `tolerance`.
///
/// Tolerance is relative to the larger side: `==` holds when |a − b| ≤ tolerance × max(|a|, |b|),
/// `!=` when it does not, `<=`/`>=` also hold within it, and `<`/`>` are strict and fail within it.
/// The default is 1e-9, which only absorbs floating-point rounding. Write it as `2%` or `0.02`.
///
/// A claim that does not hold is an error at the claim's line and column, showing both sides. The
/// block shows each claim with the sentence its numbers make (`ClaimWording`): what each side is and
/// its value, never a bare `(32 == 32)`.
package struct CheckBlock: BlockKind {
    package let name = "check"
    package let keys = ["claims", "tolerance"]
    package var listKey: String? { "claims" }

    static let claimKeys = ["claim", "holds", "expect", "tolerance"]
    static let defaultTolerance = 1e-9

    package init() {}

    package func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        var problems: [Diagnostic] = []
        var results: [CheckResult] = []
        var recorded: [RecordedValue] = []
        var defaultTolerance = Self.defaultTolerance
        if let node = input["tolerance"] {
            do { defaultTolerance = try Self.tolerance(node) } catch { problems.append(error) }
        }
        let claims = try input.required("claims").list()
        if claims.isEmpty { problems.append(.error(at: input.location, "a 'check' block needs at least one claim")) }

        for (index, node) in claims.enumerated() {
            do {
                let (sentence, expressionNode, tolerance) = try Self.read(node, defaultTolerance: defaultTolerance)
                let text = try expressionNode.string()
                let start = expressionNode.location
                let location = isQuoted(expressionNode) ? SourceLocation(file: start.file, line: start.line, column: start.column + 1) : start
                let expression = try Expression.parse(text, at: location, allowComparison: true)
                let outcome = try expression.evaluateComparison(in: context.scope, context: context, relativeTolerance: tolerance)
                let detail = "\(ValueFormatter.text(outcome.left)) \(outcome.op) \(ValueFormatter.text(outcome.right))"
                let (leftText, rightText) = ClaimWording.values(outcome.left, outcome.right, op: outcome.op)
                let statement = ClaimWording.sentence(
                    left: .init(description: outcome.leftDescription, value: leftText), op: outcome.op,
                    right: .init(description: outcome.rightDescription, value: rightText), tolerance: tolerance)
                results.append(CheckResult(claim: sentence ?? text, holds: outcome.holds, detail: statement))
                recorded.append(RecordedValue(name: "claims.\(index)", value: .flag(outcome.holds), formula: "\(text): \(detail)", inputs: outcome.inputs))
                if !outcome.holds {
                    let about = sentence.map { "'\($0)': " } ?? ""
                    problems.append(.error(at: location, "claim does not hold: \(about)\(detail) (\(text))"))
                }
            } catch {
                problems.append(error)
            }
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
        let held = results.filter(\.holds).count
        let result = Value.record([Value.Field("claims", .number(Double(results.count), .none)), Value.Field("holding", .number(Double(held), .none))])
        return BlockOutput(result: result, artifacts: [.checks(results)], recorded: recorded)
    }

    private func isQuoted(_ node: YAMLNode) -> Bool {
        if case .scalar(_, let plain) = node.content { return !plain }
        return false
    }

    /// A claim as (sentence, comparison node, tolerance).
    static func read(_ node: YAMLNode, defaultTolerance: Double) throws(Diagnostic) -> (String?, YAMLNode, Double) {
        switch node.content {
        case .scalar:
            return (nil, node, defaultTolerance)
        case .mapping:
            let claim = try node.mapping()
            if let unknown = claim.unknownKeys(allowed: claimKeys, in: "a claim").first { throw unknown }
            if claim["holds"] != nil, let expect = claim.keyLocation("expect") {
                throw .error(at: expect, "give either 'holds' or 'expect', not both")
            }
            let expression: YAMLNode
            if let holds = claim["holds"] ?? claim["expect"], !holds.isNull {
                expression = holds
            } else {
                throw .error(at: claim.location, "a claim written as a mapping needs 'holds: <comparison>', as in holds: weights(m, bf16) < 80GB")
            }
            let sentence = try claim["claim"].map { node throws(Diagnostic) in try node.string() }
            let tolerance = try claim["tolerance"].map { node throws(Diagnostic) in try Self.tolerance(node) } ?? defaultTolerance
            return (sentence, expression, tolerance)
        default:
            throw .error(at: node.location, "expected a claim: a comparison such as 'a.total < 80GB', or a mapping with 'claim' and 'holds'")
        }
    }

    /// `2%` → 0.02, `0.02` → 0.02; negative or missing numbers are refused.
    static func tolerance(_ node: YAMLNode) throws(Diagnostic) -> Double {
        let text = try node.string()
        let percent = text.hasSuffix("%")
        guard let number = Quantity.parseNumber(percent ? String(text.dropLast()) : text), number >= 0 else {
            throw .error(at: node.location, "expected a tolerance such as 1% or 0.01, found '\(text)'")
        }
        return percent ? number / 100 : number
    }
}

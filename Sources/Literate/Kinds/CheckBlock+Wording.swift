import Basics
import Catalog

/// The sentence a `check` claim's numbers make: what each side of the comparison is, in words where
/// the engine function is known ("the weight memory of GLM-5 at FP8"), its value in its unit's usual
/// form, and the relation between them ("more than"), as in
/// "The weight memory of GLM-5 at FP8 is 744.3 GB, more than the node memory of NVIDIA DGX H100 (640 GB)."
///
/// A side the function table does not know is named by its source text between backticks
/// ("`be.months` is 60.6 months, …"); the site's renderers show those spans as code.
///
/// It owns only the wording of comparisons; values are formatted by `ValueFormatter` and names come
/// from the catalog (`DataCatalog.displayName`). It never decides whether a claim holds.
enum ClaimWording {
    /// One side of a comparison: what it is (nil for a number written in the claim) and its value.
    struct Side {
        var description: String?
        var value: String
    }

    /// Both sides' values as text that tells them apart: a bare number compared with a quantity takes
    /// the quantity's unit (`1` against a time reads `1 s`), ratios read as percentages, and a strict
    /// comparison whose sides round to the same text gets more decimals.
    static func values(_ left: Value, _ right: Value, op: String) -> (String, String) {
        guard case .number(let a, var unitA) = left, case .number(let b, var unitB) = right else {
            return (ValueFormatter.text(left), ValueFormatter.text(right))
        }
        if unitA == .none, unitB != .ratio { unitA = unitB }
        if unitB == .none, unitA != .ratio { unitB = unitA }
        if unitA == .ratio || unitB == .ratio {
            var decimals = 1
            func percent(_ x: Double) -> String { NumberText.number(x * 100, decimals: decimals, exact: false, grouping: true) + "%" }
            while decimals < 6, op != "==", op != "<=", op != ">=", percent(a) == percent(b) { decimals += 1 }
            return (percent(a), percent(b))
        }
        let plain = (ValueFormatter.text(a, unit: unitA), ValueFormatter.text(b, unit: unitB))
        guard plain.0 == plain.1, op == "<" || op == ">" || op == "!=", unitA == .none || unitA == .bytes else { return plain }
        // Bytes in GB, plain numbers as they are, with as many decimals as it takes to differ.
        let (divisor, suffix) = unitA == .bytes ? (1e9, " GB") : (1.0, "")
        var decimals = 3
        func text(_ x: Double) -> String { NumberText.number(x / divisor, decimals: decimals, exact: false, grouping: true) + suffix }
        while decimals < 9, text(a) == text(b) { decimals += 1 }
        return (text(a), text(b))
    }

    /// The whole sentence, ending with a full stop.
    static func sentence(left: Side, op: String, right: Side, tolerance: Double) -> String {
        guard let description = left.description else {
            // A number written in the claim is its own subject: "131,072 tokens is more than 100,000 tokens."
            return "\(left.value) is \(relationWords(op, tolerance: tolerance)) \(right.description.map { "\($0) (\(right.value))" } ?? right.value)."
        }
        let subject = capitalizingFirst(description)
        let tolerant = tolerance > CheckBlock.defaultTolerance
        let relation = relationWords(op, tolerance: tolerance)
        let other = right.description.map { "\($0) (\(right.value))" } ?? right.value
        if op == "==", !tolerant, right.description == nil || right.value == left.value {
            // "is 2, the same as 2" says nothing more than "is 2".
            let same = right.description.map { ", the same as \($0)" } ?? ""
            return "\(subject) is \(left.value)\(same)."
        }
        return "\(subject) is \(left.value), \(relation) \(other)."
    }

    /// What the expression `node` is, in words for the engine functions a reader knows, else its
    /// source text between backticks (`` `glm.options.h100-sxm.nodes` ``); nil for a plain number.
    static func describe(_ node: Expression.Node, source: String, catalog: DataCatalog) -> String? {
        func name(_ argument: Expression.Node) -> String? {
            guard case .path(let segments, _) = argument else { return nil }
            let id = segments.map(\.name).joined(separator: ".")
            return catalog.displayName(id) ?? id
        }
        let code = "`\(source)`"
        switch node {
        case .number:
            return nil
        case .call(let function, _, let arguments):
            let names = arguments.map(name)
            guard !names.contains(where: { $0 == nil }) else { return code }
            let words = names.compactMap { $0 }
            switch (function, words.count) {
            case ("weights", 2): return "the weight memory of \(words[0]) at \(words[1])"
            case ("params", 1): return "the parameter count of \(words[0])"
            case ("active_params", 1): return "the parameters \(words[0]) uses per token"
            case ("kv_per_token", 2): return "the KV cache of one token of \(words[0]) at \(words[1])"
            case ("bits_per_weight", 1): return "the bits per weight of \(words[0])"
            case ("max_context", 1): return "the longest context of \(words[0])"
            case ("gpu_memory", 1): return "the memory of one \(words[0])"
            case ("gpu_bandwidth", 1): return "the memory bandwidth of one \(words[0])"
            case ("gpu_flops", 2): return "the dense \(words[1]) throughput of one \(words[0])"
            case ("spec", 2): return "the \(words[1].replacingOccurrences(of: "_", with: " ")) of \(words[0])"
            default: return code
            }
        default:
            return code
        }
    }

    /// `<` → "less than", `==` → "the same as" (or "within 2% of" with a tolerance).
    static func relationWords(_ op: String, tolerance: Double) -> String {
        switch op {
        case "<": return "less than"
        case "<=": return "at most"
        case ">": return "more than"
        case ">=": return "at least"
        case "!=": return "not the same as"
        default: return tolerance > CheckBlock.defaultTolerance ? "within \(percent(tolerance)) of" : "the same as"
        }
    }

    private static func percent(_ fraction: Double) -> String {
        NumberText.number(fraction * 100, decimals: 2, exact: false, grouping: true) + "%"
    }

    private static func capitalizingFirst(_ text: String) -> String {
        guard let first = text.first, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

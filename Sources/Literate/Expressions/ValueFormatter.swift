import Basics
import Sizing

/// Turns values into the text a page shows: the `|` filters of inline expressions and, without filters,
/// a default chosen by the value's unit. Locale-free, so output never depends on the machine.
///
/// Filters (combine freely, order does not matter):
/// - `GB`, `GiB`, `TB`, `TiB`, `MB`, `MiB`: a size (or a bandwidth, shown `GB/s`) in that unit, one
///   decimal: `141.1 GB`. Refused for anything that is not bytes.
/// - `usd`: dollars, `$3.90`, `$450,000` (for amounts in USD or plain numbers).
/// - `pct`: a ratio as a percentage, `12.5%`.
/// - `int`: no decimals, no unit. `round(N)`: at most N decimals, no unit (trailing zeros dropped).
/// - `comma`: thousands separators: `131,072`.
/// A numeric filter without a size filter shows the bare number, so `{= x.total / 1GB | round(1)}` is
/// `12.3` and `{= hidden_size(m) | comma}` is `8,192`.
///
/// Defaults by unit: bytes in the largest decimal unit (`141.1 GB`), parameters `70.6B`, tokens
/// `8,192 tokens`, seconds `691 ms` / `1.25 s` (`NumberText.duration`), rates `tokens/s`, `TFLOP/s`, `TB/s`, money `$3.90/h`,
/// `$2,840/month`, `$0.42 per million tokens`, plain numbers with up to two decimals.
package enum ValueFormatter {
    static let sizeFilters: [String: (divisor: Double, label: String)] = [
        "KB": (1e3, "KB"), "MB": (1e6, "MB"), "GB": (1e9, "GB"), "TB": (1e12, "TB"), "PB": (1e15, "PB"),
        "KiB": (1024, "KiB"), "MiB": (1_048_576, "MiB"), "GiB": (1_073_741_824, "GiB"), "TiB": (1_099_511_627_776, "TiB"),
    ]
    static let filterNames = ["GB", "GiB", "TB", "TiB", "MB", "MiB", "KB", "PB", "KiB", "usd", "pct", "int", "round", "comma"]

    /// `value` shown with `filters` applied (the default for its unit when there are none).
    static func format(_ value: Value, filters: [Expression.Filter], expression: Expression) throws(Diagnostic) -> String {
        guard case .number(let amount, let unit) = value else {
            if let filter = filters.first {
                throw .error(at: expression.location(at: filter.offset), "'\(filter.name)' formats numbers, but the value is \(describe(value))")
            }
            return try text(value, at: expression.location)
        }
        guard amount.isFinite else { throw .error(at: expression.location, nonFiniteMessage) }
        guard !filters.isEmpty else { return text(amount, unit: unit) }
        var size: (divisor: Double, label: String)?
        var decimals: Int?
        var grouping = false
        var style = "plain"
        for filter in filters {
            let at = expression.location(at: filter.offset)
            switch filter.name {
            case let name where sizeFilters[name] != nil:
                guard unit == .bytes || unit == .bytesPerSecond else {
                    throw .error(at: at, "cannot show \(UnitArithmetic.describe(unit)) in \(name): '\(name)' is for sizes in bytes")
                }
                size = sizeFilters[name]!
                if unit == .bytesPerSecond { size!.label += "/s" }
            case "usd":
                guard [.usd, .usdPerHour, .usdPerMonth, .usdPerMillionTokens, .none, .ratio].contains(unit) else {
                    throw .error(at: at, "cannot show \(UnitArithmetic.describe(unit)) as dollars")
                }
                style = "usd"
            case "pct":
                guard unit == .ratio || unit == .none else {
                    throw .error(at: at, "cannot show \(UnitArithmetic.describe(unit)) as a percentage: 'pct' is for ratios (divide by something of the same unit first)")
                }
                style = "pct"
            case "int":
                decimals = 0
            case "round":
                guard let places = filter.argument, places >= 0, places <= 10, places.rounded() == places else {
                    throw .error(at: at, "'round' needs a whole number of decimals from 0 to 10, as in round(1)")
                }
                decimals = Int(places)
            case "comma":
                grouping = true
            default:
                throw .error(at: at, "unknown format filter '\(filter.name)'" + NearestNames.hint(filter.name, among: filterNames))
            }
            if filter.argument != nil, filter.name != "round" {
                throw .error(at: at, "'\(filter.name)' takes no argument")
            }
        }
        if let size {
            return NumberText.number(amount / size.divisor, decimals: decimals ?? 1, exact: false, grouping: true) + " " + size.label
        }
        switch style {
        case "usd": return dollars(amount, decimals: decimals)
        case "pct":
            let percent = amount * 100
            guard percent.isFinite else { throw .error(at: expression.location, nonFiniteMessage) }
            return NumberText.number(percent, decimals: decimals ?? 1, exact: false, grouping: grouping) + "%"
        default: return NumberText.number(amount, decimals: decimals ?? 2, exact: false, grouping: grouping)
        }
    }

    /// Why a value that overflowed is refused: the one sentence expressions and blocks share.
    package static let nonFiniteMessage = "the result is too large to compute (past ±1.8 × 10³⁰⁸, where numbers become infinite); "
        + "check the inputs for a value far out of range"

    /// The default text of a value (for checks, chart tables and `values.json`).
    package static func text(_ value: Value) -> String {
        (try? text(value, at: SourceLocation(file: "", line: 0, column: 0))) ?? describe(value)
    }

    static func text(_ value: Value, at location: SourceLocation) throws(Diagnostic) -> String {
        switch value {
        case .number(let amount, let unit): return text(amount, unit: unit)
        case .text(let text): return text
        case .flag(let flag): return flag ? "yes" : "no"
        case .record, .list:
            throw .error(at: location, "the value is \(describe(value)); choose one of its fields: " + value.fieldNames.prefix(12).joined(separator: ", "))
        }
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .number(_, let unit): return UnitArithmetic.describe(unit)
        case .text(let text): return "the text '\(text)'"
        case .flag: return "a yes/no flag"
        case .record: return "a record"
        case .list: return "a list"
        }
    }

    /// A number in its unit's usual form.
    package static func text(_ amount: Double, unit: Unit) -> String {
        switch unit {
        case .none, .ratio: return NumberText.number(amount, decimals: 2, exact: false, grouping: true)
        case .bytes: return scaled(amount, [(1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")], base: "bytes", separator: " ")
        case .parameters: return scaled(amount, [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")], base: "", separator: "")
        case .tokens: return NumberText.count(amount, "token")
        case .seconds: return NumberText.duration(amount)
        case .tokensPerSecond: return NumberText.number(amount, decimals: 1, exact: false, grouping: true) + " tokens/s"
        case .flops: return scaled(amount, [(1e18, "EFLOP"), (1e15, "PFLOP"), (1e12, "TFLOP"), (1e9, "GFLOP")], base: "FLOP", separator: " ")
        case .flopsPerSecond: return scaled(amount, [(1e18, "EFLOP/s"), (1e15, "PFLOP/s"), (1e12, "TFLOP/s"), (1e9, "GFLOP/s")], base: "FLOP/s", separator: " ")
        case .bytesPerSecond: return scaled(amount, [(1e12, "TB/s"), (1e9, "GB/s"), (1e6, "MB/s")], base: "B/s", separator: " ", decimals: 2)
        case .usd: return dollars(amount, decimals: nil)
        case .usdPerHour: return dollars(amount, decimals: nil) + "/h"
        case .usdPerMonth: return dollars(amount, decimals: nil) + "/month"
        case .usdPerMillionTokens: return dollars(amount, decimals: nil) + " per million tokens"
        case .months: return NumberText.number(amount, decimals: 1, exact: false, grouping: true) + " months"
        case .watts:
            if abs(amount) >= 1000 { return NumberText.number(amount / 1000, decimals: 1, exact: false, grouping: true) + " kW" }
            return NumberText.number(amount, decimals: 0, exact: false, grouping: true) + " W"
        case .gpus: return NumberText.count(amount, "GPU")
        }
    }

    private static func scaled(_ amount: Double, _ steps: [(Double, String)], base: String, separator: String, decimals: Int = 1) -> String {
        for (factor, label) in steps where abs(amount) >= factor {
            return NumberText.number(amount / factor, decimals: decimals, exact: false, grouping: true) + separator + label
        }
        return NumberText.number(amount, decimals: 0, exact: false, grouping: true) + (base.isEmpty ? "" : " " + base)
    }

    /// Dollars: two decimals under $100 (three significant digits under $0.10), none from $100 on.
    static func dollars(_ amount: Double, decimals: Int?) -> String {
        let sign = amount < 0 ? "-" : ""
        let magnitude = abs(amount)
        let places: Int
        if let decimals { places = decimals }
        else if magnitude >= 100 { places = 0 }
        else if magnitude >= 0.1 || magnitude == 0 { places = 2 }
        else { places = min(8, 2 - Int((log10Floor(magnitude)))) }
        return sign + "$" + NumberText.number(magnitude, decimals: places, exact: true, grouping: true)
    }

    private static func log10Floor(_ value: Double) -> Double {
        var exponent = 0.0
        var scaled = value
        while scaled < 1 { scaled *= 10; exponent -= 1 }
        return exponent
    }
}

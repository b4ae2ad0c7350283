/// The one home of number text, for every module and front end: digits, grouping, rounding to places
/// (`number`, on which the page's formats, table cells and chart labels all rest), formulas' numbers
/// ("70,553,706,496 parameters × 2 bytes"), and `wholeDigits`, so that a large whole number is written
/// out in digits, never in exponent notation and never by a trapping conversion to `Int`.
///
/// Locale-free, so output never depends on the machine it ran on. It writes numbers; it never rounds a
/// value the engine keeps.
package enum NumberText {
    /// An integer with thousands separators: 70553706496 → "70,553,706,496".
    package static func grouped(_ value: Int) -> String {
        let out = groupedDigits(String(value.magnitude))
        return value < 0 ? "-" + out : out
    }

    /// A run of decimal digits with a `,` every three from the right: "131072" → "131,072".
    package static func groupedDigits(_ digits: String) -> String {
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    /// The digits of a whole, finite, non-negative `magnitude` of any size: 1e30 → "1" and thirty zeros.
    /// Past 2⁵³ the shortest digits that read back as the same `Double` are used, then zeros, so no
    /// binary noise shows (1e30 is not written 1000000000000000019884624838656).
    package static func wholeDigits(_ magnitude: Double) -> String {
        precondition(magnitude.isFinite && magnitude >= 0, "wholeDigits takes a finite magnitude")
        let whole = magnitude.rounded(.toNearestOrEven)
        if whole < 9_007_199_254_740_992 { return String(Int64(whole)) }
        let text = "\(whole)"   // "1e+30", "1.2345678901234567e+19" or "9007199254740994.0"
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0].split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let exponent = Int(parts[1]) else { return String(mantissa[0]) }
        let fraction = mantissa.count == 2 ? String(mantissa[1]) : ""
        let digits = String(mantissa[0]) + fraction
        return digits + String(repeating: "0", count: max(0, exponent - fraction.count))
    }

    /// A decimal with at most `places` digits after the point and no trailing zeros: 4.15625 → "4.15625", 2.0 → "2".
    package static func decimal(_ value: Double, places: Int = 6) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return grouped(Int(value)) }
        if value.rounded() == value, value.isFinite { return (value < 0 ? "-" : "") + groupedDigits(wholeDigits(abs(value))) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if text.contains("e") { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = Int(parts[0]).map(grouped) ?? String(parts[0])
        return parts.count == 2 ? whole + "." + parts[1] : whole
    }

    /// Bytes shown in decimal gigabytes with two places: "141.11 GB".
    package static func gigabytes(_ bytes: Double) -> String {
        let value = (bytes / 1e9 * 100).rounded() / 100
        return decimal(value, places: 2) + " GB"
    }

    /// A value with a fixed number of decimal places ("3.50"): for table cells.
    package static func fixed(_ value: Double, places: Int) -> String {
        number(value, decimals: places, exact: true, grouping: true)
    }

    /// `amount` rounded to `decimals` places; trailing zeros dropped unless `exact`; `,` every three
    /// digits when `grouping`. Never writes an exponent; never given a non-finite amount, which
    /// evaluation and blocks refuse first.
    package static func number(_ amount: Double, decimals: Int, exact: Bool, grouping: Bool) -> String {
        guard amount.isFinite else { return amount.isNaN ? "NaN" : (amount < 0 ? "-∞" : "∞") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(amount) * scale).rounded()
        guard rounded < 9e18 else {
            // No fraction is left at this size: the whole digits, then the zeros `exact` asks for.
            let digits = wholeDigits(abs(amount))
            let fraction = exact && decimals > 0 ? "." + String(repeating: "0", count: decimals) : ""
            return (amount < 0 ? "-" : "") + (grouping ? groupedDigits(digits) : digits) + fraction
        }
        let units = UInt64(rounded)
        let whole = units / UInt64(scale)
        var fraction = String(units % UInt64(scale))
        fraction = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        if !exact { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let wholeText = grouping ? groupedDigits(String(whole)) : String(whole)
        let negative = amount < 0 && units != 0
        return (negative ? "-" : "") + wholeText + (decimals > 0 && !fraction.isEmpty ? "." + fraction : "")
    }
}

/// Numbers written the way formulas in provenance records show them: "70,553,706,496 parameters × 2 bytes".
///
/// Only for the human-readable formula strings; values themselves are never rounded here. Also the
/// home of `wholeDigits`, which every writer of numbers (expressions, tables, charts) uses so that a
/// large whole number is written out in digits, never in exponent notation and never by a trapping
/// conversion to `Int`.
public enum NumberText {
    /// An integer with thousands separators: 70553706496 → "70,553,706,496".
    public static func grouped(_ value: Int) -> String {
        let out = groupedDigits(String(value.magnitude))
        return value < 0 ? "-" + out : out
    }

    /// A run of decimal digits with a `,` every three from the right: "131072" → "131,072".
    public static func groupedDigits(_ digits: String) -> String {
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
    public static func wholeDigits(_ magnitude: Double) -> String {
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
    public static func decimal(_ value: Double, places: Int = 6) -> String {
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
    public static func gigabytes(_ bytes: Double) -> String {
        let value = (bytes / 1e9 * 100).rounded() / 100
        return decimal(value, places: 2) + " GB"
    }

    /// A value with a fixed number of decimal places ("3.50"): for table cells.
    public static func fixed(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        // Past what an Int holds there is no fraction left to show: the digits, then zeros.
        guard abs(value * scale) < 9e18 else {
            guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
            return (value < 0 ? "-" : "") + groupedDigits(wholeDigits(abs(value))) + (places > 0 ? "." + String(repeating: "0", count: places) : "")
        }
        let scaled = Int((value * scale).rounded())
        let sign = scaled < 0 ? "-" : ""
        let whole = grouped(abs(scaled) / Int(scale))
        guard places > 0 else { return sign + whole }
        var fraction = String(abs(scaled) % Int(scale))
        while fraction.count < places { fraction = "0" + fraction }
        return sign + whole + "." + fraction
    }
}

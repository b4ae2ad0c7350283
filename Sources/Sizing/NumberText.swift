/// Numbers written the way formulas in provenance records show them: "70,553,706,496 parameters × 2 bytes".
///
/// Only for the human-readable formula strings; values themselves are never rounded here.
public enum NumberText {
    /// An integer with thousands separators: 70553706496 → "70,553,706,496".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// A decimal with at most `places` digits after the point and no trailing zeros: 4.15625 → "4.15625", 2.0 → "2".
    public static func decimal(_ value: Double, places: Int = 6) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return grouped(Int(value)) }
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
        let scaled = Int((value * scale).rounded())
        let sign = scaled < 0 ? "-" : ""
        let whole = grouped(abs(scaled) / Int(scale))
        guard places > 0 else { return sign + whole }
        var fraction = String(abs(scaled) % Int(scale))
        while fraction.count < places { fraction = "0" + fraction }
        return sign + whole + "." + fraction
    }
}

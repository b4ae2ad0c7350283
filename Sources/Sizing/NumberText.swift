/// Numbers written the way formulas in provenance records show them: "70,553,706,496 parameters × 2 bytes",
/// and the one home of counted nouns ("1 user", "10 users") for every front end.
///
/// Only for the human-readable strings; values themselves are never rounded here.
public enum NumberText {
    /// A count with its noun in the right number: `count(1, "user")` → "1 user", `count(10, "user")` →
    /// "10 users", `count(2, "GPU")` → "2 GPUs"; `plural` for irregular nouns.
    public static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        grouped(value) + " " + (value == 1 ? noun : plural ?? noun + "s")
    }

    /// The one style for a duration: under a second in milliseconds ("691 ms", "83 ms", "2.7 ms"), from a
    /// second on in seconds ("1.25 s", "12.3 s", "120 s").
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "—" }
        let magnitude = abs(seconds)
        if magnitude == 0 { return "0 s" }
        if magnitude < 1 {
            let milliseconds = seconds * 1000
            let rounded = abs(milliseconds) < 10 ? (milliseconds * 10).rounded() / 10 : milliseconds.rounded()
            if abs(rounded) < 1000 { return decimal(rounded, places: 1) + " ms" }
        }
        let places = magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0
        return decimal(seconds, places: places) + " s"
    }

    /// `count` for a count held as a floating-point number, rounded to a whole number first.
    public static func count(_ value: Double, _ noun: String, plural: String? = nil) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return decimal(value) + " " + (plural ?? noun + "s") }
        return count(Int(value.rounded()), noun, plural: plural)
    }

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

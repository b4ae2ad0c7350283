/// Rounded numbers for tables, charts and reports: at most `digits` decimals with trailing zeros
/// dropped, the same bytes on every machine (no locale). Site's chart and table writers and the
/// report words (`ReportText`) both call these, so a figure reads alike in a page and in a report.
extension NumberText {
    /// `value` with at most `digits` decimals, trailing zeros trimmed, no grouping: "2.5", "-0.125", "0".
    /// A value that is not finite is written "0" (callers refuse those before writing).
    public static func rounded(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * scale).rounded()
        if scaled == 0 { return "0" }
        // Past what an Int64 holds there is no fraction left to show.
        guard abs(scaled) < 9e18 else { return (value < 0 ? "-" : "") + wholeDigits(abs(value)) }
        let negative = scaled < 0
        let magnitude = Int64(abs(scaled))
        let whole = magnitude / Int64(scale)
        var fraction = magnitude % Int64(scale)
        var fractionText = ""
        if fraction != 0 {
            var width = digits
            while fraction % 10 == 0 { fraction /= 10; width -= 1 }
            let raw = String(fraction)
            fractionText = "." + String(repeating: "0", count: max(0, width - raw.count)) + raw
        }
        return (negative ? "-" : "") + String(whole) + fractionText
    }

    /// `rounded` with a `,` every three digits of the whole part: "131,072", "2.5".
    public static func roundedGrouped(_ value: Double, digits: Int = 2) -> String {
        let text = rounded(value, digits: digits)
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        return (negative ? "-" : "") + groupedDigits(String(parts[0])) + (parts.count > 1 ? "." + parts[1] : "")
    }
}

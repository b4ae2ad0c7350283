import Sizing

/// Locale-free number text for charts and tables, so output never depends on the machine it ran on.
enum NumberText {
    /// `value` with `digits` decimals (trailing zeros trimmed) and no grouping: SVG coordinates.
    static func fixed(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * scale).rounded()
        if scaled == 0 { return "0" }
        // Past what an Int64 holds there is no fraction left to show.
        guard abs(scaled) < 9e18 else { return (value < 0 ? "-" : "") + Sizing.NumberText.wholeDigits(abs(value)) }
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

    /// `value` with thousands separators and up to `digits` decimals: `131,072`, `2.5`.
    static func grouped(_ value: Double, digits: Int = 2) -> String {
        let text = fixed(value, digits: digits)
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var groupedWhole = ""
        while whole.count > 3 {
            groupedWhole = "," + whole.suffix(3) + groupedWhole
            whole = String(whole.dropLast(3))
        }
        groupedWhole = whole + groupedWhole
        return (negative ? "-" : "") + groupedWhole + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// A short axis label: `8K` and `128K` for multiples of 1,024 (context lengths), `1.5M`, `20B` for
    /// large values (powers of 1,000), grouped digits otherwise.
    static func tick(_ value: Double, binaryThousands: Bool) -> String {
        let magnitude = abs(value)
        if binaryThousands, magnitude >= 1024 {
            if magnitude >= 1_048_576, value.truncatingRemainder(dividingBy: 1_048_576) == 0 {
                return fixed(value / 1_048_576, digits: 0) + "M"
            }
            return fixed(value / 1024, digits: 1) + "K"
        }
        if magnitude >= 1e12 { return fixed(value / 1e12, digits: 1) + "T" }
        if magnitude >= 1e9 { return fixed(value / 1e9, digits: 1) + "B" }
        if magnitude >= 1e6 { return fixed(value / 1e6, digits: 1) + "M" }
        if magnitude >= 1e4 { return fixed(value / 1e3, digits: 1) + "K" }
        return grouped(value, digits: magnitude < 1 ? 3 : 2)
    }
}

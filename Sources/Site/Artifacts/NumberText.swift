import Sizing

/// Locale-free number text for charts and tables, so output never depends on the machine it ran on.
enum NumberText {
    /// `value` with `digits` decimals (trailing zeros trimmed) and no grouping: SVG coordinates.
    static func fixed(_ value: Double, digits: Int = 1) -> String { Sizing.NumberText.rounded(value, digits: digits) }

    /// `value` with thousands separators and up to `digits` decimals: `131,072`, `2.5`.
    static func grouped(_ value: Double, digits: Int = 2) -> String { Sizing.NumberText.roundedGrouped(value, digits: digits) }

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

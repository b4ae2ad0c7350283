/// Number text for charts and tables: coordinates without grouping, grouped values with trailing zeros
/// trimmed, and short axis labels. Built on `number`, so rounding is the same everywhere.
extension NumberText {
    /// `value` with `digits` decimals (trailing zeros trimmed) and no grouping, 0 when not finite: SVG coordinates.
    package static func coordinate(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return "0" }
        return number(value, decimals: digits, exact: false, grouping: false)
    }

    /// `value` with thousands separators and up to `digits` decimals, 0 when not finite: `131,072`, `2.5`.
    package static func grouped(_ value: Double, digits: Int = 2) -> String {
        guard value.isFinite else { return "0" }
        return number(value, decimals: digits, exact: false, grouping: true)
    }

    /// A short axis label: `8K` and `128K` for multiples of 1,024 (context lengths), `1.5M`, `20B` for
    /// large values (powers of 1,000), grouped digits otherwise.
    package static func tick(_ value: Double, binaryThousands: Bool) -> String {
        let magnitude = abs(value)
        if binaryThousands, magnitude >= 1024 {
            if magnitude >= 1_048_576, value.truncatingRemainder(dividingBy: 1_048_576) == 0 {
                return coordinate(value / 1_048_576, digits: 0) + "M"
            }
            return coordinate(value / 1024, digits: 1) + "K"
        }
        if magnitude >= 1e12 { return coordinate(value / 1e12, digits: 1) + "T" }
        if magnitude >= 1e9 { return coordinate(value / 1e9, digits: 1) + "B" }
        if magnitude >= 1e6 { return coordinate(value / 1e6, digits: 1) + "M" }
        if magnitude >= 1e4 { return coordinate(value / 1e3, digits: 1) + "K" }
        return grouped(value, digits: magnitude < 1 ? 3 : 2)
    }
}

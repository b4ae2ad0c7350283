import Basics
import Catalog
import Sizing

/// Locale-free number words for reports: the same bytes on every machine.
package enum ReportText {
    package static func count(_ value: Int) -> String { NumberText.grouped(Double(value), digits: 0) }
    /// "1 user", "10 users": the engine's counted nouns, so a report and the command line agree.
    package static func count(_ value: Int, _ noun: String) -> String { NumberText.count(value, noun) }
    package static func number(_ value: Double, digits: Int = 1) -> String { NumberText.grouped(value, digits: digits) }
    /// Bytes as GB (10⁹) with exactly one decimal, so a column of sizes lines up.
    package static func gigabytes(_ bytes: Int) -> String {
        let text = NumberText.grouped(Double(bytes) / 1e9, digits: 1)
        return text.contains(".") ? text : text + ".0"
    }
    /// A duration in the one style (`NumberText.duration`): "691 ms", "1.25 s".
    package static func seconds(_ value: Double) -> String { NumberText.duration(value) }
    /// A price's date with its age and stale mark, worded as pages word it (`PriceAge`); "—" when undated.
    package static func dated(_ date: String?, ageDays: Int?) -> String {
        guard let date else { return "—" }
        return ageDays.map { PriceAge(date: date, days: $0).text } ?? date
    }
    package static func percent(_ share: Double) -> String { NumberText.grouped(share * 100, digits: 1) + "%" }
    package static func yesNo(_ flag: Bool) -> String { flag ? "yes" : "no" }

    /// `$60,000` (whole dollars) or `$3.90` (`cents`), always two decimals when cents are shown.
    package static func usd(_ value: Double, cents: Bool = false) -> String {
        guard cents else { return "$" + NumberText.grouped(value, digits: 0) }
        let text = NumberText.grouped(value, digits: 2)
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        return "$" + text + (decimals == 0 ? ".00" : decimals == 1 ? "0" : "")
    }

    /// A failed target's name in words.
    package static func target(_ name: String) -> String {
        switch name {
        case "memory": return "does not fit"
        case "ttft_seconds": return "time to first token"
        case "tokens_per_second_per_user": return "tokens/s per user"
        case "budget": return "over budget"
        default: return name.replacingOccurrences(of: "_", with: " ")
        }
    }
}

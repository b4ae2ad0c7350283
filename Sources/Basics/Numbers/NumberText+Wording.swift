/// The one home of the words that go with numbers, for every front end (blocks, pages, reports, the
/// changes report): counted nouns ("1 user", "10 users"), lists ("a, b and c") and the one style for durations ("691 ms",
/// "1.25 s"). It words numbers; it never rounds a value the engine keeps.
extension NumberText {
    /// A count with its noun in the right number: `count(1, "user")` → "1 user", `count(10, "user")` →
    /// "10 users", `count(2, "GPU")` → "2 GPUs"; `plural` for irregular nouns.
    package static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        grouped(value) + " " + (value == 1 ? noun : plural ?? noun + "s")
    }

    /// Items joined as a sentence names them: "a", "a and b", "a, b and c".
    package static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    /// The one style for a duration: under a millisecond in microseconds ("28 µs", "4.5 µs"), under a
    /// second in milliseconds ("691 ms", "83 ms", "2.7 ms"), from a second on in seconds ("1.25 s", "12.3 s", "120 s").
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "—" }
        let magnitude = abs(seconds)
        if magnitude == 0 { return "0 s" }
        if magnitude < 1e-3 {
            let microseconds = seconds * 1e6
            let rounded = abs(microseconds) < 10 ? (microseconds * 10).rounded() / 10 : microseconds.rounded()
            if abs(rounded) < 1000 { return decimal(rounded, places: 1) + " µs" }
        }
        if magnitude < 1 {
            let milliseconds = seconds * 1000
            let rounded = abs(milliseconds) < 10 ? (milliseconds * 10).rounded() / 10 : milliseconds.rounded()
            if abs(rounded) < 1000 { return decimal(rounded, places: 1) + " ms" }
        }
        let places = magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0
        return decimal(seconds, places: places) + " s"
    }

    /// `count` for a count held as a floating-point number, rounded to a whole number first.
    package static func count(_ value: Double, _ noun: String, plural: String? = nil) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return decimal(value) + " " + (plural ?? noun + "s") }
        return count(Int(value.rounded()), noun, plural: plural)
    }
}

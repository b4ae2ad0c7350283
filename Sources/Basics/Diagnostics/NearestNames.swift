/// Suggestions for near-miss names: "unknown GPU 'h100'; did you mean 'h100-sxm' or 'h100-pcie'?".
package enum NearestNames {
    /// Up to `limit` candidates close to `name`, best first.
    package static func suggest(_ name: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let needle = name.lowercased()
        guard !needle.isEmpty else { return [] }
        // Tier 0: one name starts with the other ("h100" → "h100-sxm"); tier 1: a small edit distance
        // for the length; tier 2: the name appears inside a candidate.
        var scored: [(tier: Int, score: Int, name: String)] = []
        for candidate in Set(candidates) {
            let lower = candidate.lowercased()
            let distance = editDistance(needle, lower)
            if lower.hasPrefix(needle) || (needle.hasPrefix(lower) && lower.count >= 2) {
                scored.append((0, abs(lower.count - needle.count), candidate))
            } else if distance <= max(2, min(needle.count, lower.count) / 3) {
                scored.append((1, distance, candidate))
            } else if needle.count >= 3 && lower.contains(needle) {
                scored.append((2, lower.count - needle.count, candidate))
            }
        }
        scored.sort { ($0.tier, $0.score, $0.name) < ($1.tier, $1.score, $1.name) }
        return scored.prefix(limit).map(\.name)
    }

    /// "; did you mean 'a' or 'b'?" or, when nothing is close, "; expected one of: a, b, c" for short
    /// lists and "" for long ones.
    package static func hint(_ name: String, among candidates: some Sequence<String>) -> String {
        let all = Array(candidates)
        let close = suggest(name, among: all)
        if !close.isEmpty {
            let quoted = close.map { "'\($0)'" }
            let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
            return "; did you mean \(list)?"
        }
        if all.count <= 12 { return "; expected one of: " + all.sorted().joined(separator: ", ") }
        return ""
    }

    /// Levenshtein distance over characters.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

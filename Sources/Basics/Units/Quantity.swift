/// Numbers with unit suffixes as people write them in content, project files and on the command line.
///
/// The meaning of a suffix depends on what is counted: `8K` tokens of context is 8,192 (context sizes
/// are powers of two), `70B` parameters is 70e9, `1.5TB` is 1.5e12 bytes and `80GiB` is 80 × 2^30.
package enum Quantity {
    package enum Kind: Sendable {
        /// Token counts: K = 1,024, M = 1,024².
        case tokens
        /// Plain counts (parameters, users, FLOPs): K = 1e3, M = 1e6, B or G = 1e9, T = 1e12.
        case count
        /// Bytes: KB, MB, GB, TB, PB are powers of 1,000; KiB, MiB, GiB, TiB are powers of 1,024.
        case bytes
        /// Durations in seconds: `ms`, `us` (or `µs`), `s`, `min`; a bare number is seconds.
        case seconds
        /// A plain number, no suffix.
        case plain

        package var expectation: String {
            switch self {
            case .tokens: return "a token count such as 8192, 8K or 128K"
            case .count: return "a count such as 50, 70B or 1.5T"
            case .bytes: return "a size such as 80GB, 80GiB or 1.5TB"
            case .seconds: return "a duration such as 500ms, 0.5s or 40ms"
            case .plain: return "a number"
            }
        }
    }

    /// Parses `text` as a quantity of `kind`; nil when it is not one.
    package static func parse(_ text: String, as kind: Kind) -> Double? {
        let trimmed = text.trimmingCharacters(in: " ")
        if let plain = parseNumber(trimmed) { return plain }
        guard kind != .plain else { return nil }
        // Split into the numeric head and the alphabetic suffix.
        guard let split = trimmed.firstIndex(where: { $0.isLetter }) else { return nil }
        let head = String(trimmed[..<split]).trimmingCharacters(in: " ")
        let suffix = String(trimmed[split...])
        guard let number = parseNumber(head), let factor = multiplier(suffix, kind) else { return nil }
        return number * factor
    }

    /// The factor a suffix stands for, for a kind of quantity.
    package static func multiplier(_ suffix: String, _ kind: Kind) -> Double? {
        switch kind {
        case .tokens:
            switch suffix { case "K", "k": return 1024; case "M", "m": return 1024 * 1024; default: return nil }
        case .count:
            switch suffix {
            case "K", "k": return 1e3
            case "M", "m": return 1e6
            case "B", "b", "G": return 1e9
            case "T", "t": return 1e12
            default: return nil
            }
        case .bytes:
            switch suffix {
            case "B": return 1
            case "KB", "kB": return 1e3
            case "MB": return 1e6
            case "GB": return 1e9
            case "TB": return 1e12
            case "PB": return 1e15
            case "KiB": return 1024
            case "MiB": return 1_048_576
            case "GiB": return 1_073_741_824
            case "TiB": return 1_099_511_627_776
            default: return nil
            }
        case .seconds:
            switch suffix {
            case "s": return 1
            case "ms": return 1e-3
            case "us", "µs": return 1e-6
            case "min": return 60
            default: return nil
            }
        case .plain:
            return nil
        }
    }

    /// The largest whole number read from content, options or files: 2⁵³, below which every whole
    /// number is exact as a `Double`. Larger counts are refused as too large, not as fractions.
    package static let largestWhole = 9_007_199_254_740_992.0

    /// Why a number read as a count is not one: a fraction, or more than `largestWhole`.
    package enum WholeNumberProblem: Error, Sendable, Equatable {
        case fraction, tooLarge

        /// The end of a sentence that starts with the value's name: "'users' must be a whole number".
        package var reason: String {
            switch self {
            case .fraction: return "must be a whole number"
            case .tooLarge: return "is too large (the most accepted is 9,007,199,254,740,992)"
            }
        }
    }

    /// `value` as a whole number: the one rule every reader of counts (YAML keys, blocks, functions,
    /// project files, the command line) applies.
    package static func whole(_ value: Double) throws(WholeNumberProblem) -> Int {
        guard abs(value) <= largestWhole else { throw .tooLarge }
        guard value.rounded() == value else { throw .fraction }
        return Int(value)
    }

    /// A plain decimal number: optional sign, digits with `_` or `,` separators, decimal point, exponent.
    package static func parseNumber(_ text: String) -> Double? {
        var cleaned = text.trimmingCharacters(in: " ")
        guard let first = cleaned.first, first.isNumber || first == "-" || first == "+" || first == "." else { return nil }
        cleaned.removeAll { $0 == "_" || $0 == "," }
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}

extension String {
    package func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

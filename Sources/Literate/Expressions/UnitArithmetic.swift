/// The unit rules of `+ - * /` and comparisons in expressions.
///
/// Adding, subtracting and comparing need the same unit on both sides (bytes + bytes). A plain number
/// mixes with units people write as plain numbers (counts, seconds, tokens/s, dollars, months, watts:
/// `ttft < 1`, `tokens_per_second > 30`), but not with bytes or FLOPs and their rates, whose base unit
/// is too small to mean anything written bare: write `80GB`, not `80000000000`. Multiplying or dividing
/// by a plain number keeps the unit; dividing like by like gives a ratio; a few products and quotients
/// have a named unit (bytes ÷ B/s = seconds, tokens ÷ seconds = tokens/s, a per-token size × tokens =
/// bytes). Any other product or quotient is a derived quantity with no named unit, shown as a plain
/// number; it can still be formatted with `round`, `int`, `comma`, `pct` or `usd`, but not with `GB`.
enum UnitArithmetic {
    /// Units that never mix with plain numbers in sums and comparisons.
    static let needsSuffix: Set<Unit> = [.bytes, .bytesPerSecond, .flops, .flopsPerSecond]

    /// Known products (either order) and their unit.
    static let products: [(Unit, Unit, Unit)] = [
        (.bytes, .tokens, .bytes),              // bytes per token × tokens
        (.bytes, .gpus, .bytes),                // bytes per GPU × GPUs
        (.bytesPerSecond, .seconds, .bytes),
        (.flopsPerSecond, .seconds, .flops),
        (.tokensPerSecond, .seconds, .tokens),
        (.tokensPerSecond, .gpus, .tokensPerSecond),
        (.usdPerHour, .gpus, .usdPerHour),       // price per GPU-hour × GPUs
        (.usdPerMonth, .months, .usd),
        (.bytesPerSecond, .gpus, .bytesPerSecond),
        (.flopsPerSecond, .gpus, .flopsPerSecond),
        (.watts, .gpus, .watts),
    ]

    /// Known quotients (numerator, denominator, unit).
    static let quotients: [(Unit, Unit, Unit)] = [
        (.bytes, .bytesPerSecond, .seconds),
        (.bytes, .seconds, .bytesPerSecond),
        (.bytes, .tokens, .bytes),               // a size per token
        (.bytes, .gpus, .bytes),
        (.flops, .flopsPerSecond, .seconds),
        (.flops, .seconds, .flopsPerSecond),
        (.tokens, .seconds, .tokensPerSecond),
        (.tokens, .tokensPerSecond, .seconds),
        (.usd, .months, .usdPerMonth),
        (.usd, .usdPerMonth, .months),
        (.usdPerHour, .gpus, .usdPerHour),
        (.tokensPerSecond, .gpus, .tokensPerSecond),
        (.bytesPerSecond, .gpus, .bytesPerSecond),  // a node's bandwidth ÷ its GPUs
        (.flopsPerSecond, .gpus, .flopsPerSecond),
        (.watts, .gpus, .watts),
    ]

    /// The unit of `a op b` for `+` and `-`, or nil when the units cannot be added.
    static func sum(_ a: Unit, _ b: Unit) -> Unit? {
        if a == b { return a }
        let plain: Set<Unit> = [.none, .ratio]
        if plain.contains(a), plain.contains(b) { return Unit.none }
        if plain.contains(a), !needsSuffix.contains(b) { return b }
        if plain.contains(b), !needsSuffix.contains(a) { return a }
        return nil
    }

    /// Why `a` and `b` do not mix, for messages: a hint to write a suffix when a plain number meets bytes.
    static func advice(_ a: Unit, _ b: Unit) -> String {
        let plain: Set<Unit> = [.none, .ratio]
        guard plain.contains(a) || plain.contains(b) else { return "" }
        let other = plain.contains(a) ? b : a
        switch other {
        case .bytes: return "; write sizes with a suffix, such as 80GB or 80GiB"
        case .bytesPerSecond: return "; compare with another bandwidth, or divide by a size per second first"
        case .flops, .flopsPerSecond: return "; compare with another FLOP value from a function"
        default: return ""
        }
    }

    /// Whether values of these units may be compared.
    static func comparable(_ a: Unit, _ b: Unit) -> Bool { sum(a, b) != nil }

    static func product(_ a: Unit, _ b: Unit) -> Unit {
        if a == .none || a == .ratio { return b == .ratio ? .none : b }
        if b == .none || b == .ratio { return a }
        if let match = products.first(where: { ($0.0 == a && $0.1 == b) || ($0.0 == b && $0.1 == a) }) { return match.2 }
        return .none
    }

    static func quotient(_ a: Unit, _ b: Unit) -> Unit {
        if a == b { return .ratio }
        if b == .none || b == .ratio { return a }
        if let match = quotients.first(where: { $0.0 == a && $0.1 == b }) { return match.2 }
        return .none
    }

    /// How a unit is named in messages ("bytes", "a plain number").
    static func describe(_ unit: Unit) -> String {
        switch unit {
        case .none: return "a plain number"
        case .ratio: return "a ratio"
        default: return unit.rawValue
        }
    }
}

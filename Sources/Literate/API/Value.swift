/// Values that blocks compute and inline expressions read, format and combine.
///
/// A number always carries its unit, so `{= glm5.memory.total | GB}` can refuse to format a token count
/// as gigabytes and `+` can refuse to add bytes to dollars.
package indirect enum Value: Sendable, Equatable {
    case number(Double, Unit)
    case text(String)
    case flag(Bool)
    /// Named fields in a fixed order (the order they are shown in).
    case record([Field])
    case list([Value])

    package struct Field: Sendable, Equatable {
        package var name: String
        package var value: Value
        package init(_ name: String, _ value: Value) { self.name = name; self.value = value }
    }

    /// The field `name` of a record, or nil.
    package subscript(field name: String) -> Value? {
        if case .record(let fields) = self { return fields.first { $0.name == name }?.value }
        return nil
    }

    /// False when this is, or holds anywhere inside it, a number that is infinite or NaN.
    package var isFinite: Bool {
        switch self {
        case .number(let amount, _): return amount.isFinite
        case .text, .flag: return true
        case .record(let fields): return fields.allSatisfy { $0.value.isFinite }
        case .list(let items): return items.allSatisfy(\.isFinite)
        }
    }

    /// The names a path may continue with from here (for "did you mean" after a bad path).
    package var fieldNames: [String] {
        switch self {
        case .record(let fields): return fields.map(\.name)
        case .list(let items): return items.indices.map(String.init)
        default: return []
        }
    }
}

/// What a number measures. Arithmetic checks units; format filters pick a default from them.
package enum Unit: String, Sendable, Equatable, CaseIterable {
    case none
    case bytes
    case parameters
    case tokens
    case seconds
    case tokensPerSecond = "tokens/s"
    case flops
    case flopsPerSecond = "FLOP/s"
    case bytesPerSecond = "B/s"
    case usd
    case usdPerHour = "USD/h"
    case usdPerMonth = "USD/month"
    case usdPerMillionTokens = "USD/Mtok"
    case months
    case watts
    case gpus
    case ratio
}

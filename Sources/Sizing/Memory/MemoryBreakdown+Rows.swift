/// The rows a memory breakdown is shown as, with their one set of labels: the command line's text and
/// Markdown, the `sizing` block's table and the report's memory table all list these, in this order,
/// under these names. Words only; the bytes are the breakdown's.
extension MemoryBreakdown {
    /// One part of the memory, or the total.
    package enum Part: String, Sendable, CaseIterable {
        case weights
        case kvCache = "kv_cache"
        case activations
        case overhead
        case total

        /// The part's name at the head of a row: "Weights", "KV cache", "Runtime overhead".
        package var label: String {
            switch self {
            case .weights: return "Weights"
            case .kvCache: return "KV cache"
            case .activations: return "Activations"
            case .overhead: return "Runtime overhead"
            case .total: return "Total"
            }
        }

        /// The label inside a sentence or a plain-text list: the first letter lower-cased unless it
        /// starts an abbreviation ("weights", "KV cache", "runtime overhead").
        package var lowercaseLabel: String {
            let text = label
            guard let first = text.first, text.dropFirst().first?.isLowercase == true else { return text }
            return first.lowercased() + text.dropFirst()
        }
    }

    /// The bytes of `part`.
    package func bytes(of part: Part) -> Int {
        switch part {
        case .weights: return weightsBytes
        case .kvCache: return kvCacheBytes
        case .activations: return activationsBytes
        case .overhead: return overheadBytes
        case .total: return totalBytes
        }
    }

    /// Every part and the total, in the order they are shown.
    package var rows: [(part: Part, bytes: Int)] { Part.allCases.map { ($0, bytes(of: $0)) } }
}

/// The float64 reference every kernel is measured against, and the error measures the report uses.
/// Slow on purpose: plain loops in Double, no SIMD, no threads.

/// Float64 products and relative errors (‖a − b‖ / ‖b‖).
package enum Reference {
    /// y = W·x in Double for `tokens` tokens: W is rows × columns, x tokens × columns, y tokens × rows.
    /// `rowLimit` computes only the first rows (the benchmark checks a sample of a large matrix).
    package static func multiply(_ weights: [Float], rows: Int, columns: Int, _ activations: [Float], tokens: Int,
                                rowLimit: Int? = nil) -> [Double] {
        let usedRows = min(rows, rowLimit ?? rows)
        var y = [Double](repeating: 0, count: tokens * usedRows)
        for t in 0..<tokens {
            for i in 0..<usedRows {
                var sum = 0.0
                for j in 0..<columns { sum += Double(weights[i * columns + j]) * Double(activations[t * columns + j]) }
                y[t * usedRows + i] = sum
            }
        }
        return y
    }

    /// ‖value − reference‖₂ / ‖reference‖₂ (0 when both are zero).
    package static func relativeError(_ value: [Float], _ reference: [Double]) -> Double {
        precondition(value.count == reference.count, "relativeError needs equal lengths")
        var difference = 0.0, norm = 0.0
        for (v, r) in zip(value, reference) {
            difference += (Double(v) - r) * (Double(v) - r)
            norm += r * r
        }
        return norm == 0 ? (difference == 0 ? 0 : .infinity) : (difference / norm).squareRoot()
    }

    /// ‖value − original‖₂ / ‖original‖₂ over two f32 arrays: a format's quantization error.
    package static func relativeError(_ value: [Float], _ original: [Float]) -> Double {
        relativeError(value, original.map(Double.init))
    }
}

import Basics
import Foundation

/// A small deterministic random generator for benchmark inputs and tests: the shared SplitMix64, so the
/// same seed gives the same weights on every machine and quantization errors are comparable between runs.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var generator: SplitMix64

    package init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    package mutating func next() -> UInt64 { generator.next() }

    /// `count` values from a standard normal distribution (Box–Muller), like trained weights and activations.
    package mutating func normalValues(_ count: Int) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        var i = 0
        while i < count {
            let u1 = Double(next() >> 11 | 1) * 0x1p-53
            let u2 = Double(next() >> 11) * 0x1p-53
            let radius = (-2 * log(u1)).squareRoot()
            values[i] = Float(radius * cos(2 * .pi * u2))
            if i + 1 < count { values[i + 1] = Float(radius * sin(2 * .pi * u2)) }
            i += 2
        }
        return values
    }
}

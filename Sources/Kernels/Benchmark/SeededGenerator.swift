/// A small deterministic random generator (SplitMix64) for benchmark inputs and tests: the same seed
/// gives the same weights on every machine, so quantization errors are comparable between runs.

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// `count` values from a standard normal distribution (Box–Muller), like trained weights and activations.
    public mutating func normalValues(_ count: Int) -> [Float] {
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

import Foundation

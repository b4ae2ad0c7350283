import Foundation

/// The simulator's only source of randomness: SplitMix64 (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014), so a seed gives the same request stream on every
/// machine and Swift version. Never seeded from the clock.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<bound (bound > 0); the modulo bias is below 2^-40 for the bounds used here.
    mutating func nextBelow(_ bound: UInt64) -> UInt64 { next() % bound }

    /// Exponential with this mean.
    mutating func nextExponential(mean: Double) -> Double { -mean * log(1 - nextUnit()) }

    /// Standard normal by the Box–Muller transform.
    mutating func nextStandardNormal() -> Double {
        let u = 1 - nextUnit()
        let v = nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

import Basics
import Foundation

/// The simulator's only source of randomness: the shared SplitMix64 generator, so a seed gives the same
/// request stream on every machine and Swift version, shaped into the distributions requests follow.
/// Never seeded from the clock.
struct SeededRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [0, 1), 53 bits.
    mutating func nextUnit() -> Double { generator.nextUnit() }

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

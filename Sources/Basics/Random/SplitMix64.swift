/// The project's one pseudorandom generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014), so a seed gives the same numbers on every machine and
/// Swift version. The simulator's request streams and the benchmark's inputs both draw from it.
///
/// Owns the state step and the mixing constants; never seeds itself from the clock, and knows nothing
/// of the distributions its callers shape the numbers into.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    package init(seed: UInt64) { state = seed }

    // Inlinable: the benchmark fills weight matrices from it, one call per value, across modules.
    @inlinable
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits of the next number.
    @inlinable
    package mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

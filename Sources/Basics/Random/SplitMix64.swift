/// The project's one pseudorandom generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014), so a seed gives the same numbers on every machine and
/// Swift version. The simulator's request streams and the benchmark's inputs both draw from it.
///
/// Owns the state step and the mixing constants; never seeds itself from the clock, and knows nothing
/// of the distributions its callers shape the numbers into.
// public: the simulator and the benchmark draw from it once per value, across modules, and release builds
// inline only public bodies across modules (`@inlinable package` and cross-module optimisation stop at package).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    public init(seed: UInt64) { state = seed } // public: inlined into the simulator and the benchmark, as above

    // Inlinable: the benchmark fills weight matrices from it, one call per value, across modules.
    // public: as above
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits of the next number.
    // public: as above
    @inlinable
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

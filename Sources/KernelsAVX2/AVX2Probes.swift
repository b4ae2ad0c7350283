/// The inner loops of the machine probes in AVX2 + FMA form: reading memory with 256-bit loads and
/// retiring 8-wide FMAs. The benchmark (in `Kernels`) times them and calls them only where the AVX2
/// path runs, so each ceiling is measured with the same instructions the kernels use. Never times or
/// allocates anything itself.

/// Per-thread loops of the read and FMA probes.
public enum AVX2Probes {
    /// Sums every f32 in `range` (byte offsets into `base`, a multiple of 32 bytes, 32-byte aligned) with
    /// 256-bit loads: four streams (the quarters of the range), two loads of each per step into eight
    /// accumulators, so the hardware prefetchers see several sequential streams and the adds never wait.
    /// Returns the sum so the loads cannot be removed.
    @inline(never)
    public static func readSum(_ base: UnsafeRawPointer, _ range: Range<Int>) -> Float {
        let quarter = range.count / 256 * 64
        var sums = InlineArray<8, SIMD8<Float>>(repeating: .zero)
        var offset = range.lowerBound
        let end = range.lowerBound + quarter
        while offset < end {
            for stream in 0..<4 {
                let at = offset + stream * quarter
                sums[2 * stream] += base.load(fromByteOffset: at, as: SIMD8<Float>.self)
                sums[2 * stream + 1] += base.load(fromByteOffset: at + 32, as: SIMD8<Float>.self)
            }
            offset += 64
        }
        var tail = SIMD8<Float>()
        for rest in stride(from: range.lowerBound + 4 * quarter, to: range.upperBound, by: 32) {
            tail += base.load(fromByteOffset: rest, as: SIMD8<Float>.self)
        }
        var total = tail
        for i in 0..<8 { total += sums[i] }
        return total.sum()
    }

    /// Runs 12 independent 8-wide FMA chains `iterations` steps (enough to cover FMA latency × 2 pipes)
    /// and returns their sum: 12 × 8 × 2 flops per step.
    @inline(never)
    public static func fmaChains(iterations: Int, seed: Float) -> Float {
        // x·0.999 + 0.001 stays near 1 forever, so the chains never overflow or go subnormal.
        let scale = SIMD8<Float>(repeating: 0.999), step = SIMD8<Float>(repeating: 0.001)
        var a = InlineArray<12, SIMD8<Float>>(repeating: SIMD8(repeating: seed))
        for _ in 0..<iterations {
            for i in 0..<12 { a[i] = step.addingProduct(a[i], scale) }
        }
        var total = SIMD8<Float>()
        for i in 0..<12 { total += a[i] }
        return total.sum()
    }
}

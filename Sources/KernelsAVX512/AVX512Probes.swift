/// The AVX-512 build's FMA ceiling: the same 12 independent chains as `AVX2Probes.fmaChains`, in 16-lane
/// (512-bit) registers, since this build's widest kernels (the f16 panels, the bf16 dot products) retire
/// 512-bit FMAs and a 256-bit ceiling would put them above 100% of "peak". Owns the probe only.

#if arch(x86_64)
public enum AVX512Probes {
    /// Runs 12 independent 16-wide FMA chains `iterations` steps and returns their sum: 12 × 16 × 2 flops per step.
    @inline(never)
    public static func fmaChains(iterations: Int, seed: Float) -> Float {
        // x·0.999 + 0.001 stays near 1 forever, so the chains never overflow or go subnormal.
        let scale = SIMD16<Float>(repeating: 0.999), step = SIMD16<Float>(repeating: 0.001)
        var a = InlineArray<12, SIMD16<Float>>(repeating: SIMD16(repeating: seed))
        for _ in 0..<iterations {
            for i in 0..<12 { a[i] = step.addingProduct(a[i], scale) }
        }
        var total = SIMD16<Float>()
        for i in 0..<12 { total += a[i] }
        return total.sum()
    }
}
#endif

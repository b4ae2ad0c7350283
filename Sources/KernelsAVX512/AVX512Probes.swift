/// The AVX-512 build's FMA ceiling: the same 12 independent chains as `AVX2Probes.fmaChains`, in 16-lane
/// (512-bit) registers, since this build's widest kernels (the f16 panels, the bf16 dot products) retire
/// 512-bit FMAs and a 256-bit ceiling would put them above 100% of "peak". Owns the probe only.

#if arch(x86_64)
import KernelsAVX2

package enum AVX512Probes {
    /// Runs 12 independent 16-wide FMA chains `iterations` steps and returns their sum: 12 × 16 × 2 flops per step.
    @inline(never)
    package static func fmaChains(iterations: Int, seed: Float) -> Float {
        AVX2Probes.fmaChains(of: SIMD16<Float>.self, iterations: iterations, seed: seed)
    }
}
#endif

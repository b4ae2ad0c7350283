/// Conversions between binary32 and the two 16-bit float formats, rounding as ggml does
/// (round to nearest, ties to even). Scalar and exact; the SIMD path converts 8 at a time itself.

/// 16-bit float conversions used by the f16/bf16 formats and by every block scale.
enum HalfPrecision {
    /// binary32 → binary16 bits, round to nearest even (what F16C's `vcvtps2ph` with rounding mode 0 does).
    @inline(__always)
    static func f16Bits(_ value: Float) -> UInt16 { Float16(value).bitPattern }

    /// binary16 bits → binary32 (exact).
    @inline(__always)
    static func float(f16Bits bits: UInt16) -> Float { Float(Float16(bitPattern: bits)) }

    /// binary32 → bfloat16 bits: round to nearest even on the dropped 16 bits; NaN stays NaN (made quiet).
    @inline(__always)
    static func bf16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if bits & 0x7fff_ffff > 0x7f80_0000 { return UInt16(truncatingIfNeeded: bits >> 16) | 0x40 }
        return UInt16(truncatingIfNeeded: (bits &+ 0x7fff &+ ((bits >> 16) & 1)) >> 16)
    }

    /// bfloat16 bits → binary32 (exact: the bits become the top half).
    @inline(__always)
    static func float(bf16Bits bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
}

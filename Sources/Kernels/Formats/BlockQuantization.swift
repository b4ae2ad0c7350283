/// Quantizing one row of f32 values into a format's bytes and back, exactly as ggml's reference
/// quantizers define `block_q8_0` and `block_q4_0` (ggml-quants.c, `quantize_row_q8_0_ref` and
/// `quantize_row_q4_0_ref`); the K-quants' super-blocks go to `KQuantization`. Scalar and deterministic;
/// used for model-file-like data, never in a hot loop.

enum BlockQuantization {
    /// Writes `source` (one row, `source.count` values) in `format` at `destination`.
    static func encode(_ source: UnsafeBufferPointer<Float>, as format: WeightFormat, into destination: UnsafeMutableRawPointer) {
        switch format {
        case .f32:
            destination.copyMemory(from: source.baseAddress!, byteCount: source.count * 4)
        case .f16:
            for (i, value) in source.enumerated() {
                destination.storeBytes(of: HalfPrecision.f16Bits(value), toByteOffset: 2 * i, as: UInt16.self)
            }
        case .bf16:
            for (i, value) in source.enumerated() {
                destination.storeBytes(of: HalfPrecision.bf16Bits(value), toByteOffset: 2 * i, as: UInt16.self)
            }
        case .q8_0:
            for block in 0..<source.count / 32 {
                encodeQ8_0(UnsafeBufferPointer(rebasing: source[block * 32..<block * 32 + 32]), into: destination + block * 34)
            }
        case .q4_0:
            for block in 0..<source.count / 32 {
                encodeQ4_0(UnsafeBufferPointer(rebasing: source[block * 32..<block * 32 + 32]), into: destination + block * 18)
            }
        case .q4_K, .q5_K, .q6_K:
            for block in 0..<source.count / 256 {
                KQuantization.encode(source.baseAddress! + block * 256, format: format, into: destination + block * format.bytesPerBlock)
            }
        }
    }

    /// Reads one row of `count` values in `format` from `source` into `destination`.
    static func decode(_ source: UnsafeRawPointer, as format: WeightFormat, count: Int, into destination: UnsafeMutablePointer<Float>) {
        switch format {
        case .f32:
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: count * 4)
        case .f16:
            for i in 0..<count {
                destination[i] = HalfPrecision.float(f16Bits: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            }
        case .bf16:
            for i in 0..<count {
                destination[i] = HalfPrecision.float(bf16Bits: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            }
        case .q8_0:
            for block in 0..<count / 32 {
                let base = source + block * 34
                let d = HalfPrecision.float(f16Bits: base.loadUnaligned(as: UInt16.self))
                for j in 0..<32 {
                    destination[block * 32 + j] = d * Float(base.load(fromByteOffset: 2 + j, as: Int8.self))
                }
            }
        case .q4_0:
            for block in 0..<count / 32 {
                let base = source + block * 18
                let d = HalfPrecision.float(f16Bits: base.loadUnaligned(as: UInt16.self))
                for j in 0..<16 {
                    let byte = base.load(fromByteOffset: 2 + j, as: UInt8.self)
                    destination[block * 32 + j] = d * Float(Int(byte & 0x0f) - 8)
                    destination[block * 32 + j + 16] = d * Float(Int(byte >> 4) - 8)
                }
            }
        case .q4_K, .q5_K, .q6_K:
            for block in 0..<count / 256 {
                KQuantization.decode(source + block * format.bytesPerBlock, format: format, into: destination + block * 256)
            }
        }
    }

    /// q8_0: d = amax/127 (stored as fp16), q = round-half-away(x/d), computed with the f32 reciprocal as ggml does.
    static func encodeQ8_0(_ x: UnsafeBufferPointer<Float>, into block: UnsafeMutableRawPointer) {
        let d = q8_0Levels(x.baseAddress!, into: (block + 2).assumingMemoryBound(to: Int8.self))
        block.storeBytes(of: HalfPrecision.f16Bits(d), as: UInt16.self)
    }

    /// The q8_0 levels of `count` values (32 for q8_0, 256 for the K-quants' activations) written to `levels`;
    /// returns the f32 scale d = amax/127 (before any fp16 rounding). Activations are quantized with this too,
    /// as llama.cpp quantizes them before integer dot products. (An 8-wide Swift SIMD version was slower: the
    /// float-to-integer conversion of SIMD vectors is not vectorised by the standard library.)
    @inline(__always)
    static func q8_0Levels(_ x: UnsafePointer<Float>, count: Int = 32, into levels: UnsafeMutablePointer<Int8>) -> Float {
        var amax: Float = 0
        for j in 0..<count { amax = max(amax, abs(x[j])) }
        let d = amax / 127
        let inverse: Float = d != 0 ? 1 / d : 0
        for j in 0..<count {
            levels[j] = Int8(roundedHalfAwayFromZero(x[j] * inverse))
        }
        return d
    }

    /// `roundf(value)` for |value| < 2^23 without the library call that `rounded(.toNearestOrAwayFromZero)`
    /// becomes on baseline x86-64 (no SSE4.1 `roundss`): one call per activation was most of the time spent
    /// quantizing them. Truncates, then steps away from zero when the dropped fraction is at least ½; the
    /// fraction value − trunc(value) is exact, so ties and 0.49999997 round exactly as roundf does.
    @inline(__always)
    static func roundedHalfAwayFromZero(_ value: Float) -> Int32 {
        let truncated = Int32(value)
        let fraction = value - Float(truncated)
        return truncated + (fraction >= 0.5 ? 1 : 0) - (fraction <= -0.5 ? 1 : 0)
    }

    /// q4_0: d = m/−8 where m is the value of largest magnitude (sign kept), q = min(15, ⌊x/d + 8.5⌋).
    static func encodeQ4_0(_ x: UnsafeBufferPointer<Float>, into block: UnsafeMutableRawPointer) {
        var amax: Float = 0
        var extreme: Float = 0
        for value in x where abs(value) > amax {
            amax = abs(value)
            extreme = value
        }
        let d = extreme / -8
        let inverse: Float = d != 0 ? 1 / d : 0
        block.storeBytes(of: HalfPrecision.f16Bits(d), as: UInt16.self)
        @inline(__always) func level(_ value: Float) -> UInt8 {
            // x/d lies in [-8, 8], so x/d + 8.5 is positive and truncation is the floor.
            UInt8(min(15, Int8(value * inverse + 8.5)))
        }
        for j in 0..<16 {
            block.storeBytes(of: level(x[j]) | level(x[j + 16]) << 4, toByteOffset: 2 + j, as: UInt8.self)
        }
    }
}

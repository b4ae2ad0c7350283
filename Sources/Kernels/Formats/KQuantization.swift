/// ggml's K-quants (`block_q4_K`, `block_q5_K`, `block_q6_K`, ggml-common.h): quantizing one 256-weight
/// super-block from f32, reading its integer levels and scales back, and dequantizing it exactly as ggml's
/// `dequantize_row_q*_K` do (the same float operations in the same order). Owns these three byte layouts on
/// the portable side (the vector module reads the same bytes, and shares `kQuantScalesAndMins` for the packed
/// 6-bit scales); never does matrix arithmetic and never runs in a hot loop.
///
/// The quantizer is this project's own and simpler than ggml's (`make_qkx2_quants` searches for the scale and
/// min that minimise a weighted error; this one takes each sub-block's range, then nudges its scale): any block
/// it writes is a valid ggml block and any ggml block reads back bit for bit, but the levels it chooses for
/// the same f32 input can differ from llama-quantize's.

internal import KernelsAVX2

enum KQuantization {
    /// Weights per super-block.
    static let superBlock = 256

    // MARK: - Reading

    /// The integer levels of the super-block at `block` (256 values: 0…15 for q4_K, 0…31 for q5_K, 0…63 for
    /// q6_K, before q6_K's −32) in element order.
    static func levels(_ block: UnsafeRawPointer, format: WeightFormat, into q: UnsafeMutablePointer<UInt8>) {
        switch format {
        case .q4_K, .q5_K:
            let nibbles = block + (format == .q4_K ? 16 : 48)
            for c in 0..<4 {
                for l in 0..<32 {
                    let byte = nibbles.load(fromByteOffset: 32 * c + l, as: UInt8.self)
                    var low = byte & 0x0f, high = byte >> 4
                    if format == .q5_K {
                        let fifth = block.load(fromByteOffset: 16 + l, as: UInt8.self)
                        low |= (fifth >> (2 * c) & 1) << 4
                        high |= (fifth >> (2 * c + 1) & 1) << 4
                    }
                    q[64 * c + l] = low
                    q[64 * c + 32 + l] = high
                }
            }
        case .q6_K:
            for half in 0..<2 {
                for l in 0..<32 {
                    let low0 = block.load(fromByteOffset: 64 * half + l, as: UInt8.self)
                    let low1 = block.load(fromByteOffset: 64 * half + 32 + l, as: UInt8.self)
                    let high = block.load(fromByteOffset: 128 + 32 * half + l, as: UInt8.self)
                    let e = 128 * half + l
                    q[e] = low0 & 0x0f | (high & 3) << 4
                    q[e + 32] = low1 & 0x0f | (high >> 2 & 3) << 4
                    q[e + 64] = low0 >> 4 | (high >> 4 & 3) << 4
                    q[e + 96] = low1 >> 4 | (high >> 6 & 3) << 4
                }
            }
        default: preconditionFailure("\(format) is not a K-quant")
        }
    }

    /// q4_K/q5_K: d, dmin and the eight sub-block scales and mins of the super-block at `block`.
    static func scalesAndMins(_ block: UnsafeRawPointer) -> (d: Float, dmin: Float, scales: [UInt8], mins: [UInt8]) {
        let (scales, mins) = kQuantScalesAndMins(block + 4)
        return (HalfPrecision.float(f16Bits: block.loadUnaligned(as: UInt16.self)),
                HalfPrecision.float(f16Bits: block.loadUnaligned(fromByteOffset: 2, as: UInt16.self)),
                (0..<8).map { UInt8(truncatingIfNeeded: scales >> (8 * $0)) }, (0..<8).map { UInt8(truncatingIfNeeded: mins >> (8 * $0)) })
    }

    /// q6_K: d and the sixteen signed sub-block scales of the super-block at `block`.
    static func q6Scales(_ block: UnsafeRawPointer) -> (d: Float, scales: [Int8]) {
        (HalfPrecision.float(f16Bits: block.loadUnaligned(fromByteOffset: 208, as: UInt16.self)),
         (0..<16).map { block.load(fromByteOffset: 192 + $0, as: Int8.self) })
    }

    /// The 256 weights of the super-block at `block`, as ggml's dequantizers compute them:
    /// (d·sc)·q − (dmin·m) for q4_K/q5_K, (d·sc)·(q − 32) for q6_K.
    static func decode(_ block: UnsafeRawPointer, format: WeightFormat, into y: UnsafeMutablePointer<Float>) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: superBlock) { q in
            levels(block, format: format, into: q.baseAddress!)
            if format == .q6_K {
                let (d, scales) = q6Scales(block)
                for i in 0..<superBlock { y[i] = d * Float(scales[i / 16]) * Float(Int(q[i]) - 32) }
            } else {
                let (d, dmin, scales, mins) = scalesAndMins(block)
                for i in 0..<superBlock { y[i] = d * Float(scales[i / 32]) * Float(q[i]) - dmin * Float(mins[i / 32]) }
            }
        }
    }

    // MARK: - Writing

    /// Quantizes 256 values at `x` into one super-block of `format` at `block`.
    static func encode(_ x: UnsafePointer<Float>, format: WeightFormat, into block: UnsafeMutableRawPointer) {
        block.initializeMemory(as: UInt8.self, repeating: 0, count: format.bytesPerBlock)
        var q = [UInt8](repeating: 0, count: superBlock)
        if format == .q6_K {
            encodeQ6(x, levels: &q, into: block)
        } else {
            encodeWithMins(x, top: format == .q4_K ? 15 : 31, levels: &q, into: block)
        }
        pack(q, format: format, into: block)
    }

    /// q4_K/q5_K: each 32-weight sub-block spans [lo, hi] with lo = min(0, min x), so weight = s·q − m with
    /// s = (hi − lo)/top and m = −lo ≥ 0; the eight s and m are then stored as 6-bit multiples of d = max s/63
    /// and dmin = max m/63 (fp16), and every level is chosen against the stored (rounded) scale and min.
    static func encodeWithMins(_ x: UnsafePointer<Float>, top: Int, levels q: inout [UInt8], into block: UnsafeMutableRawPointer) {
        var scale = [Float](repeating: 0, count: 8), minimum = [Float](repeating: 0, count: 8)
        for j in 0..<8 {
            var lo: Float = 0, hi = -Float.greatestFiniteMagnitude
            for i in 32 * j..<32 * j + 32 { lo = min(lo, x[i]); hi = max(hi, x[i]) }
            scale[j] = max(0, hi - lo) / Float(top)
            minimum[j] = -lo
        }
        let d = HalfPrecision.float(f16Bits: HalfPrecision.f16Bits(scale.max()! / 63))
        let dmin = HalfPrecision.float(f16Bits: HalfPrecision.f16Bits(minimum.max()! / 63))
        var sc = [UInt8](repeating: 0, count: 8), m = [UInt8](repeating: 0, count: 8)
        for j in 0..<8 {
            // Round the scale up and the min up, so the stored range still covers the sub-block.
            sc[j] = d > 0 ? UInt8(min(63, (scale[j] / d).rounded(.up))) : 0
            m[j] = dmin > 0 ? UInt8(min(63, (minimum[j] / dmin).rounded(.up))) : 0
            let step = d * Float(sc[j]), offset = dmin * Float(m[j])
            for i in 32 * j..<32 * j + 32 {
                q[i] = step > 0 ? UInt8(clamping: min(top, max(0, Int(((x[i] + offset) / step).rounded())))) : 0
            }
        }
        block.storeBytes(of: HalfPrecision.f16Bits(d), as: UInt16.self)
        block.storeBytes(of: HalfPrecision.f16Bits(dmin), toByteOffset: 2, as: UInt16.self)
        let packed = block + 4
        for j in 0..<4 {
            packed.storeBytes(of: sc[j] | (sc[j + 4] >> 4) << 6, toByteOffset: j, as: UInt8.self)
            packed.storeBytes(of: m[j] | (m[j + 4] >> 4) << 6, toByteOffset: j + 4, as: UInt8.self)
            packed.storeBytes(of: sc[j + 4] & 0x0f | (m[j + 4] & 0x0f) << 4, toByteOffset: j + 8, as: UInt8.self)
        }
    }

    /// q6_K: each 16-weight sub-block's scale s maps its value of largest magnitude to −32 (q − 32 in −32…31);
    /// the sixteen s are stored as int8 multiples of d, chosen so the largest in magnitude maps to −128.
    static func encodeQ6(_ x: UnsafePointer<Float>, levels q: inout [UInt8], into block: UnsafeMutableRawPointer) {
        var scale = [Float](repeating: 0, count: 16)
        for j in 0..<16 {
            var extreme: Float = 0
            for i in 16 * j..<16 * j + 16 where abs(x[i]) > abs(extreme) { extreme = x[i] }
            scale[j] = extreme / -32
        }
        let largest = scale.max { abs($0) < abs($1) }!
        let d = HalfPrecision.float(f16Bits: HalfPrecision.f16Bits(largest / -128))
        for j in 0..<16 {
            let sc = d != 0 ? Int8(clamping: Int((scale[j] / d).rounded())) : 0
            block.storeBytes(of: sc, toByteOffset: 192 + j, as: Int8.self)
            let step = d * Float(sc)
            for i in 16 * j..<16 * j + 16 {
                q[i] = UInt8(step != 0 ? min(31, max(-32, Int((x[i] / step).rounded()))) + 32 : 32)
            }
        }
        block.storeBytes(of: HalfPrecision.f16Bits(d), toByteOffset: 208, as: UInt16.self)
    }

    /// Writes the levels `q` (element order) into the format's nibble and high-bit arrays.
    static func pack(_ q: [UInt8], format: WeightFormat, into block: UnsafeMutableRawPointer) {
        if format == .q6_K {
            for half in 0..<2 {
                for l in 0..<32 {
                    let e = 128 * half + l
                    block.storeBytes(of: q[e] & 0x0f | (q[e + 64] & 0x0f) << 4, toByteOffset: 64 * half + l, as: UInt8.self)
                    block.storeBytes(of: q[e + 32] & 0x0f | (q[e + 96] & 0x0f) << 4, toByteOffset: 64 * half + 32 + l, as: UInt8.self)
                    let high = q[e] >> 4 | (q[e + 32] >> 4) << 2 | (q[e + 64] >> 4) << 4 | (q[e + 96] >> 4) << 6
                    block.storeBytes(of: high, toByteOffset: 128 + 32 * half + l, as: UInt8.self)
                }
            }
            return
        }
        let nibbles = block + (format == .q4_K ? 16 : 48)
        for c in 0..<4 {
            for l in 0..<32 {
                let low = q[64 * c + l], high = q[64 * c + 32 + l]
                nibbles.storeBytes(of: low & 0x0f | (high & 0x0f) << 4, toByteOffset: 32 * c + l, as: UInt8.self)
                if format == .q5_K {
                    let bits = (low >> 4) << (2 * c) | (high >> 4) << (2 * c + 1)
                    block.storeBytes(of: block.load(fromByteOffset: 16 + l, as: UInt8.self) | bits, toByteOffset: 16 + l, as: UInt8.self)
                }
            }
        }
    }
}

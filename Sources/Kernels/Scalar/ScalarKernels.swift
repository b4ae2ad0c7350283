/// The portable path: one output at a time, plain loops, the arithmetic the formats define
/// (integer block dot products scaled by d_w·d_x for q8_0/q4_0, as llama.cpp's reference does).
/// It is the reference the AVX2 path is tested against, so it stays simple rather than fast.

enum ScalarKernels {
    static func multiply(_ job: _UnsafeMatMulJob, rows: Range<Int>) {
        for token in 0..<job.tokens {
            for row in rows {
                job.y[token * job.rows + row] = dot(job, row: row, token: token)
            }
        }
    }

    static func dot(_ job: _UnsafeMatMulJob, row: Int, token: Int) -> Float {
        let w = job.weights + row * job.bytesPerRow
        let k = job.columns
        switch job.format {
        case .f32, .f16, .bf16:
            let x = job.x + token * k
            var sum: Float = 0
            for j in 0..<k { sum += weight(w, job.format, j) * x[j] }
            return sum
        case .q8_0, .q4_0:
            let levels = job.levels! + token * k
            let scales = job.scales! + token * job.blocksPerRow
            var sum: Float = 0
            for block in 0..<job.blocksPerRow {
                var integerSum: Int32 = 0
                let q = levels + block * 32
                if job.format == .q8_0 {
                    let base = w + block * 34
                    for j in 0..<32 { integerSum += Int32(base.load(fromByteOffset: 2 + j, as: Int8.self)) * Int32(q[j]) }
                    sum += Float(integerSum) * (HalfPrecision.float(f16Bits: base.loadUnaligned(as: UInt16.self)) * scales[block])
                } else {
                    let base = w + block * 18
                    for j in 0..<16 {
                        let byte = base.load(fromByteOffset: 2 + j, as: UInt8.self)
                        integerSum += (Int32(byte & 0x0f) - 8) * Int32(q[j]) + (Int32(byte >> 4) - 8) * Int32(q[j + 16])
                    }
                    sum += Float(integerSum) * (HalfPrecision.float(f16Bits: base.loadUnaligned(as: UInt16.self)) * scales[block])
                }
            }
            return sum
        }
    }

    @inline(__always)
    static func weight(_ row: UnsafeRawPointer, _ format: WeightFormat, _ j: Int) -> Float {
        switch format {
        case .f32: row.loadUnaligned(fromByteOffset: 4 * j, as: Float.self)
        case .f16: HalfPrecision.float(f16Bits: row.loadUnaligned(fromByteOffset: 2 * j, as: UInt16.self))
        case .bf16: HalfPrecision.float(bf16Bits: row.loadUnaligned(fromByteOffset: 2 * j, as: UInt16.self))
        case .q8_0, .q4_0: preconditionFailure("block formats use integer dot products")
        }
    }
}

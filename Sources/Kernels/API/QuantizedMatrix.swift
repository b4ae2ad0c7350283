/// A weight matrix stored in one of the formats, row by row, exactly as ggml lays the rows out.
/// Owns quantizing from f32 and dequantizing back; never does arithmetic on the stored values.

/// An m×k weight matrix (m output rows, k input columns) in `format`, rows contiguous.
package struct QuantizedMatrix: Sendable, Equatable {
    /// How each row is stored.
    package let format: WeightFormat
    /// m: outputs, one per row.
    package let rows: Int
    /// k: inputs, the length of each row (a multiple of 32 for block formats).
    package let columns: Int
    /// The stored rows, `bytesPerRow` each.
    package let bytes: [UInt8]
    /// The same weights also in the decode layout (`interleavingRows()`), or nil.
    package private(set) var interleaved: InterleavedRows?

    /// Bytes per stored row.
    package var bytesPerRow: Int { format.bytesPerRow(columns: columns) }

    /// Quantizes `values` (rows × columns, row-major) into `format`, block by block as ggml's reference quantizers do.
    package init(quantizing values: [Float], rows: Int, columns: Int, format: WeightFormat) throws(KernelError) {
        try Self.validate(rows: rows, columns: columns, format: format)
        guard values.count == rows * columns else {
            throw .lengthMismatch(what: "the weights", expected: rows * columns, found: values.count)
        }
        let rowBytes = format.bytesPerRow(columns: columns)
        self.format = format
        self.rows = rows
        self.columns = columns
        self.bytes = [UInt8](unsafeUninitializedCapacity: rows * rowBytes) { buffer, count in
            LargePages.advise(buffer.baseAddress!, byteCount: rows * rowBytes)
            values.withUnsafeBufferPointer { source in
                for row in 0..<rows {
                    BlockQuantization.encode(UnsafeBufferPointer(rebasing: source[row * columns..<(row + 1) * columns]),
                                             as: format, into: UnsafeMutableRawPointer(buffer.baseAddress! + row * rowBytes))
                }
            }
            count = rows * rowBytes
        }
    }

    /// Wraps bytes already in `format` (for example a block read from a GGUF file).
    package init(format: WeightFormat, rows: Int, columns: Int, bytes: [UInt8]) throws(KernelError) {
        try Self.validate(rows: rows, columns: columns, format: format)
        let expected = rows * format.bytesPerRow(columns: columns)
        guard bytes.count == expected else { throw .lengthMismatch(what: "the stored bytes", expected: expected, found: bytes.count) }
        self.format = format
        self.rows = rows
        self.columns = columns
        self.bytes = bytes
    }

    /// The weights as f32, rows × columns row-major: what the kernels multiply by.
    package func dequantized() -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * columns) { buffer, count in
            bytes.withUnsafeBytes { raw in
                for row in 0..<rows {
                    BlockQuantization.decode(raw.baseAddress! + row * bytesPerRow, as: format, count: columns,
                                             into: buffer.baseAddress! + row * columns)
                }
            }
            count = rows * columns
        }
    }

    /// The same matrix stored again in a new allocation (the benchmark rotates through copies so no
    /// copy is still in cache when it is read again).
    package func freshCopy() -> QuantizedMatrix {
        var copy = try! QuantizedMatrix(format: format, rows: rows, columns: columns, bytes: LargePages.copy(bytes))
        copy.interleaved = interleaved?.freshCopy()
        return copy
    }

    /// This matrix carrying its rows also in the decode layout (`InterleavedRows`: groups of eight rows
    /// interleaved), which the vector paths read for one to three tokens: repack once, decode many times.
    /// Twice the memory for a matrix of at least eight rows; a smaller one comes back unchanged.
    package func interleavingRows() -> QuantizedMatrix {
        var copy = self
        copy.interleaved = InterleavedRows(self)
        return copy
    }

    /// Largest accepted dimension: keeps m·k·4 bytes well inside memory (2^31 weights = 8 GiB as f32).
    package static let maximumElements = 1 << 31

    static func validate(rows: Int, columns: Int, format: WeightFormat) throws(KernelError) {
        guard rows >= 1, columns >= 1 else { throw .invalidShape("m and k must be at least 1; found m = \(rows), k = \(columns)") }
        guard rows.multipliedReportingOverflow(by: columns).partialValue <= maximumElements,
              !rows.multipliedReportingOverflow(by: columns).overflow else {
            throw .invalidShape("m × k = \(rows) × \(columns) is more than \(maximumElements) weights")
        }
        guard columns % format.elementsPerBlock == 0 else { throw .columnsNotMultipleOfBlock(format: format, columns: columns) }
    }
}

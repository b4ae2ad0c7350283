import Basics
import Catalog

/// The header of one safetensors file: an 8-byte little-endian length, then that many bytes of JSON
/// giving each tensor's dtype, shape and data offsets. Only the header is read.
///
/// It owns the dtype table (bits per element) and the checks that a header is consistent with its
/// file: the length fits the file and the 100 MB the format allows, each tensor's byte range matches
/// its dtype and shape and lies inside the data. It never reads tensor data.
package struct SafetensorsHeader: Sendable {
    package var path: String
    package var tensors: [TensorInventory.Tensor]
    /// The `__metadata__` strings (`format: pt`…), sorted by key.
    package var metadata: [(key: String, value: String)]
    package var bytesRead: Int

    /// Bits per element of every dtype safetensors defines.
    package static let dtypeBits: [String: Int] = [
        "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8,
        "I16": 16, "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32,
        "I64": 64, "U64": 64, "F64": 64, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
    ]

    /// The format's own limit on the JSON header (safetensors refuses larger ones).
    package static let maximumHeaderBytes = 100_000_000

    /// Reads the header of the safetensors file at `path`. `packedBits` is the width of the integer
    /// weights packed into I32 `qweight`/`weight_packed` tensors (GPTQ, AWQ, compressed-tensors), from
    /// the model's quantization config.
    package static func read(path: String, packedBits: Int? = nil) throws(ModelFileError) -> SafetensorsHeader {
        var window = try FileWindow(path: path)
        defer { window.close() }
        let length = try window.u64("the 8-byte header length")
        guard length <= UInt64(min(maximumHeaderBytes, window.remaining)) else {
            throw window.error("the header length is \(length) bytes, past the end of the file (\(window.remaining) bytes follow)"
                               + (length > UInt64(maximumHeaderBytes) ? " and over the format's 100 MB limit" : ""), at: 0)
        }
        let json = try JSONValue.parse(try window.bytes(Int(length), for: "the JSON header"), path: path, byteOffset: 8)
        guard let members = json.members else {
            throw ModelFileError(path, .byte(8), "expected the header to be a JSON object, found \(json.kindName)")
        }
        let dataStart = 8 + Int(length)
        let dataBytes = window.fileSize - dataStart
        var tensors: [TensorInventory.Tensor] = []
        var metadata: [(key: String, value: String)] = []
        func fail(_ value: JSONValue, _ message: String) -> ModelFileError {
            ModelFileError(path, .byte(8 + value.offset), message)
        }
        for (name, entry) in members {
            if name == "__metadata__" {
                for (key, value) in entry.members ?? [] { metadata.append((key, value.string ?? "")) }
                continue
            }
            guard let dtypeValue = entry["dtype"], let dtype = dtypeValue.string else {
                throw fail(entry, "tensor '\(name)' has no \"dtype\" string")
            }
            guard let bits = dtypeBits[dtype] else {
                throw fail(dtypeValue, "tensor '\(name)' has dtype '\(dtype)'; expected one of "
                           + dtypeBits.keys.sorted().joined(separator: ", ") + NearestNames.hint(dtype, among: dtypeBits.keys))
            }
            guard let shapeValue = entry["shape"], let dims = shapeValue.items else {
                throw fail(entry, "tensor '\(name)' has no \"shape\" array")
            }
            var shape: [Int] = []
            var elements = 1
            for dim in dims {
                guard let size = dim.integer, size >= 0, size < 1 << 50 else {
                    throw fail(dim, "a dimension of tensor '\(name)' is not a whole number from 0 to 2^50")
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: size)
                guard !overflow, product < 1 << 50 else { throw fail(dim, "tensor '\(name)' has more than 2^50 elements") }
                shape.append(size)
                elements = product
            }
            guard elements * bits % 8 == 0 else {
                throw fail(shapeValue, "tensor '\(name)' holds \(elements) \(bits)-bit elements, not a whole number of bytes")
            }
            let bytes = elements * bits / 8
            guard let range = entry["data_offsets"], let ends = range.items, ends.count == 2,
                  let begin = ends[0].integer, let end = ends[1].integer else {
                throw fail(entry, "tensor '\(name)' has no \"data_offsets\": [begin, end]")
            }
            guard begin >= 0, end >= begin else {
                throw fail(range, "tensor '\(name)' has data_offsets [\(begin), \(end)]; expected 0 ≤ begin ≤ end")
            }
            guard end - begin == bytes else {
                throw fail(range, "tensor '\(name)' spans \(end - begin) bytes but \(dtype) \(shape) needs \(bytes)")
            }
            guard end <= dataBytes else {
                throw fail(range, "tensor '\(name)' ends at data byte \(end), past the end of the file's \(dataBytes) data bytes "
                           + "(truncated download?)")
            }
            tensors.append(TensorInventory.Tensor(name: name, shape: shape, type: dtype, elements: elements,
                                                  parameters: parameters(name: name, dtype: dtype, elements: elements, packedBits: packedBits),
                                                  bytes: bytes))
        }
        tensors.sort { $0.name < $1.name }
        metadata.sort { $0.key < $1.key }
        return SafetensorsHeader(path: path, tensors: tensors, metadata: metadata, bytesRead: window.bytesFetched)
    }

    /// Weights a tensor holds: none for scales and zero points; several per element where a
    /// quantizer packs them (I32 `qweight` with `packedBits`-bit weights, gpt-oss's U8 MXFP4 `_blocks`
    /// with two 4-bit weights per byte); else one per element.
    static func parameters(name: String, dtype: String, elements: Int, packedBits: Int?) -> Int {
        if TensorInventory.Role.of(name) == .quantizationScales { return 0 }
        if name.hasSuffix("_blocks"), dtype == "U8" { return elements * 2 }
        if name.hasSuffix("qweight") || name.hasSuffix("weight_packed"), dtype == "I32" { return elements * 32 / (packedBits ?? 4) }
        return elements
    }
}

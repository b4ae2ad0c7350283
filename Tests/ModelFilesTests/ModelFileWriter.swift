import Catalog
import Foundation
@testable import ModelFiles

/// Writes small model files with the real layouts, for tests: GGUF v2/v3 (magic, version, counts,
/// metadata, tensor infos, aligned data) and safetensors (length, JSON header, data). Tensor data is
/// zeros, or a hole in a sparse file when `sparse` is set, so a header for a 400 GB model costs nothing.
enum ModelFileWriter {
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("modelfiles-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    enum Meta {
        case u32(UInt32), u64(UInt64), string(String), strings([String]), i32s([Int32]), bool(Bool), f32(Float)
    }

    struct GGUFTensor {
        var name: String
        var shape: [Int]
        var type: GGMLType
        var bytes: Int { type.bytes(elements: shape.reduce(1, *))! }
    }

    /// The bytes of a GGUF file, its tensor data (zeros) appended when `withData`.
    static func gguf(version: UInt32 = 3, metadata: [(String, Meta)], tensors: [GGUFTensor], alignment: Int = 32,
                     withData: Bool = true) -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func str(_ s: String) { u64(UInt64(s.utf8.count)); out += Array(s.utf8) }
        u32(version)
        u64(UInt64(tensors.count))
        u64(UInt64(metadata.count))
        for (key, value) in metadata {
            str(key)
            switch value {
            case .u32(let v): u32(4); u32(v)
            case .u64(let v): u32(10); u64(v)
            case .string(let s): u32(8); str(s)
            case .strings(let list): u32(9); u32(8); u64(UInt64(list.count)); list.forEach(str)
            case .i32s(let list): u32(9); u32(5); u64(UInt64(list.count)); list.forEach { u32(UInt32(bitPattern: $0)) }
            case .bool(let b): u32(7); out.append(b ? 1 : 0)
            case .f32(let f): u32(6); u32(f.bitPattern)
            }
        }
        var offset = 0
        for tensor in tensors {
            str(tensor.name)
            u32(UInt32(tensor.shape.count))
            tensor.shape.forEach { u64(UInt64($0)) }
            u32(UInt32(tensor.type.id))
            u64(UInt64(offset))
            offset += (tensor.bytes + alignment - 1) / alignment * alignment
        }
        while out.count % alignment != 0 { out.append(0) }
        if withData { out += [UInt8](repeating: 0, count: offset) }
        return out
    }

    /// The bytes of a safetensors file holding `tensors` (name, dtype, shape, bytes per element).
    static func safetensors(_ tensors: [(name: String, dtype: String, shape: [Int], bits: Int)], metadata: [String: String] = ["format": "pt"],
                            withData: Bool = true) -> [UInt8] {
        var entries: [String] = []
        if !metadata.isEmpty {
            entries.append("\"__metadata__\":{" + metadata.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}")
        }
        var offset = 0
        for tensor in tensors {
            let bytes = tensor.shape.reduce(1, *) * tensor.bits / 8
            entries.append("\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],"
                           + "\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out += $0 }
        out += header
        if withData { out += [UInt8](repeating: 0, count: offset) }
        return out
    }

    @discardableResult
    static func write(_ bytes: [UInt8], to url: URL, sparseTotal: Int? = nil) throws -> URL {
        try Data(bytes).write(to: url)
        if let sparseTotal {
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(sparseTotal))
            try handle.close()
        }
        return url
    }
}

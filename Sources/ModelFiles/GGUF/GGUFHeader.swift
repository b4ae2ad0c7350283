import Catalog

/// The header of a GGUF file (versions 2 and 3): its metadata key/value pairs and the name, shape,
/// ggml type and data offset of every tensor. Tensor data is never read.
///
/// Every length and count in the header is checked against the bytes left in the file before
/// anything is allocated for it, so a corrupt or hostile header is an error at its byte offset,
/// never a crash or a multi-gigabyte allocation. Large metadata arrays (a tokenizer's vocabulary)
/// are walked and counted, not kept.
package struct GGUFHeader: Sendable {
    /// A metadata value. Arrays keep their elements only when short (numbers and strings up to
    /// `keptArrayLength` items); a vocabulary of 150,000 strings keeps just its count.
    package enum Value: Sendable, Hashable {
        case integer(Int64)
        case unsigned(UInt64)
        case float(Double)
        case bool(Bool)
        case string(String)
        case array(count: Int, items: [Value]?)

        /// The value as an Int when it is a whole number.
        package var int: Int? {
            switch self {
            case .integer(let value): return Int(exactly: value)
            case .unsigned(let value): return Int(exactly: value)
            case .float(let value): return value.rounded() == value && abs(value) < 9e15 ? Int(value) : nil
            default: return nil
            }
        }
    }

    package static let keptArrayLength = 4096

    package var path: String
    package var version: Int
    package var metadata: [(key: String, value: Value)]
    package var tensors: [TensorInventory.Tensor]
    /// Where the tensor data begins (the header's end rounded up to `general.alignment`).
    package var dataOffset: Int
    /// Bytes read from disk to parse the header.
    package var bytesRead: Int

    package subscript(key: String) -> Value? { metadata.first { $0.key == key }?.value }

    private static let magic: [UInt8] = Array("GGUF".utf8)

    /// Reads the header of the GGUF file at `path`.
    package static func read(path: String) throws(ModelFileError) -> GGUFHeader {
        var window = try FileWindow(path: path)
        defer { window.close() }
        let magic = Array(try window.bytes(4, for: "the magic 'GGUF'"))
        guard magic == Self.magic else {
            throw window.error("expected the magic 'GGUF', found \(describe(magic))", at: 0)
        }
        let version = Int(try window.u32("the GGUF version"))
        guard version == 2 || version == 3 else {
            throw window.error("GGUF version \(version) is not supported; expected 2 or 3", at: 4)
        }
        // A tensor info takes at least 8 (name length) + 4 (dims) + 4 (type) + 8 (offset) bytes; a key/value pair 8 + 4 + 1.
        let tensorCount = try window.count("the tensor count", minimumBytesEach: 24)
        let metadataCount = try window.count("the metadata count", minimumBytesEach: 13)

        var metadata: [(key: String, value: Value)] = []
        metadata.reserveCapacity(metadataCount)
        for _ in 0..<metadataCount {
            let key = try string(&window, "a metadata key")
            let typeAt = window.offset
            let type = try window.u32("the type of metadata value '\(key)'")
            metadata.append((key, try value(&window, type: type, typeAt: typeAt, key: key, depth: 0)))
        }
        var alignment = 32
        if let declared = metadata.first(where: { $0.key == "general.alignment" })?.value.int {
            guard declared > 0, declared & (declared - 1) == 0, declared <= 1 << 20 else {
                throw window.error("general.alignment is \(declared); expected a power of two", at: 0)
            }
            alignment = declared
        }

        var tensors: [TensorInventory.Tensor] = []
        tensors.reserveCapacity(tensorCount)
        var offsets: [(name: String, offset: Int, bytes: Int, at: Int)] = []
        for _ in 0..<tensorCount {
            let at = window.offset
            let name = try string(&window, "a tensor name")
            let dimsAt = window.offset
            let dims = Int(try window.u32("the dimension count of tensor '\(name)'"))
            guard (1...4).contains(dims) else {
                throw window.error("tensor '\(name)' has \(dims) dimensions; expected 1 to 4", at: dimsAt)
            }
            var shape: [Int] = []
            var elements = 1
            for _ in 0..<dims {
                let dimAt = window.offset
                let raw = try window.u64("a dimension of tensor '\(name)'")
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(clamping: raw))
                guard raw > 0, raw < UInt64(Int.max), !overflow, product < 1 << 50 else {
                    throw window.error("tensor '\(name)' has a dimension of \(raw); expected 1 to 2^50 elements in all", at: dimAt)
                }
                shape.append(Int(raw))
                elements = product
            }
            let typeAt = window.offset
            let typeID = Int(try window.u32("the ggml type of tensor '\(name)'"))
            guard let type = GGMLType.withID(typeID) else {
                throw window.error("tensor '\(name)' has ggml type \(typeID), which ggml does not define; expected one of "
                                   + GGMLType.all.map { "\($0.id) (\($0.name))" }.joined(separator: ", "), at: typeAt)
            }
            guard shape[0] % type.blockElements == 0, let bytes = type.bytes(elements: elements) else {
                throw window.error("tensor '\(name)' has rows of \(shape[0]) elements, not a multiple of \(type.name)'s "
                                   + "\(type.blockElements)-element blocks", at: typeAt)
            }
            let offsetAt = window.offset
            let offset = try window.u64("the data offset of tensor '\(name)'")
            guard offset % UInt64(alignment) == 0, offset < UInt64(Int.max) else {
                throw window.error("tensor '\(name)' starts at data offset \(offset), not a multiple of the alignment \(alignment)", at: offsetAt)
            }
            tensors.append(TensorInventory.Tensor(name: name, shape: shape, type: type.name, elements: elements, bytes: bytes))
            offsets.append((name, Int(offset), bytes, at))
        }
        let dataOffset = (window.offset + alignment - 1) / alignment * alignment
        for entry in offsets {
            let end = dataOffset.addingReportingOverflow(entry.offset).partialValue.addingReportingOverflow(entry.bytes)
            guard !end.overflow, end.partialValue <= window.fileSize else {
                throw window.error("tensor '\(entry.name)' needs data up to byte \(end.overflow ? "beyond 2^63" : String(end.partialValue)), "
                                   + "but the file ends at byte \(window.fileSize) (truncated download?)", at: entry.at)
            }
        }
        return GGUFHeader(path: path, version: version, metadata: metadata, tensors: tensors, dataOffset: dataOffset,
                          bytesRead: window.bytesFetched)
    }

    /// A GGUF string: a u64 byte length, then UTF-8 bytes.
    private static func string(_ window: inout FileWindow, _ what: @autoclosure () -> String) throws(ModelFileError) -> String {
        let length = try window.count("the length of \(what())", minimumBytesEach: 1)
        return String(decoding: try window.bytes(length, for: what()), as: UTF8.self)
    }

    private static func value(_ window: inout FileWindow, type: UInt32, typeAt: Int, key: String,
                              depth: Int) throws(ModelFileError) -> Value {
        func what() -> String { "the value of '\(key)'" }
        switch type {
        case 0: return .unsigned(try window.uint(1, for: what()))
        case 1: return .integer(Int64(Int8(truncatingIfNeeded: try window.uint(1, for: what()))))
        case 2: return .unsigned(try window.uint(2, for: what()))
        case 3: return .integer(Int64(Int16(truncatingIfNeeded: try window.uint(2, for: what()))))
        case 4: return .unsigned(try window.uint(4, for: what()))
        case 5: return .integer(Int64(Int32(truncatingIfNeeded: try window.uint(4, for: what()))))
        case 6: return .float(Double(Float(bitPattern: UInt32(try window.uint(4, for: what())))))
        case 7:
            let at = window.offset
            let raw = try window.uint(1, for: what())
            guard raw <= 1 else { throw window.error("\(what()) is a bool stored as \(raw); expected 0 or 1", at: at) }
            return .bool(raw == 1)
        case 8: return .string(try string(&window, what()))
        case 9:
            guard depth == 0 else { throw window.error("\(what()) nests arrays more than one level deep", at: typeAt) }
            let elementAt = window.offset
            let elementType = try window.u32("the element type of '\(key)'")
            guard elementType <= 12 else {
                throw window.error("'\(key)' is an array of type \(elementType); expected a GGUF value type 0 to 12", at: elementAt)
            }
            let count = try window.count("the length of array '\(key)'", minimumBytesEach: minimumSize(of: elementType))
            let keep = count <= keptArrayLength
            if !keep, elementType != 8 {
                // Fixed-size elements: step over them all at once (count was checked against the file's size).
                try window.skip(count * minimumSize(of: elementType), for: "the elements of '\(key)'")
                return .array(count: count, items: nil)
            }
            if !keep {
                // A vocabulary of strings: step over each (its length checked against the file), keep none.
                for _ in 0..<count {
                    let length = try window.count("the length of an element of '\(key)'", minimumBytesEach: 1)
                    try window.skip(length, for: "an element of '\(key)'")
                }
                return .array(count: count, items: nil)
            }
            var items: [Value] = []
            items.reserveCapacity(count)
            for _ in 0..<count {
                items.append(try value(&window, type: elementType, typeAt: elementAt, key: key, depth: depth + 1))
            }
            return .array(count: count, items: items)
        case 10: return .unsigned(try window.uint(8, for: what()))
        case 11: return .integer(Int64(bitPattern: try window.uint(8, for: what())))
        case 12: return .float(Double(bitPattern: try window.uint(8, for: what())))
        default:
            throw window.error("'\(key)' has value type \(type); expected a GGUF value type 0 to 12", at: typeAt)
        }
    }

    /// Bytes one value of a GGUF type takes at least (a string's length field, an array's type and count).
    private static func minimumSize(of type: UInt32) -> Int {
        switch type {
        case 0, 1, 7: return 1
        case 2, 3: return 2
        case 4, 5, 6: return 4
        case 8: return 8
        case 9: return 12
        default: return 8
        }
    }

    static func describe(_ bytes: [UInt8]) -> String {
        let printable = bytes.allSatisfy { (0x20..<0x7F).contains($0) }
        return printable ? "'" + String(decoding: bytes, as: UTF8.self) + "'"
            : bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

/// A JSON document read with the line and column of every value, for config.json, safetensors
/// headers and shard indexes: an error in any of them can then point at the exact spot.
///
/// It owns JSON syntax only (RFC 8259, nesting limited to 64 levels so a hostile file cannot
/// exhaust the stack); what a field means belongs to the reader that asks for it.
struct JSONValue: Sendable {
    enum Kind: Sendable {
        case object([(key: String, value: JSONValue)])
        case array([JSONValue])
        case string(String)
        /// The number and whether it was written without fraction or exponent.
        case number(Double, integer: Bool)
        case bool(Bool)
        case null
    }

    var kind: Kind
    var line: Int
    var column: Int
    /// Byte offset of the value's first character in the parsed text.
    var offset: Int

    /// The member `key` of an object, nil when absent, null, or when this is not an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = kind else { return nil }
        guard let found = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = found.kind { return nil }
        return found
    }

    var members: [(key: String, value: JSONValue)]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    var items: [JSONValue]? {
        if case .array(let items) = kind { return items }
        return nil
    }

    var string: String? {
        if case .string(let text) = kind { return text }
        return nil
    }

    var number: Double? {
        if case .number(let value, _) = kind { return value }
        return nil
    }

    /// The value as a whole number, when it is one that fits an Int.
    var integer: Int? {
        guard case .number(let value, _) = kind, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

    var bool: Bool? {
        if case .bool(let flag) = kind { return flag }
        return nil
    }

    /// "an object", "a string"…, for messages that say what was found.
    var kindName: String {
        switch kind {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true or false"
        case .null: return "null"
        }
    }

    /// Parses `bytes` (UTF-8) read from `path`; errors carry the line and column of the problem, or
    /// its byte offset in the file when the JSON sits at `byteOffset` inside a binary file.
    static func parse(_ bytes: some Collection<UInt8>, path: String, byteOffset: Int? = nil) throws(ModelFileError) -> JSONValue {
        var parser = JSONParser(bytes: Array(bytes), path: path, byteOffset: byteOffset)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("expected the end of the document after the top-level value") }
        return value
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    let path: String
    let byteOffset: Int?
    var index = 0
    var line = 1
    var lineStart = 0

    init(bytes: [UInt8], path: String, byteOffset: Int?) {
        self.bytes = bytes
        self.path = path
        self.byteOffset = byteOffset
    }

    var column: Int { index - lineStart + 1 }

    func error(_ message: String) -> ModelFileError {
        if let byteOffset { return ModelFileError(path, .byte(byteOffset + index), message) }
        return ModelFileError(path, .line(line, column: column), message)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1; lineStart = index
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(ModelFileError) -> JSONValue {
        guard depth < 64 else { throw error("nesting deeper than 64 levels") }
        guard index < bytes.count else { throw error("expected a value but the document ends") }
        let (startLine, startColumn, startOffset) = (line, column, index)
        func made(_ kind: JSONValue.Kind) -> JSONValue { JSONValue(kind: kind, line: startLine, column: startColumn, offset: startOffset) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return made(.object(members)) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted member name") }
                let key = try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the member name")
                skipWhitespace()
                members.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                if try separator(closing: UInt8(ascii: "}")) { return made(.object(members)) }
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return made(.array(items)) }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if try separator(closing: UInt8(ascii: "]")) { return made(.array(items)) }
            }
        case UInt8(ascii: "\""):
            return made(.string(try string()))
        case UInt8(ascii: "t"):
            try word("true"); return made(.bool(true))
        case UInt8(ascii: "f"):
            try word("false"); return made(.bool(false))
        case UInt8(ascii: "n"):
            try word("null"); return made(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return made(try number())
        default:
            throw error("expected a value (object, array, string, number, true, false or null)")
        }
    }

    /// After a member or item: true at the closing bracket, false after a comma.
    mutating func separator(closing: UInt8) throws(ModelFileError) -> Bool {
        guard index < bytes.count else { throw error("expected ',' or '\(Character(UnicodeScalar(closing)))' but the document ends") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; return false }
        if bytes[index] == closing { index += 1; return true }
        throw error("expected ',' or '\(Character(UnicodeScalar(closing)))'")
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(ModelFileError) {
        guard index < bytes.count, bytes[index] == byte else { throw error("expected \(what)") }
        index += 1
    }

    mutating func word(_ text: String) throws(ModelFileError) {
        for byte in text.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw error("expected '\(text)'") }
            index += 1
        }
    }

    mutating func number() throws(ModelFileError) -> JSONValue.Kind {
        let start = index
        var integer = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - from
        }
        guard digits() > 0 else { throw error("expected a digit") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integer = false
            index += 1
            guard digits() > 0 else { throw error("expected a digit after the decimal point") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integer = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("number '\(text)' is out of range") }
        return .number(value, integer: integer)
    }

    mutating func string() throws(ModelFileError) -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("expected an escape after '\\' but the document ends") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count,
                       bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00) & 0x3FF
                    }
                    out.append(contentsOf: Array(String(UnicodeScalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default:
                    index -= 1
                    throw error("unknown escape '\\\(Character(UnicodeScalar(escaped)))' in a string")
                }
            case 0x00..<0x20:
                throw error("expected '\"' to close the string before the end of the line")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw error("expected '\"' to close the string but the document ends")
    }

    mutating func hex4() throws(ModelFileError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Character(UnicodeScalar(bytes[index])).hexDigitValue else {
                throw error("expected four hexadecimal digits after '\\u'")
            }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }
}

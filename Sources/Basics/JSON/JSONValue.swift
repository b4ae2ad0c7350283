/// A JSON document read with the line, column and byte offset of every value, for the files and
/// requests whose errors must point at the exact spot: config.json, safetensors headers and shard
/// indexes (ModelFiles), and the body of `POST /api/size` (Server).
///
/// It owns JSON syntax only (RFC 8259, nesting limited to 64 levels so a hostile document cannot
/// exhaust the stack); what a field means, and how an error is worded for its reader (a file's
/// `path:line:column`, an API field), belongs to the reader that asks for it.
package struct JSONValue: Sendable {
    package enum Kind: Sendable {
        case object([(key: String, value: JSONValue)])
        case array([JSONValue])
        case string(String)
        /// The number and whether it was written without fraction or exponent.
        case number(Double, integer: Bool)
        case bool(Bool)
        case null
    }

    package var kind: Kind
    package var line: Int
    package var column: Int
    /// Byte offset of the value's first character in the parsed text.
    package var offset: Int

    /// The member `key` of an object, nil when absent, null, or when this is not an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = kind else { return nil }
        guard let found = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = found.kind { return nil }
        return found
    }

    package var members: [(key: String, value: JSONValue)]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    package var items: [JSONValue]? {
        if case .array(let items) = kind { return items }
        return nil
    }

    package var string: String? {
        if case .string(let text) = kind { return text }
        return nil
    }

    package var number: Double? {
        if case .number(let value, _) = kind { return value }
        return nil
    }

    /// The value as a whole number, when it is one that fits an Int.
    package var integer: Int? {
        guard case .number(let value, _) = kind, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

    package var bool: Bool? {
        if case .bool(let flag) = kind { return flag }
        return nil
    }

    /// "an object", "a string"…, for messages that say what was found.
    package var kindName: String {
        switch kind {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true or false"
        case .null: return "null"
        }
    }

    /// Parses `bytes` (UTF-8) as one JSON document; an error carries the line, column and byte
    /// offset of the problem.
    package static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(bytes))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("expected the end of the document after the top-level value") }
        return value
    }
}

/// Where a JSON document stops being valid, and what was expected there. Readers turn it into their
/// own error (a file position, a byte offset in a binary file, a request's message).
package struct JSONSyntaxError: Error, Sendable, Hashable {
    package var message: String
    /// 1-based line and column (in bytes) of the problem.
    package var line: Int
    package var column: Int
    /// Byte offset of the problem from the start of the document.
    package var offset: Int

    package init(message: String, line: Int, column: Int, offset: Int) {
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0

    var column: Int { index - lineStart + 1 }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, line: line, column: column, offset: index)
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

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
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
    mutating func separator(closing: UInt8) throws(JSONSyntaxError) -> Bool {
        guard index < bytes.count else { throw error("expected ',' or '\(Character(UnicodeScalar(closing)))' but the document ends") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; return false }
        if bytes[index] == closing { index += 1; return true }
        throw error("expected ',' or '\(Character(UnicodeScalar(closing)))'")
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard index < bytes.count, bytes[index] == byte else { throw error("expected \(what)") }
        index += 1
    }

    mutating func word(_ text: String) throws(JSONSyntaxError) {
        for byte in text.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw error("expected '\(text)'") }
            index += 1
        }
    }

    mutating func number() throws(JSONSyntaxError) -> JSONValue.Kind {
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

    mutating func string() throws(JSONSyntaxError) -> String {
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

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
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

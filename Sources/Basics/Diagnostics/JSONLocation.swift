/// Positions in JSON text for the errors Foundation's `JSONDecoder` reports without one: a value of
/// the wrong type, a missing key, a syntax error. Turns a `DecodingError` into a diagnostic at
/// `path:line:column` with a sentence, by walking the text to the value its coding path names.
///
/// Owns a small validating scanner of JSON (RFC 8259), used only to find positions after a decode
/// failed; it never builds values and never decides what a file means. Nesting past `maxDepth` is
/// reported as an error rather than recursed into.
package enum JSONLocation {
    /// The deepest nesting the scanner follows; the decoder's own limit is of the same order.
    package static let maxDepth = 512

    /// A diagnostic for `error` (a `DecodingError`, or anything else) met decoding `text`, the
    /// contents of `file`.
    package static func diagnostic(for error: any Error, in text: String, file: String) -> Diagnostic {
        let bytes = Array(text.utf8)
        func at(_ offset: Int) -> SourceLocation { location(ofByte: offset, in: bytes, file: file) }
        func value(_ path: [any CodingKey]) -> (offset: Int, kind: String)? {
            var scanner = Scanner(bytes: bytes, target: path.map(Step.init))
            do { try scanner.document() } catch { return nil }
            return scanner.found
        }
        guard let decoding = error as? DecodingError else {
            return .error(at: at(0), "cannot read the JSON: \(error)")
        }
        switch decoding {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let found = value(context.codingPath)
            return .error(at: at(found?.offset ?? 0), "expected \(describe(type)) for \(name(context.codingPath)), found \(found?.kind ?? "something else")")
        case .keyNotFound(let key, let context):
            let container = value(context.codingPath)
            return .error(at: at(container?.offset ?? 0), "missing key '\(key.stringValue)' in \(name(context.codingPath))")
        case .dataCorrupted(let context):
            var scanner = Scanner(bytes: bytes, target: nil)
            do {
                try scanner.document()
            } catch let problem as Scanner.Problem {
                return .error(at: at(problem.offset), "not valid JSON: \(problem.message)")
            } catch {}
            if !context.codingPath.isEmpty, let found = value(context.codingPath) {
                return .error(at: at(found.offset), "invalid value for \(name(context.codingPath)): \(context.debugDescription)")
            }
            return .error(at: at(0), "not valid JSON: \(context.debugDescription)")
        @unknown default:
            return .error(at: at(0), "cannot read the JSON: \(error)")
        }
    }

    /// "'results.3.gflops'", or "the top level".
    static func name(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level" : "'" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "'"
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Double.Type, is Float.Type, is Int64.Type, is UInt64.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let text = "\(type)"
            if text.hasPrefix("Array") || text.hasPrefix("[") { return "a list" }
            if text.hasPrefix("Dictionary") { return "an object" }
            return "an object (\(text))"
        }
    }

    /// Line and column (in characters) of a byte offset.
    static func location(ofByte offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        let end = min(max(offset, 0), bytes.count)
        var line = 1, lineStart = 0
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return SourceLocation(file: file, line: line, column: column)
    }

    /// One step of a coding path: a key of an object or an index of an array.
    enum Step: Equatable {
        case key(String), index(Int)
        init(_ key: any CodingKey) {
            if let index = key.intValue { self = .index(index) } else { self = .key(key.stringValue) }
        }
    }

    /// Reads a JSON document, noting where the value at `target` starts and what kind it is.
    struct Scanner {
        struct Problem: Error {
            var offset: Int
            var message: String
        }

        let bytes: [UInt8]
        let target: [Step]?
        var found: (offset: Int, kind: String)?
        var offset = 0
        var path: [Step] = []

        init(bytes: [UInt8], target: [Step]?) {
            self.bytes = bytes
            self.target = target
        }

        var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        mutating func document() throws {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
            try value()
            skipSpace()
            if current != nil { throw Problem(offset: offset, message: "unexpected text after the end of the document") }
        }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
        }

        func expected(_ what: String) -> Problem {
            guard let byte = current else { return Problem(offset: offset, message: "the text ends where \(what) was expected") }
            let shown = byte < 0x80 && byte >= 0x20 ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
            return Problem(offset: offset, message: "expected \(what), found \(shown)")
        }

        mutating func value() throws {
            skipSpace()
            guard path.count <= JSONLocation.maxDepth else {
                throw Problem(offset: offset, message: "nested more than \(JSONLocation.maxDepth) deep")
            }
            let start = offset
            let kind: String
            switch current {
            case UInt8(ascii: "{"): kind = "an object"
            case UInt8(ascii: "["): kind = "a list"
            case UInt8(ascii: "\""): kind = "a string"
            case UInt8(ascii: "t"), UInt8(ascii: "f"): kind = "true or false"
            case UInt8(ascii: "n"): kind = "null"
            default: kind = "a number"
            }
            if let target, found == nil, path == target { found = (start, kind) }
            switch current {
            case UInt8(ascii: "{"): try object()
            case UInt8(ascii: "["): try array()
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: try number()
            }
        }

        mutating func object() throws {
            offset += 1
            skipSpace()
            if current == UInt8(ascii: "}") { offset += 1; return }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw expected("a key in quotes") }
                let key = try string()
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw expected("':' after the key") }
                offset += 1
                path.append(.key(key))
                try value()
                path.removeLast()
                skipSpace()
                if current == UInt8(ascii: ",") { offset += 1; continue }
                if current == UInt8(ascii: "}") { offset += 1; return }
                throw expected("',' or '}'")
            }
        }

        mutating func array() throws {
            offset += 1
            skipSpace()
            if current == UInt8(ascii: "]") { offset += 1; return }
            var index = 0
            while true {
                path.append(.index(index))
                try value()
                path.removeLast()
                index += 1
                skipSpace()
                if current == UInt8(ascii: ",") { offset += 1; continue }
                if current == UInt8(ascii: "]") { offset += 1; return }
                throw expected("',' or ']'")
            }
        }

        @discardableResult
        mutating func string() throws -> String {
            let start = offset
            offset += 1
            var text: [UInt8] = []
            while let byte = current {
                offset += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = current else { break }
                    offset += escaped == UInt8(ascii: "u") ? 5 : 1
                    text.append(escaped)
                case ..<0x20:
                    throw Problem(offset: offset - 1, message: "a control character inside a string; write it escaped")
                default: text.append(byte)
                }
            }
            throw Problem(offset: start, message: "the string opened here is never closed")
        }

        mutating func literal(_ word: String) throws {
            guard bytes[offset...].starts(with: Array(word.utf8)) else { throw expected("a value (a number, a string, true, false or null)") }
            offset += word.utf8.count
        }

        mutating func number() throws {
            let start = offset
            if current == UInt8(ascii: "-") { offset += 1 }
            func digits() -> Int {
                let from = offset
                while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { offset += 1 }
                return offset - from
            }
            guard digits() > 0 else { offset = start; throw expected("a value (a number, a string, true, false or null)") }
            if current == UInt8(ascii: ".") {
                offset += 1
                guard digits() > 0 else { throw expected("digits after the decimal point") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                offset += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
                guard digits() > 0 else { throw expected("digits in the exponent") }
            }
        }
    }
}

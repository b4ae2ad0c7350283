import Foundation

/// Bytes read from a user's file turned into text, with invalid UTF-8 reported where it is: the bad
/// byte's line and column (in characters, as every other position) and its byte offset in the file.
///
/// Owns only the decoding and the position of a bad byte; it never reads files or guesses another
/// encoding.
package enum SourceText {
    /// `bytes` as UTF-8 text, or an error at the first byte that is not valid UTF-8.
    package static func decode(_ bytes: Data, file: String) -> Result<String, Diagnostic> {
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        let array = [UInt8](bytes)
        let offset = firstInvalidByte(in: array) ?? 0
        var line = 1
        var lineStart = 0
        for index in 0..<offset where array[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        // Characters before the bad byte on its line: every byte that is not a UTF-8 continuation byte.
        let column = array[lineStart..<offset].reduce(1) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) }
        let shown = String(format: "0x%02X", array[offset])
        return .failure(.error(at: SourceLocation(file: file, line: line, column: column),
                               "the file is not valid UTF-8: byte \(shown) at byte offset \(offset) cannot start or continue a character; save the file as UTF-8"))
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence, or nil when all do.
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }
}

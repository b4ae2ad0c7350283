import Basics

/// Reading Basics' `JSONValue` from a model file: a syntax error becomes a `ModelFileError` at the
/// file's `path:line:column`, or at its byte offset when the JSON sits inside a binary file (a
/// safetensors header). Owns only that translation; JSON syntax stays in Basics.
extension JSONValue {
    /// Parses `bytes` (UTF-8) read from `path`; errors carry the line and column of the problem, or
    /// its byte offset in the file when the JSON sits at `byteOffset` inside a binary file.
    static func parse(_ bytes: some Collection<UInt8>, path: String, byteOffset: Int? = nil) throws(ModelFileError) -> JSONValue {
        do {
            return try parse(bytes)
        } catch {
            if let byteOffset { throw ModelFileError(path, .byte(byteOffset + error.offset), error.message) }
            throw ModelFileError(path, .line(error.line, column: error.column), error.message)
        }
    }
}

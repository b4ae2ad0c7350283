import Foundation

/// Reads a binary header front to back without loading the file: bytes are fetched from disk in
/// chunks as the cursor reaches them, every read is checked against the file's size first, and a
/// length field can be checked against what is left before anything is allocated for it.
///
/// It owns bounds checking and little-endian decoding for the GGUF and safetensors readers; it
/// never reads past what a caller asks for (tensor data stays on disk).
struct FileWindow {
    let path: String
    let fileSize: Int
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// File offset of `buffer[0]`.
    private var bufferStart = 0
    /// Offset of the next byte to read.
    private(set) var offset = 0
    /// Bytes fetched from disk so far (the benchmark and tests check tensor data is never touched).
    private(set) var bytesFetched = 0

    private static let chunk = 1 << 20

    init(path: String) throws(ModelFileError) {
        self.path = path
        // Only a regular file has a size to check reads against: opening a FIFO would wait for a writer,
        // and a device or a folder reports no size (or a nonsensical one).
        if let problem = Self.notARegularFile(path) { throw ModelFileError(path, .wholeFile, problem) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ModelFileError(path, .wholeFile, "cannot open the file for reading")
        }
        self.handle = handle
        do {
            fileSize = Int(try handle.seekToEnd())
        } catch {
            throw ModelFileError(path, .wholeFile, "cannot find the file's size: \(error.localizedDescription)")
        }
    }

    func close() { try? handle.close() }

    /// Why `path` cannot be read as a model file (missing, a link loop, a folder, a FIFO, a device), or nil
    /// for a regular file (or a link to one).
    static func notARegularFile(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ELOOP { return "is a symbolic link that leads back to itself; expected a model file or folder" }
            return "cannot open the file for reading: \(String(cString: strerror(code)))"
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a folder; expected a file"
        case S_IFIFO: return "is a named pipe (FIFO), not a regular file; infrabook reads model files, not streams"
        case S_IFCHR, S_IFBLK: return "is a device, not a regular file; expected a model file"
        case S_IFSOCK: return "is a socket, not a regular file; expected a model file"
        default: return "is not a regular file; expected a model file"
        }
    }

    /// Bytes left between the cursor and the end of the file.
    var remaining: Int { fileSize - offset }

    func error(_ message: String, at position: Int? = nil) -> ModelFileError {
        ModelFileError(path, .byte(position ?? offset), message)
    }

    /// Throws unless `count` more bytes exist after the cursor, saying what they were to hold.
    func require(_ count: Int, for what: @autoclosure () -> String) throws(ModelFileError) {
        guard count >= 0, count <= remaining else {
            throw error("expected \(what()) (\(count) bytes) but the file ends after \(remaining) more bytes")
        }
    }

    /// The next `count` bytes, which must exist.
    mutating func bytes(_ count: Int, for what: @autoclosure () -> String) throws(ModelFileError) -> ArraySlice<UInt8> {
        try require(count, for: what())
        let end = offset + count
        if offset < bufferStart || end > bufferStart + buffer.count {
            try fill(from: offset, atLeast: count)
        }
        let start = offset - bufferStart
        offset = end
        return buffer[start..<(start + count)]
    }

    private mutating func fill(from position: Int, atLeast count: Int) throws(ModelFileError) {
        let length = min(max(count, Self.chunk), fileSize - position)
        do {
            try handle.seek(toOffset: UInt64(position))
            let data = try handle.read(upToCount: length) ?? Data()
            guard data.count == length else { throw error("the file changed while it was read", at: position) }
            buffer = [UInt8](data)
            bufferStart = position
            bytesFetched += length
        } catch let failure as ModelFileError {
            throw failure
        } catch {
            throw self.error("cannot read the file: \(error.localizedDescription)", at: position)
        }
    }

    mutating func skip(_ count: Int, for what: @autoclosure () -> String) throws(ModelFileError) {
        try require(count, for: what())
        offset += count
    }

    /// A little-endian unsigned integer of `width` bytes (1 to 8).
    mutating func uint(_ width: Int, for what: @autoclosure () -> String) throws(ModelFileError) -> UInt64 {
        try require(width, for: what())
        if offset < bufferStart || offset + width > bufferStart + buffer.count {
            try fill(from: offset, atLeast: width)
        }
        let start = offset - bufferStart
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(buffer[start + index]) << (8 * UInt64(index)) }
        offset += width
        return value
    }

    mutating func u32(_ what: @autoclosure () -> String) throws(ModelFileError) -> UInt32 { UInt32(try uint(4, for: what())) }
    mutating func u64(_ what: @autoclosure () -> String) throws(ModelFileError) -> UInt64 { try uint(8, for: what()) }

    /// A u64 length or count that must fit in what is left of the file at `minimumBytesEach` bytes each:
    /// the check that keeps a corrupt length from allocating gigabytes.
    mutating func count(_ what: @autoclosure () -> String, minimumBytesEach: Int) throws(ModelFileError) -> Int {
        let at = offset
        let raw = try u64(what())
        let limit = remaining / max(1, minimumBytesEach)
        guard raw <= UInt64(limit) else {
            throw error("\(what()) is \(raw), more than the \(remaining) bytes left in the file can hold", at: at)
        }
        return Int(raw)
    }
}

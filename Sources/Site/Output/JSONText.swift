/// Deterministic JSON text: strings escaped the same way every time, numbers without locale.
/// Used for `values.json` and the search index so two builds of the same input are byte-identical.
enum JSONText {
    /// `text` as a JSON string literal. `<` `>` `&` and U+2028/2029 are escaped too, so the literal is
    /// also safe inside a `<script>` file.
    static func string(_ text: String) -> String {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(text.utf8.count + 16)
        let hex = Array("0123456789abcdef".utf8)
        var bytes = text.utf8.makeIterator()
        var pending: [UInt8] = []
        while let byte = pending.isEmpty ? bytes.next() : pending.removeFirst() {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x3C, 0x3E, 0x26, 0x00..<0x20:
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            case 0xE2:
                // U+2028 and U+2029 (E2 80 A8/A9) end lines in older JavaScript: escape them too.
                let second = bytes.next(), third = second == nil ? nil : bytes.next()
                if second == 0x80, let third, third == 0xA8 || third == 0xA9 {
                    out += Array((third == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                } else {
                    out.append(byte)
                    pending = [second, third].compactMap { $0 }
                }
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    /// A number as JSON: integers exactly (`141107412992`), others in Swift's shortest round-trip form.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 9.007e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

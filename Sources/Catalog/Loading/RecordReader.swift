import Basics

/// Reads one record (a YAML mapping) field by field, collecting every problem instead of stopping
/// at the first, so a catalog file with three mistakes reports three `path:line:column` errors.
///
/// Internal to the catalog loaders; it never decides what a field means, only how it is written.
struct RecordReader {
    let mapping: YAMLMapping
    /// What the record is, for messages: "model 'llama-3.1-70b'".
    let what: String
    private(set) var problems: [Diagnostic] = []

    init(_ mapping: YAMLMapping, what: String, allowed: [String]) {
        self.mapping = mapping
        self.what = what
        problems = mapping.unknownKeys(allowed: allowed, in: what)
    }

    /// The value under `key` read by `read`, or nil (with a problem noted) when missing or malformed.
    mutating func required<T>(_ key: String, _ read: (YAMLNode) throws(Diagnostic) -> T) -> T? {
        do {
            return try read(try mapping.required(key, in: what))
        } catch {
            problems.append(error)
            return nil
        }
    }

    /// The value under `key` read by `read`, or nil when absent; a malformed value is a problem.
    mutating func optional<T>(_ key: String, _ read: (YAMLNode) throws(Diagnostic) -> T) -> T? {
        guard let node = mapping[key], !node.isNull else { return nil }
        do {
            return try read(node)
        } catch {
            problems.append(error)
            return nil
        }
    }

    mutating func note(_ problem: Diagnostic) { problems.append(problem) }
}

/// Field readers shared by the catalog files.
enum FieldRead {
    static func text(_ node: YAMLNode) throws(Diagnostic) -> String {
        let value = try node.string()
        guard !value.trimmingCharacters(in: " ").isEmpty else {
            throw .error(at: node.location, "expected a non-empty text value")
        }
        return value
    }

    /// A whole number greater than zero.
    static func positiveInt(_ node: YAMLNode) throws(Diagnostic) -> Int {
        let value = try node.int()
        guard value > 0 else { throw .error(at: node.location, "expected a whole number greater than zero, found \(value)") }
        return value
    }

    /// The largest architecture dimension accepted: `ModelSpec.largestDimension`, where the limits live.
    static let largestDimension = ModelSpec.largestDimension

    /// A dimension of a model or system: a whole number from 1 to `largestDimension`.
    static func dimension(_ node: YAMLNode) throws(Diagnostic) -> Int {
        let value = try positiveInt(node)
        guard value <= largestDimension else {
            throw .error(at: node.location, "expected a whole number from 1 to 16,777,216, found \(value), too large for a dimension")
        }
        return value
    }

    /// A whole number, zero allowed.
    static func count(_ node: YAMLNode) throws(Diagnostic) -> Int {
        let value = try node.int()
        guard value >= 0 else { throw .error(at: node.location, "expected a whole number of zero or more, found \(value)") }
        return value
    }

    static func positiveNumber(_ node: YAMLNode) throws(Diagnostic) -> Double {
        let value = try node.double()
        guard value > 0 else { throw .error(at: node.location, "expected a number greater than zero, found \(value)") }
        return value
    }

    /// A token count (`8K` = 8,192; `131072`).
    static func tokens(_ node: YAMLNode) throws(Diagnostic) -> Int {
        try node.positiveWhole(.tokens, name: "tokens")
    }

    /// A byte size such as `80GB` or `81559MiB`, as a whole number of bytes.
    static func bytes(_ node: YAMLNode) throws(Diagnostic) -> Int {
        let value = try node.positiveQuantity(.bytes, name: "size")
        do {
            return try CheckedCount.rounded(value, .toNearestOrEven, what: "the size")
        } catch {
            throw .error(at: node.location, "the size '\(node.scalarText ?? "")' is too large (at most \(CheckedCount.limitText) bytes)")
        }
    }

    /// A rate written as a size per second: `3.35TB/s`, `900GB/s`; returns bytes per second.
    static func bytesPerSecond(_ node: YAMLNode) throws(Diagnostic) -> Double {
        let text = try node.string()
        let trimmed = text.trimmingCharacters(in: " ")
        guard trimmed.hasSuffix("/s"), let value = Quantity.parse(String(trimmed.dropLast(2)), as: .bytes), value > 0 else {
            throw .error(at: node.location, "expected a bandwidth such as 3.35TB/s or 900GB/s, found '\(text)'")
        }
        return value
    }

    static func textList(_ node: YAMLNode) throws(Diagnostic) -> [String] {
        var values: [String] = []
        for item in try node.list() { values.append(try text(item)) }
        return values
    }

    /// A lower-case id: letters, digits, `.`, `-` and `_`.
    static func id(_ node: YAMLNode) throws(Diagnostic) -> String {
        let value = try text(node)
        guard value.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || ".-_".contains($0) }) else {
            throw .error(at: node.location, "expected an id of lower-case letters, digits, '.', '-' and '_', found '\(value)'")
        }
        return value
    }

    /// One of a fixed set of words.
    static func choice<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, as type: E.Type) throws(Diagnostic) -> E
    where E.RawValue == String {
        let value = try node.string()
        guard let found = E(rawValue: value) else {
            throw .error(at: node.location, "unexpected value '\(value)'" + NearestNames.hint(value, among: E.allCases.map(\.rawValue)))
        }
        return found
    }
}

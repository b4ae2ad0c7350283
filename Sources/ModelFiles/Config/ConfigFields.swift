import Basics
import Catalog

/// Typed access to the fields of a Hugging Face `config.json`, with the place of each in the file.
///
/// Multimodal configs keep the language model's fields under `text_config` (Gemma 3, Llama 4,
/// Mistral 3): those are read first, then the top level. A field that is required and missing, or
/// present with the wrong type, is an error naming the field and its line and column; nothing is
/// guessed here.
struct ConfigFields {
    let path: String
    let root: JSONValue
    let text: JSONValue?
    /// Values transformers' config class gives a field the file leaves out, for families whose
    /// published configs rely on them (Gemma 3's text config omits its vocabulary size).
    var defaults: [String: Int] = [:]

    /// transformers' documented defaults, by `model_type` (Gemma3TextConfig: vocab_size 262,208,
    /// max_position_embeddings 131,072, sliding_window_pattern 6; Llama4TextConfig: no_rope_layer_interval 4).
    static let familyDefaults: [String: [String: Int]] = [
        "gemma3_text": ["vocab_size": 262_208, "max_position_embeddings": 131_072, "sliding_window_pattern": 6],
        "llama4_text": ["no_rope_layer_interval": 4],
    ]

    init(path: String, root: JSONValue) throws(ModelFileError) {
        guard root.members != nil else {
            throw ModelFileError(path, .line(root.line, column: root.column), "expected config.json to hold a JSON object, found \(root.kindName)")
        }
        self.path = path
        self.root = root
        text = root["text_config"].flatMap { $0.members != nil ? $0 : nil }
    }

    /// The value of `key`, from `text_config` first.
    func value(_ key: String) -> JSONValue? { text?[key] ?? root[key] }

    func has(_ key: String) -> Bool { value(key) != nil || defaults[key] != nil }

    /// The family defaults this file relied on, for the record's notes.
    var defaultsUsed: [String] { defaults.keys.filter { value($0) == nil }.sorted() }

    func error(_ message: String, at value: JSONValue? = nil) -> ModelFileError {
        let spot = value ?? text ?? root
        return ModelFileError(path, .line(spot.line, column: spot.column), message)
    }

    /// The largest count or width any field may hold (16,777,216): far above every published model,
    /// low enough that products of a few of them cannot overflow.
    static let largest = ModelSpec.largestDimension

    /// The whole number at `key` (or the family default), which must lie in `range`.
    func int(_ key: String, in range: ClosedRange<Int> = 0...largest) throws(ModelFileError) -> Int? {
        guard let found = value(key) else { return defaults[key] }
        if let number = found.integer {
            guard range.contains(number) else {
                throw error("'\(key)' is \(number); expected \(range.lowerBound) to \(range.upperBound)", at: found)
            }
            return number
        }
        // A number too large for `integer` (1e16) is out of range, not "not a number"; a fraction is shown as written.
        // (Written without `Optional.map` and `??` on the enum: Swift 6.3's release optimiser crashes on that shape here.)
        var written = found.kindName
        if let value = found.number {
            if value.rounded() == value {
                throw error("'\(key)' is \(value); expected \(range.lowerBound) to \(range.upperBound)", at: found)
            }
            written = String(describing: value)
        }
        throw error("'\(key)' must be a whole number, found \(written)", at: found)
    }

    /// The product of `factors`, or an error naming `what` when it would overflow.
    func product(_ factors: [Int], _ what: String) throws(ModelFileError) -> Int {
        var result = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow, next < 1 << 52 else { throw error("\(what) comes to more than 2^52 elements; the config's sizes are implausible") }
            result = next
        }
        return result
    }

    /// A whole number that must be present, at least `minimum` and at most `maximum` (bounds that
    /// keep a corrupt count from making the reader loop or allocate without end).
    func require(_ key: String, minimum: Int = 1, maximum: Int = largest, why: String) throws(ModelFileError) -> Int {
        guard let number = try int(key, in: minimum...maximum) else { throw error("'\(key)' is missing; it is needed for \(why)") }
        guard number >= minimum, number <= maximum else {   // a family default outside the bounds
            throw error("'\(key)' is \(number); expected \(minimum) to \(maximum)", at: value(key))
        }
        return number
    }

    /// A whole number that, when present, must be at least 1: a period or interval the reader divides by.
    func positive(_ key: String) throws(ModelFileError) -> Int? {
        guard has(key) else { return nil }
        return try require(key, why: "")
    }

    /// The first of `keys` present, as a whole number.
    func first(_ keys: String...) throws(ModelFileError) -> Int? {
        for key in keys { if let found = try int(key) { return found } }
        return nil
    }

    func bool(_ key: String) throws(ModelFileError) -> Bool? {
        guard let found = value(key) else { return nil }
        guard let flag = found.bool else { throw error("'\(key)' must be true or false, found \(found.kindName)", at: found) }
        return flag
    }

    func string(_ key: String) throws(ModelFileError) -> String? {
        guard let found = value(key) else { return nil }
        guard let text = found.string else { throw error("'\(key)' must be a string, found \(found.kindName)", at: found) }
        return text
    }
}

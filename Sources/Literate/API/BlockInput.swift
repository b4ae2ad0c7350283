import Basics

/// A block as its kind sees it: the options from the info string and the YAML body, both with positions.
public struct BlockInput: Sendable {
    /// The kind named after `{`.
    public var kind: String
    /// `id=...`: the name inline expressions use for the result; nil when absent.
    public var id: String?
    /// `caption="..."`.
    public var caption: String?
    /// `echo=true`: show the block's source above its result.
    public var echo: Bool
    /// The YAML body as a mapping (the evaluator has already rejected keys the kind does not list).
    public var body: YAMLMapping
    /// The body exactly as written.
    public var source: String
    /// Where the block's opening fence is.
    public var location: SourceLocation

    public init(kind: String, id: String?, caption: String?, echo: Bool, body: YAMLMapping, source: String, location: SourceLocation) {
        self.kind = kind
        self.id = id
        self.caption = caption
        self.echo = echo
        self.body = body
        self.source = source
        self.location = location
    }

    /// The value under `key`, or an error at the block naming the missing key.
    public func required(_ key: String) throws(Diagnostic) -> YAMLNode {
        try body.required(key, in: "'\(kind)' block")
    }

    public subscript(_ key: String) -> YAMLNode? { body[key] }
}

import Basics

/// A block as its kind sees it: the options from the info string and the YAML body, both with positions.
package struct BlockInput: Sendable {
    /// The kind named after `{`.
    package var kind: String
    /// `id=...`: the name inline expressions use for the result; nil when absent.
    package var id: String?
    /// `caption="..."`.
    package var caption: String?
    /// `echo=true`: show the block's source above its result.
    package var echo: Bool
    /// The YAML body as a mapping (the evaluator has already rejected keys the kind does not list).
    package var body: YAMLMapping
    /// The body exactly as written.
    package var source: String
    /// Where the block's opening fence is.
    package var location: SourceLocation

    package init(kind: String, id: String?, caption: String?, echo: Bool, body: YAMLMapping, source: String, location: SourceLocation) {
        self.kind = kind
        self.id = id
        self.caption = caption
        self.echo = echo
        self.body = body
        self.source = source
        self.location = location
    }

    /// The value under `key`, or an error at the block naming the missing key.
    package func required(_ key: String) throws(Diagnostic) -> YAMLNode {
        try body.required(key, in: "'\(kind)' block")
    }

    package subscript(_ key: String) -> YAMLNode? { body[key] }
}

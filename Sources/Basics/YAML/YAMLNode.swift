import Yams

/// A YAML document as a plain Swift tree in which every node remembers where it was written.
///
/// Catalog files, page front matter, computation-block bodies and project files are all read through
/// this type, so every error in any of them can name `path:line:column`. Nothing here knows what the
/// keys mean; readers in each module do.
///
/// Anchors and aliases (`&name`, `*name`) are refused: no file of ours needs them, and an alias of
/// an alias of … expands a few hundred bytes into gigabytes of tree (the "billion laughs"). Aliases
/// are found in the text before Yams composes it (see `firstAlias`), anchors while converting. Nesting deeper than libyaml's limit (1,000) is refused by libyaml with its position.
package struct YAMLNode: Sendable {
    package enum Content: Sendable {
        /// A scalar as written; `plain` is false for quoted scalars, which are never numbers or null.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
        case null
    }

    package var content: Content
    package var location: SourceLocation

    package init(content: Content, location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// Parses `text` as one YAML document. `file` names it in diagnostics; `lineOffset` is added to
    /// every line (for a body that starts part way into a larger file). An empty document is `.null`.
    /// Duplicate keys in a mapping are reported, each at its second occurrence.
    package static func parse(_ text: String, file: String, lineOffset: Int = 0) throws(Diagnostics) -> YAMLNode {
        let start = SourceLocation(file: file, line: 1 + lineOffset, column: 1)
        if let alias = firstAlias(in: text) {
            throw Diagnostics(.error(at: SourceLocation(file: file, line: alias.line + lineOffset, column: alias.column),
                                     "\(anchorRefusal) (found '*\(alias.name)'); write the value out where it is used"))
        }
        let root: Node?
        // Composed through a parser kept alive until the tree is converted: Yams holds each node's
        // anchor weakly, and the parser owns them, so only then can `convert` see which nodes carry one.
        let parser: Yams.Parser
        do {
            // UTF-8 named outright: Yams' default reads the whole process environment on every call.
            parser = try Yams.Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            if case let .duplicatedKeysInMapping(duplicates, context) = error {
                throw Diagnostics(duplicates.sorted().map { key in
                    let line = secondOccurrence(of: key, in: text, after: context.mark.line) ?? context.mark.line
                    let column = text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
                        .prefix { $0 == " " || $0 == "-" }.count + 1
                    return .error(at: SourceLocation(file: file, line: line + lineOffset, column: column),
                                  "duplicate key '\(key)'")
                })
            }
            throw Diagnostics(Self.diagnostic(for: error, file: file, lineOffset: lineOffset, fallback: start))
        } catch {
            throw Diagnostics(.error(at: start, "invalid YAML: \(error)"))
        }
        guard let root else { return YAMLNode(content: .null, location: start) }
        var problems: [Diagnostic] = []
        let node = withExtendedLifetime(parser) {
            convert(root, file: file, lineOffset: lineOffset, fallback: start, problems: &problems)
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
        return node
    }

    /// The 1-based line of the second `key:` at or after `line` (Yams reports duplicates at the mapping).
    private static func secondOccurrence(of key: String, in text: String, after line: Int) -> Int? {
        var seen = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where index + 1 >= line {
            var body = raw.drop { $0 == " " }
            if body.hasPrefix("- ") { body = body.dropFirst(2).drop { $0 == " " } }
            for form in [key, "\"\(key)\"", "'\(key)'"] where body.hasPrefix(form + ":") {
                seen += 1
                if seen == 2 { return index + 1 }
            }
        }
        return nil
    }

    private static func convert(_ node: Node, file: String, lineOffset: Int, fallback: SourceLocation,
                                problems: inout [Diagnostic]) -> YAMLNode {
        let location = node.mark.map { SourceLocation(file: file, line: $0.line + lineOffset, column: $0.column) } ?? fallback
        // Checked before descending, so an alias is never expanded: the anchor comes first in the text.
        if let anchor = Self.anchor(of: node) {
            if !problems.contains(where: { $0.message.hasPrefix(Self.anchorRefusal) }) {
                problems.append(.error(at: location, "\(Self.anchorRefusal) (found '&\(anchor)'); write the value out where it is used"))
            }
            return YAMLNode(content: .null, location: location)
        }
        switch node {
        case .scalar(let scalar):
            let plain = scalar.style == .plain || scalar.style == .any
            if plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return YAMLNode(content: .null, location: location)
            }
            return YAMLNode(content: .scalar(scalar.string, plain: plain), location: location)
        case .sequence(let sequence):
            let items = sequence.map { convert($0, file: file, lineOffset: lineOffset, fallback: location, problems: &problems) }
            return YAMLNode(content: .sequence(items), location: location)
        case .mapping(let mapping):
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var seen: [String: SourceLocation] = [:]
            for (key, value) in mapping {
                let k = convert(key, file: file, lineOffset: lineOffset, fallback: location, problems: &problems)
                let v = convert(value, file: file, lineOffset: lineOffset, fallback: k.location, problems: &problems)
                if let name = k.scalarText {
                    if let first = seen[name] {
                        problems.append(.error(at: k.location, "duplicate key '\(name)' (first given at line \(first.line))"))
                    } else {
                        seen[name] = k.location
                    }
                }
                pairs.append((k, v))
            }
            return YAMLNode(content: .mapping(pairs), location: location)
        case .alias:
            return YAMLNode(content: .null, location: location)
        }
    }

    private static let anchorRefusal = "YAML anchors and aliases are not accepted"

    private static func anchor(of node: Node) -> String? {
        switch node {
        case .scalar(let scalar): return scalar.anchor?.rawValue
        case .sequence(let sequence): return sequence.anchor?.rawValue
        case .mapping(let mapping): return mapping.anchor?.rawValue
        case .alias(let alias): return alias.anchor.rawValue
        }
    }

    private static func diagnostic(for error: YamlError, file: String, lineOffset: Int, fallback: SourceLocation) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            if problem.hasPrefix("Maximum nesting level reached") {
                return .error(at: at(mark), "invalid YAML: nested more than 1,000 levels deep")
            }
            let what = context.map { "\($0.text); " } ?? ""
            return .error(at: at(mark), "invalid YAML: \(what)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return .error(at: at(context.mark), "duplicate keys in mapping: \(duplicates.joined(separator: ", "))")
        default:
            return .error(at: fallback, "invalid YAML: \(error)")
        }
    }
}

// MARK: - Reading values

extension YAMLNode {
    /// The text of a scalar, or nil for any other node.
    package var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    package var isNull: Bool {
        if case .null = content { return true }
        return false
    }

    /// A short name of what this node is, for "expected a number, found a list".
    package var kindDescription: String {
        switch content {
        case .scalar(let text, _): return "'\(text)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .null: return "nothing"
        }
    }

    private func mismatch(_ expected: String) -> Diagnostic {
        .error(at: location, "expected \(expected), found \(kindDescription)")
    }

    package func string() throws(Diagnostic) -> String {
        guard let text = scalarText else { throw mismatch("a text value") }
        return text
    }

    /// A plain `true` or `false` (or `yes`/`no`/`on`/`off`); a quoted "yes" is text, not a flag.
    package func bool() throws(Diagnostic) -> Bool {
        guard case .scalar(let text, plain: true) = content else { throw mismatch("true or false") }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw mismatch("true or false")
        }
    }

    /// A plain number: digits with an optional sign, decimal point, exponent and `_` or `,` separators.
    package func double() throws(Diagnostic) -> Double {
        guard case .scalar(let text, let plain) = content, plain, let value = Quantity.parseNumber(text) else {
            throw mismatch("a number")
        }
        return value
    }

    package func int() throws(Diagnostic) -> Int {
        let value = try double()
        do {
            return try Quantity.whole(value)
        } catch {
            throw .error(at: location, "expected a whole number, found '\(scalarText ?? "")', which \(error == .tooLarge ? error.reason : "has a fraction")")
        }
    }

    /// A positive whole number that may carry a suffix of `kind` (`8K` tokens, `1K` users), named
    /// `name` in errors: the one reader of counts in front matter, blocks and project files.
    package func positiveWhole(_ kind: Quantity.Kind, name: String) throws(Diagnostic) -> Int {
        let value = try positiveQuantity(kind, name: name)
        do {
            return try Quantity.whole(value)
        } catch {
            throw .error(at: location, "'\(name)' \(error.reason), found '\(scalarText ?? "")'")
        }
    }

    /// A number that may carry a suffix of the given kind (`8K` tokens, `70B` parameters, `80GiB`).
    package func quantity(_ kind: Quantity.Kind) throws(Diagnostic) -> Double {
        guard let text = scalarText else { throw mismatch(kind.expectation) }
        guard let value = Quantity.parse(text, as: kind) else {
            throw .error(at: location, "expected \(kind.expectation), found '\(text)'")
        }
        return value
    }

    /// A positive quantity (users, context, prices): zero and negatives are refused with a message.
    package func positiveQuantity(_ kind: Quantity.Kind, name: String) throws(Diagnostic) -> Double {
        let value = try quantity(kind)
        guard value > 0 else { throw .error(at: location, "'\(name)' must be greater than zero, found '\(scalarText ?? "")'") }
        return value
    }

    /// The items of a sequence; a single scalar is accepted as a one-item list.
    package func list() throws(Diagnostic) -> [YAMLNode] {
        switch content {
        case .sequence(let items): return items
        case .scalar: return [self]
        case .null: return []
        case .mapping: throw mismatch("a list")
        }
    }

    /// A day of the calendar written `YYYY-MM-DD`, returned as written (`2026-02-30` is refused).
    package func date() throws(Diagnostic) -> String {
        let text = try string()
        guard CalendarDay.number(text) != nil else {
            throw .error(at: location, "expected a date written YYYY-MM-DD, found '\(text)'" + CalendarDay.whyNot(text))
        }
        return text
    }

    /// Words such as tags and names: text, not a number or true/false written bare (`tags: 5`).
    package func word() throws(Diagnostic) -> String {
        guard case .scalar(let text, let plain) = content,
              !plain || (Quantity.parseNumber(text) == nil && !["true", "false", "yes", "no", "on", "off"].contains(text.lowercased())) else {
            throw mismatch("a word (quote it if it is meant as text)")
        }
        return text
    }

    /// This node as a mapping reader, or an error when it is not a mapping.
    package func mapping(_ what: String = "a mapping") throws(Diagnostic) -> YAMLMapping {
        switch content {
        case .mapping(let pairs): return YAMLMapping(node: self, pairs: pairs)
        case .null: return YAMLMapping(node: self, pairs: [])
        default: throw mismatch(what)
        }
    }
}

/// A mapping being read: look keys up, then ask which keys were not expected.
package struct YAMLMapping: Sendable {
    package let node: YAMLNode
    package let pairs: [(key: YAMLNode, value: YAMLNode)]

    package var location: SourceLocation { node.location }
    package var keys: [String] { pairs.compactMap { $0.key.scalarText } }

    package subscript(_ key: String) -> YAMLNode? {
        pairs.first { $0.key.scalarText == key }?.value
    }

    /// The value under `key`, or an error at the mapping saying it is missing.
    package func required(_ key: String, in what: String = "") throws(Diagnostic) -> YAMLNode {
        guard let value = self[key], !value.isNull else {
            let owner = what.isEmpty ? "" : " in \(what)"
            throw .error(at: location, "missing required key '\(key)'\(owner)")
        }
        return value
    }

    /// The location of a key (for errors about the key itself rather than its value).
    package func keyLocation(_ key: String) -> SourceLocation? {
        pairs.first { $0.key.scalarText == key }?.key.location
    }

    /// One error per key not in `allowed`, each with the nearest allowed names.
    package func unknownKeys(allowed: [String], in what: String) -> [Diagnostic] {
        pairs.compactMap { pair in
            guard let name = pair.key.scalarText else {
                return .error(at: pair.key.location, "expected a key name in \(what), found \(pair.key.kindDescription)")
            }
            guard !allowed.contains(name) else { return nil }
            return .error(at: pair.key.location, "unknown key '\(name)' in \(what)" + NearestNames.hint(name, among: allowed))
        }
    }
}

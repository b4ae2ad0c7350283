import Catalog

/// An inline expression, a claim of a `check` block or the `y` of a `chart`, parsed with the position
/// of every part so evaluation errors can point at the exact column of the page.
///
/// Grammar (lowest precedence first):
///
///     expression := condition ( "|" filter )*
///     condition  := sum ( ("<" | "<=" | ">" | ">=" | "==" | "!=") sum )?    (claims only)
///     sum        := product ( ("+" | "-") product )*
///     product    := unary ( ("*" | "/") unary )*
///     unary      := "-" unary | primary
///     primary    := number | path | call | "(" sum ")"
///     call       := name "(" ( sum ( "," sum )* )? ")"
///     filter     := name ( "(" number ")" )?
///
/// A `number` may carry a unit suffix (`8K`, `70B`, `1.5TB`, `80GiB`, `50%`). A `path` is a block id
/// followed by field names (`glm5.memory.total`, `t.llama-3.1-70b.bf16`, `fit.options.0.gpus`); see
/// `ExpressionLexer` for why `-` inside a name is not subtraction. A call's argument that is a single
/// name is passed to the function as a bare word (`llama-3.1-70b`, `bf16`) unless its first segment
/// is a block id or a chart variable, in which case its value is passed.
public struct Expression: Sendable {
    indirect enum Node: Sendable {
        case number(Double, Unit, text: String, offset: Int)
        /// A name or a dotted path: the segments and the offset of each.
        case path([(name: String, offset: Int)], offset: Int)
        case call(name: String, offset: Int, arguments: [Node])
        case negate(Node, offset: Int)
        case binary(String, Node, Node, offset: Int)
        case compare(String, Node, Node, offset: Int)
    }

    /// A `| filter` or `| round(N)` after the expression.
    struct Filter: Sendable {
        var name: String
        var argument: Double?
        var offset: Int
        /// Where the `|` before it is.
        var pipeOffset: Int
    }

    /// The expression as written.
    public let text: String
    /// Where its first character is in the page.
    public let location: SourceLocation
    let root: Node
    let filters: [Filter]

    /// The text before the first `|`: what the value is, without how it is shown.
    public var formulaText: String {
        guard let first = filters.first else { return text.trimming(" ") }
        return String(text.prefix(first.pipeOffset)).trimming(" ")
    }

    /// Whether the expression compares two sides (`a < b`), as claims do.
    public var isComparison: Bool {
        if case .compare = root { return true }
        return false
    }

    /// Parses `text`, whose first character sits at `location`. Comparisons are accepted only when
    /// `allowComparison` is set (claims); elsewhere they are an error.
    public static func parse(_ text: String, at location: SourceLocation, allowComparison: Bool = false) throws(Diagnostic) -> Expression {
        var parser = Parser(tokens: try ExpressionLexer.tokens(text, at: location), location: location, text: text)
        let root = try parser.condition(allowComparison: allowComparison)
        var filters: [Filter] = []
        while parser.peek.kind == .symbol("|") {
            let pipe = parser.peek.offset
            parser.advance()
            filters.append(try parser.filter(pipeOffset: pipe))
        }
        guard parser.peek.kind == .end else { throw parser.unexpected("an operator, ')' or '|'") }
        return Expression(text: text, location: location, root: root, filters: filters)
    }

    /// The page location of a character offset in the text.
    func location(at offset: Int) -> SourceLocation {
        SourceLocation(file: location.file, line: location.line, column: location.column + offset)
    }

    private struct Parser {
        let tokens: [ExpressionToken]
        let location: SourceLocation
        let text: String
        var position = 0

        init(tokens: [ExpressionToken], location: SourceLocation, text: String) {
            self.tokens = tokens
            self.location = location
            self.text = text
        }

        var peek: ExpressionToken { tokens[position] }
        mutating func advance() { position += 1 }

        func error(_ offset: Int, _ message: String) -> Diagnostic {
            .error(at: SourceLocation(file: location.file, line: location.line, column: location.column + offset), message)
        }

        func unexpected(_ expected: String) -> Diagnostic {
            let token = peek
            if token.kind == .end { return error(token.offset, "expression ends too early: expected \(expected)") }
            return error(token.offset, "unexpected '\(token.text)' in expression: expected \(expected)")
        }

        mutating func condition(allowComparison: Bool) throws(Diagnostic) -> Node {
            let left = try sum()
            guard case .symbol(let op) = peek.kind, ["<", "<=", ">", ">=", "==", "!="].contains(op) else { return left }
            guard allowComparison else {
                throw error(peek.offset, "comparison '\(op)' is only allowed in the claims of a 'check' block")
            }
            let offset = peek.offset
            advance()
            return .compare(op, left, try sum(), offset: offset)
        }

        mutating func sum() throws(Diagnostic) -> Node {
            var node = try product()
            while case .symbol(let op) = peek.kind, op == "+" || op == "-" {
                let offset = peek.offset
                advance()
                node = .binary(op, node, try product(), offset: offset)
            }
            return node
        }

        mutating func product() throws(Diagnostic) -> Node {
            var node = try unary()
            while case .symbol(let op) = peek.kind, op == "*" || op == "/" {
                let offset = peek.offset
                advance()
                node = .binary(op, node, try unary(), offset: offset)
            }
            return node
        }

        mutating func unary() throws(Diagnostic) -> Node {
            if peek.kind == .symbol("-") {
                let offset = peek.offset
                advance()
                return .negate(try unary(), offset: offset)
            }
            return try primary()
        }

        mutating func primary() throws(Diagnostic) -> Node {
            let token = peek
            switch token.kind {
            case .number(let value, let unit):
                advance()
                return .number(value, unit, text: token.text, offset: token.offset)
            case .symbol("("):
                advance()
                let inner = try sum()
                guard peek.kind == .symbol(")") else { throw unexpected("')' to close the '(' at column \(location.column + token.offset)") }
                advance()
                return inner
            case .name(let name):
                advance()
                if peek.kind == .symbol("(") {
                    advance()
                    var arguments: [Node] = []
                    if peek.kind != .symbol(")") {
                        arguments.append(try sum())
                        while peek.kind == .symbol(",") {
                            advance()
                            arguments.append(try sum())
                        }
                    }
                    guard peek.kind == .symbol(")") else { throw unexpected("',' or ')' in the arguments of '\(name)'") }
                    advance()
                    return .call(name: name, offset: token.offset, arguments: arguments)
                }
                return .path(Self.segments(of: name, at: token.offset), offset: token.offset)
            default:
                throw unexpected("a number, a name or '('")
            }
        }

        mutating func filter(pipeOffset: Int) throws(Diagnostic) -> Filter {
            guard case .name(let name) = peek.kind else { throw unexpected("a format filter after '|'") }
            let offset = peek.offset
            advance()
            var argument: Double?
            if peek.kind == .symbol("(") {
                advance()
                guard case .number(let value, .none) = peek.kind else { throw unexpected("a plain number in '\(name)(...)'") }
                argument = value
                advance()
                guard peek.kind == .symbol(")") else { throw unexpected("')'") }
                advance()
            }
            return Filter(name: name, argument: argument, offset: offset, pipeOffset: pipeOffset)
        }

        /// `a.b-c.d` → `[a, b-c, d]` with each segment's offset.
        static func segments(of name: String, at offset: Int) -> [(name: String, offset: Int)] {
            var result: [(name: String, offset: Int)] = []
            var current = ""
            var start = offset
            for (index, character) in name.enumerated() {
                if character == "." {
                    result.append((current, start))
                    current = ""
                    start = offset + index + 1
                } else {
                    current.append(character)
                }
            }
            result.append((current, start))
            return result
        }
    }
}

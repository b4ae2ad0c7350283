import Basics

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
///
/// Expressions nest at most `maxDepth` deep (parentheses, `-`, calls and chains of operators all
/// count), so parsing and evaluating can never exhaust the stack; deeper ones are an error at the
/// column where the limit is passed.
package struct Expression: Sendable {
    /// The deepest expression tree accepted: far beyond anything written by hand, far below what the
    /// recursive parser and evaluator could exhaust the stack with.
    package static let maxDepth = 100

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
    package let text: String
    /// Where its first character is in the page.
    package let location: SourceLocation
    let root: Node
    let filters: [Filter]

    /// The text before the first `|`: what the value is, without how it is shown.
    package var formulaText: String {
        guard let first = filters.first else { return text.trimming(" ") }
        return String(text.prefix(first.pipeOffset)).trimming(" ")
    }

    /// Whether the expression compares two sides (`a < b`), as claims do.
    package var isComparison: Bool {
        if case .compare = root { return true }
        return false
    }

    /// Parses `text`, whose first character sits at `location`. Comparisons are accepted only when
    /// `allowComparison` is set (claims); elsewhere they are an error.
    package static func parse(_ text: String, at location: SourceLocation, allowComparison: Bool = false) throws(Diagnostic) -> Expression {
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
        /// Open `(`, calls and `-` around the token being read: checked before the parser recurses again.
        var nesting = 0

        init(tokens: [ExpressionToken], location: SourceLocation, text: String) {
            self.tokens = tokens
            self.location = location
            self.text = text
        }

        var peek: ExpressionToken { tokens[position] }
        mutating func advance() { position += 1 }

        /// The depth of a node whose children are `children` deep, refused past `Expression.maxDepth` at `offset`.
        func deeper(_ children: Int..., at offset: Int) throws(Diagnostic) -> Int {
            let depth = 1 + (children.max() ?? 0)
            guard depth <= Expression.maxDepth else { throw tooDeep(at: offset) }
            return depth
        }

        /// One more open `(`, call or `-` at `offset`, refused past the limit before the parser recurses.
        mutating func enter(at offset: Int) throws(Diagnostic) {
            nesting += 1
            guard nesting <= Expression.maxDepth else { throw tooDeep(at: offset) }
        }

        func tooDeep(at offset: Int) -> Diagnostic {
            error(offset, "expression nests more than \(Expression.maxDepth) deep here; split it into blocks with ids or simpler terms")
        }

        func error(_ offset: Int, _ message: String) -> Diagnostic {
            .error(at: SourceLocation(file: location.file, line: location.line, column: location.column + offset), message)
        }

        func unexpected(_ expected: String) -> Diagnostic {
            let token = peek
            if token.kind == .end { return error(token.offset, "expression ends too early: expected \(expected)") }
            return error(token.offset, "unexpected '\(token.text)' in expression: expected \(expected)")
        }

        /// A parsed part and how deep its tree is.
        typealias Parsed = (node: Node, depth: Int)

        mutating func condition(allowComparison: Bool) throws(Diagnostic) -> Node {
            let left = try sum()
            guard case .symbol(let op) = peek.kind, ["<", "<=", ">", ">=", "==", "!="].contains(op) else { return left.node }
            guard allowComparison else {
                throw error(peek.offset, "comparison '\(op)' is only allowed in the claims of a 'check' block")
            }
            let offset = peek.offset
            advance()
            let right = try sum()
            _ = try deeper(left.depth, right.depth, at: offset)
            return .compare(op, left.node, right.node, offset: offset)
        }

        mutating func sum() throws(Diagnostic) -> Parsed {
            var parsed = try product()
            while case .symbol(let op) = peek.kind, op == "+" || op == "-" {
                let offset = peek.offset
                advance()
                let right = try product()
                parsed = (.binary(op, parsed.node, right.node, offset: offset), try deeper(parsed.depth, right.depth, at: offset))
            }
            return parsed
        }

        mutating func product() throws(Diagnostic) -> Parsed {
            var parsed = try unary()
            while case .symbol(let op) = peek.kind, op == "*" || op == "/" {
                let offset = peek.offset
                advance()
                let right = try unary()
                parsed = (.binary(op, parsed.node, right.node, offset: offset), try deeper(parsed.depth, right.depth, at: offset))
            }
            return parsed
        }

        mutating func unary() throws(Diagnostic) -> Parsed {
            if peek.kind == .symbol("-") {
                let offset = peek.offset
                try enter(at: offset)
                advance()
                let inner = try unary()
                nesting -= 1
                return (.negate(inner.node, offset: offset), try deeper(inner.depth, at: offset))
            }
            return try primary()
        }

        mutating func primary() throws(Diagnostic) -> Parsed {
            let token = peek
            switch token.kind {
            case .number(let value, let unit):
                advance()
                return (.number(value, unit, text: token.text, offset: token.offset), 1)
            case .symbol("("):
                try enter(at: token.offset)
                advance()
                let inner = try sum()
                guard peek.kind == .symbol(")") else { throw unexpected("')' to close the '(' at column \(location.column + token.offset)") }
                advance()
                nesting -= 1
                return inner
            case .name(let name):
                advance()
                if peek.kind == .symbol("(") {
                    try enter(at: token.offset)
                    advance()
                    var arguments: [Node] = []
                    var depth = 0
                    if peek.kind != .symbol(")") {
                        var argument = try sum()
                        arguments.append(argument.node)
                        depth = argument.depth
                        while peek.kind == .symbol(",") {
                            advance()
                            argument = try sum()
                            arguments.append(argument.node)
                            depth = max(depth, argument.depth)
                        }
                    }
                    guard peek.kind == .symbol(")") else { throw unexpected("',' or ')' in the arguments of '\(name)'") }
                    advance()
                    nesting -= 1
                    return (.call(name: name, offset: token.offset, arguments: arguments), try deeper(depth, at: token.offset))
                }
                return (.path(Self.segments(of: name, at: token.offset), offset: token.offset), 1)
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

import Basics

/// Splits the text of an inline expression (or a claim, or a chart's `y`) into tokens, remembering the
/// character offset of each so errors can point at the exact column.
///
/// The one rule worth knowing: a name may contain `-` and `.` when they sit between letters or
/// digits, so `llama-3.1-70b`, `t.llama-3.1-70b.bf16` and `fit405.options.0.gpus` are single names.
/// Subtraction therefore needs a space before the `-` (`a.total - b.total`); `a.total-b.total` is
/// read as one name and the error says so.
struct ExpressionToken: Equatable {
    enum Kind: Equatable {
        /// A number with its unit suffix already applied (`8K` → 8192 tokens).
        case number(Double, Unit)
        case name(String)
        case symbol(String)
        case end
    }
    var kind: Kind
    /// Character offset of the token's first character in the expression text.
    var offset: Int
    /// The token as written.
    var text: String
}

enum ExpressionLexer {
    /// Suffixes a number may carry, what they multiply by and the unit they give.
    static let suffixes: [(suffix: String, factor: Double, unit: Unit)] = {
        var table: [(String, Double, Unit)] = [("%", 0.01, .ratio)]
        for suffix in ["K", "k", "M"] { table.append((suffix, Quantity.multiplier(suffix, .tokens)!, .tokens)) }
        for suffix in ["B", "T"] { table.append((suffix, Quantity.multiplier(suffix, .count)!, .parameters)) }
        for suffix in ["KB", "kB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB"] {
            table.append((suffix, Quantity.multiplier(suffix, .bytes)!, .bytes))
        }
        return table
    }()

    static let symbols = ["<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", ",", "|"]

    static func tokens(_ text: String, at location: SourceLocation) throws(Diagnostic) -> [ExpressionToken] {
        let characters = Array(text)
        var tokens: [ExpressionToken] = []
        var index = 0
        func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        func error(_ offset: Int, _ message: String) -> Diagnostic {
            .error(at: SourceLocation(file: location.file, line: location.line, column: location.column + offset), message)
        }
        while index < characters.count {
            let c = characters[index]
            if c == " " || c == "\t" || c == "\n" { index += 1; continue }
            let start = index
            if c.isLetter || c == "_" {
                // A name: letters, digits, `_`, and `-` or `.` between them.
                index += 1
                while index < characters.count {
                    if isNameCharacter(characters[index]) {
                        index += 1
                    } else if (characters[index] == "-" || characters[index] == "."),
                              index + 1 < characters.count, isNameCharacter(characters[index + 1]) {
                        index += 1
                    } else {
                        break
                    }
                }
                let word = String(characters[start..<index])
                tokens.append(ExpressionToken(kind: .name(word), offset: start, text: word))
            } else if c.isNumber || (c == "." && index + 1 < characters.count && characters[index + 1].isNumber) {
                // Digits with `_` separators, a decimal point, an exponent; then a suffix glued on.
                while index < characters.count, characters[index].isNumber || characters[index] == "_" || characters[index] == "." {
                    index += 1
                }
                if index < characters.count, characters[index] == "e" || characters[index] == "E" {
                    var look = index + 1
                    if look < characters.count, characters[look] == "+" || characters[look] == "-" { look += 1 }
                    if look < characters.count, characters[look].isNumber {
                        index = look
                        while index < characters.count, characters[index].isNumber { index += 1 }
                    }
                }
                let digits = String(characters[start..<index])
                let suffixStart = index
                while index < characters.count, characters[index].isLetter || characters[index] == "%" { index += 1 }
                let suffix = String(characters[suffixStart..<index])
                guard let number = Quantity.parseNumber(digits), !digits.contains(",") else {
                    throw error(start, "'\(digits)' is not a number")
                }
                if suffix.isEmpty {
                    tokens.append(ExpressionToken(kind: .number(number, .none), offset: start, text: digits))
                } else if let entry = suffixes.first(where: { $0.suffix == suffix }), !(number * entry.factor).isFinite {
                    throw error(start, "'\(digits)\(suffix)' is too large a number")
                } else if let entry = suffixes.first(where: { $0.suffix == suffix }) {
                    tokens.append(ExpressionToken(kind: .number(number * entry.factor, entry.unit), offset: start, text: digits + suffix))
                } else {
                    throw error(suffixStart, "unknown unit suffix '\(suffix)' on '\(digits)\(suffix)': K and M count tokens (× 1,024), "
                        + "B and T count parameters (× 10⁹, × 10¹²), KB, MB, GB, TB, PB and KiB, MiB, GiB, TiB are bytes, % is a percentage")
                }
            } else if let symbol = symbols.first(where: { characters[index...].starts(with: $0) }) {
                index += symbol.count
                tokens.append(ExpressionToken(kind: .symbol(symbol), offset: start, text: symbol))
            } else {
                throw error(start, "unexpected character '\(c)' in expression")
            }
        }
        tokens.append(ExpressionToken(kind: .end, offset: characters.count, text: ""))
        return tokens
    }
}

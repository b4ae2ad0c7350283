import Basics

/// The info string of a computation block, `{kind id=name caption="..." echo=true}`, read with the
/// position of each part so an unknown option or a broken quote is reported at its column.
///
/// Options: `id` (a name: letters, digits, `-` and `_`, starting with a letter; no dots, since dots
/// separate a path's fields), `caption` (quoted with `"` when it has spaces; `\"` and `\\` escape),
/// `echo` (`true` or `false`). Each option may be given once.
struct BlockHeader: Equatable {
    var kind: String
    var kindLocation: SourceLocation
    var id: String?
    var idLocation: SourceLocation?
    var caption: String?
    var echo: Bool

    static let options = ["id", "caption", "echo"]

    /// Parses `info` (the text after the fence). `location` is where its first character is.
    static func parse(_ info: String, at location: SourceLocation) throws(Diagnostics) -> BlockHeader {
        let characters = Array(info)
        func at(_ index: Int) -> SourceLocation {
            SourceLocation(file: location.file, line: location.line, column: location.column + index)
        }
        var problems: [Diagnostic] = []
        guard characters.first == "{" else { throw Diagnostics(.error(at: at(0), "a computation block's info string starts with '{'")) }
        guard let close = characters.lastIndex(of: "}") else {
            throw Diagnostics(.error(at: at(characters.count), "missing '}' at the end of the block's info string"))
        }
        if close + 1 < characters.count, !characters[(close + 1)...].allSatisfy({ $0 == " " }) {
            problems.append(.error(at: at(close + 1), "unexpected text after '}' in the block's info string"))
        }
        var index = 1
        func skipSpaces() { while index < close, characters[index] == " " || characters[index] == "\t" { index += 1 } }
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" }

        skipSpaces()
        let kindStart = index
        while index < close, isWordCharacter(characters[index]) { index += 1 }
        let kind = String(characters[kindStart..<index])
        guard !kind.isEmpty else {
            throw Diagnostics(.error(at: at(kindStart), "expected the block's kind after '{', as in {weights-table id=w}"))
        }
        var header = BlockHeader(kind: kind, kindLocation: at(kindStart), echo: false)
        var seen: Set<String> = []

        while true {
            skipSpaces()
            guard index < close else { break }
            let nameStart = index
            while index < close, isWordCharacter(characters[index]) { index += 1 }
            let name = String(characters[nameStart..<index])
            guard !name.isEmpty else {
                problems.append(.error(at: at(nameStart), "unexpected '\(characters[nameStart])' in the block's info string: expected an option such as id=name"))
                break
            }
            guard index < close, characters[index] == "=" else {
                problems.append(.error(at: at(nameStart), "option '\(name)' needs a value, as in \(name)=..."))
                continue
            }
            index += 1
            // The value: quoted (with \" and \\ escapes) or a run of characters up to a space.
            let valueStart = index
            var value = ""
            if index < close, characters[index] == "\"" {
                index += 1
                var closed = false
                while index < close {
                    let c = characters[index]
                    if c == "\\", index + 1 < close {
                        value.append(characters[index + 1])
                        index += 2
                    } else if c == "\"" {
                        index += 1
                        closed = true
                        break
                    } else {
                        value.append(c)
                        index += 1
                    }
                }
                guard closed else {
                    problems.append(.error(at: at(valueStart), "the quoted value of '\(name)' is never closed: add a '\"' before '}'"))
                    break
                }
                if index < close, characters[index] != " " {
                    problems.append(.error(at: at(index), "expected a space after the closing '\"' of '\(name)'"))
                }
            } else {
                while index < close, characters[index] != " " {
                    if characters[index] == "\"" {
                        problems.append(.error(at: at(index), "a quote inside the value of '\(name)': quote the whole value, as in \(name)=\"...\""))
                    }
                    value.append(characters[index])
                    index += 1
                }
            }
            if seen.contains(name), Self.options.contains(name) {
                problems.append(.error(at: at(nameStart), "option '\(name)' is given twice"))
                continue
            }
            seen.insert(name)
            switch name {
            case "id":
                if let first = value.first, first.isLetter, value.allSatisfy(isWordCharacter) {
                    header.id = value
                    header.idLocation = at(valueStart)
                } else {
                    problems.append(.error(at: at(valueStart), "id '\(value)' is not a name: use letters, digits, '-' and '_', starting with a letter (no dots: they separate fields)"))
                }
            case "caption":
                header.caption = value
            case "echo":
                switch value {
                case "true": header.echo = true
                case "false": header.echo = false
                default: problems.append(.error(at: at(valueStart), "echo must be true or false, found '\(value)'"))
                }
            default:
                problems.append(.error(at: at(nameStart), "unknown block option '\(name)'" + NearestNames.hint(name, among: options)))
            }
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
        return header
    }
}

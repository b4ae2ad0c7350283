/// Finding YAML aliases (`*name`) in the text before Yams reads it.
///
/// Yams resolves an alias to the anchored node while composing, and compares mapping keys by hashing
/// them whole: an alias of an alias of … used as a key hashes a billion nodes before `YAMLNode` could
/// refuse the anchor. So aliases are looked for in the text first. In YAML a `*` that starts a node is
/// always an alias (a plain scalar cannot start with `*`), so this scan only has to know where nodes
/// start: at the start of a line after indentation and `- `, after `: `, `? `, an anchor or a tag,
/// and inside flow collections after `[`, `{` and `,`. It skips quoted scalars, comments and block
/// scalars (`|`, `>`).
/// It never decides what the document means; `YAMLNode.parse` still refuses anchors when it converts.
extension YAMLNode {
    /// The line and column (1-based, in characters) and name of the first alias in `text`, or nil.
    static func firstAlias(in text: String) -> (line: Int, column: Int, name: String)? {
        var quote: Character?
        var flowDepth = 0
        /// Lines more indented than this belong to a block scalar and are skipped.
        var blockScalarIndent: Int?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let characters = Array(line)
            let indent = characters.prefix { $0 == " " }.count
            if let parent = blockScalarIndent {
                if indent > parent || characters.allSatisfy({ $0 == " " || $0 == "\r" }) { continue }
                blockScalarIndent = nil
            }
            // A node may start here when not inside a quoted scalar carried over from the previous line.
            var nodeStart = quote == nil
            var position = 0
            while position < characters.count {
                let character = characters[position]
                if let open = quote {
                    if character == open {
                        // '' inside a single-quoted scalar is an escaped quote; \" inside a double-quoted one.
                        if open == "'", position + 1 < characters.count, characters[position + 1] == "'" { position += 2; continue }
                        quote = nil
                        nodeStart = false
                    } else if open == "\"", character == "\\" {
                        position += 1
                    }
                    position += 1
                    continue
                }
                switch character {
                case " ", "\t", "\r":
                    break
                case "#" where position == 0 || characters[position - 1] == " " || characters[position - 1] == "\t":
                    position = characters.count
                    continue
                case "*" where nodeStart:
                    let name = characters[(position + 1)...].prefix { !" \t,[]{}\r".contains($0) }
                    return (index + 1, position + 1, String(name))
                case "&" where nodeStart, "!" where nodeStart:
                    // An anchor or a tag comes before the node it names: the node still starts after it.
                    position += 1
                    while position < characters.count, !" \t,[]{}\r".contains(characters[position]) { position += 1 }
                    continue
                case "\"" where nodeStart, "'" where nodeStart:
                    quote = character
                case "-" where nodeStart && (position + 1 == characters.count || characters[position + 1] == " "):
                    break
                case "?" where nodeStart && (position + 1 == characters.count || characters[position + 1] == " "):
                    break
                case ":" where position + 1 == characters.count || characters[position + 1] == " " || (flowDepth > 0 && ",]}".contains(characters[position + 1])):
                    nodeStart = true
                    position += 1
                    continue
                case "[", "{":
                    flowDepth += nodeStart || flowDepth > 0 ? 1 : 0
                    nodeStart = flowDepth > 0
                    position += 1
                    continue
                case "]", "}":
                    flowDepth = max(0, flowDepth - 1)
                    nodeStart = false
                case "," where flowDepth > 0:
                    nodeStart = true
                    position += 1
                    continue
                case "|" where nodeStart && flowDepth == 0, ">" where nodeStart && flowDepth == 0:
                    // A block scalar: its lines are text, whatever they hold.
                    blockScalarIndent = indent
                    position = characters.count
                    continue
                default:
                    nodeStart = false
                }
                position += 1
            }
        }
        return nil
    }
}

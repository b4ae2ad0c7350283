import Foundation

/// Reads and writes `values.json`: every computed value with its page, block or expression, name,
/// value, unit, formatted text, formula and inputs. Keys are sorted and numbers printed without locale,
/// so two builds of the same input write the same bytes.
enum ValuesFile {
    static func json(_ records: [ValueRecord]) -> String {
        var out = "{\n  \"values\": [\n"
        for (index, record) in records.sorted(by: ValueRecord.ordered).enumerated() {
            var fields: [(String, String)] = []
            if let block = record.block { fields.append(("block", JSONText.string(block))) }
            if let expression = record.expression { fields.append(("expression", JSONText.string(expression))) }
            fields.append(("formatted", JSONText.string(record.formatted)))
            fields.append(("formula", JSONText.string(record.formula)))
            let inputs = record.inputs.keys.sorted().map { "\(JSONText.string($0)): \(JSONText.string(record.inputs[$0]!))" }
            fields.append(("inputs", "{" + inputs.joined(separator: ", ") + "}"))
            fields.append(("name", JSONText.string(record.name)))
            fields.append(("page", JSONText.string(record.page)))
            fields.append(("unit", JSONText.string(record.unit)))
            if let number = record.number {
                fields.append(("value", JSONText.number(number)))
            } else {
                fields.append(("value", JSONText.string(record.text ?? "")))
            }
            out += (index > 0 ? ",\n" : "") + "    {" + fields.map { "\(JSONText.string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        }
        return out + "\n  ]\n}\n"
    }

    /// The records of an earlier build's `values.json`, or nil when there is none or it cannot be read
    /// (then the changes report says there is nothing to compare with).
    static func read(_ url: URL) -> [ValueRecord]? {
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let values = root["values"] as? [[String: Any]] else { return nil }
        return values.map { entry in
            let raw = entry["value"]
            return ValueRecord(
                page: entry["page"] as? String ?? "",
                block: entry["block"] as? String,
                expression: entry["expression"] as? String,
                name: entry["name"] as? String ?? "",
                number: (raw as? NSNumber).flatMap { raw is String ? nil : $0.doubleValue },
                text: raw as? String,
                unit: entry["unit"] as? String ?? "none",
                formatted: entry["formatted"] as? String ?? "",
                formula: entry["formula"] as? String ?? "",
                inputs: entry["inputs"] as? [String: String] ?? [:]
            )
        }
    }
}

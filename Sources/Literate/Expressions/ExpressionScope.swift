/// The names an expression can reach: results of the blocks evaluated so far on its page (by id), the
/// values each block recorded (for formulas), chart variables, and the registered functions.
package struct ExpressionScope: Sendable {
    /// Block results by id.
    package var results: [String: Value]
    /// Recorded values by `id.name`, so a path can show the formula behind it.
    package var recorded: [String: RecordedValue]
    /// Names bound by a chart's sweep (`model`, `context`); they shadow block ids.
    package var variables: [String: Value]
    package var functions: [any InlineFunction]
    /// Ids of blocks further down the page, for "defined below" messages.
    package var laterIDs: Set<String>
    /// Ids of blocks on the page that failed: their own errors are reported, so uses of them are not.
    package var failedIDs: Set<String> = []

    /// The message ending of a problem that only follows from an earlier one (a failed block); the
    /// evaluator drops these so one mistake is reported once.
    static let cascadeSuffix = "has no value because its block failed"

    /// A scope; by default empty but for the registered functions.
    package init(results: [String: Value] = [:], recorded: [String: RecordedValue] = [:], variables: [String: Value] = [:],
                functions: [any InlineFunction] = Registry.functions, laterIDs: Set<String> = []) {
        self.results = results
        self.recorded = recorded
        self.variables = variables
        self.functions = functions
        self.laterIDs = laterIDs
    }

    /// This scope with `name` bound to `value` (chart sweeps).
    package func binding(_ name: String, to value: Value) -> ExpressionScope {
        var copy = self
        copy.variables[name] = value
        return copy
    }

    func function(named name: String) -> (any InlineFunction)? {
        functions.first { $0.name == name }
    }

    /// Whether a bare name refers to a value here (rather than being a word such as a model id).
    func knows(_ name: String) -> Bool {
        let first = String(name.prefix { $0 != "." })
        return variables[first] != nil || results[first] != nil
    }
}

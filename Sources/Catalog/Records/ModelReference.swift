/// How a `model` value (a command-line option, a block key, a project file) says it names files on
/// disk rather than a catalog id: it contains a `/`, or ends in `.json`, `.gguf` or `.safetensors`.
/// One rule, so every front end agrees; reading the files is ModelFiles' job.
package enum ModelReference {
    package static func looksLikePath(_ text: String) -> Bool {
        text.contains("/") || text.hasSuffix(".json") || text.hasSuffix(".gguf") || text.hasSuffix(".safetensors")
    }
}

import Basics
import Foundation
import Literate

/// Renders computation blocks on their own, exactly as a page of the book shows them (the same
/// evaluator, table and chart renderers, number formats and provenance tooltips), for the server's
/// calculator. The Markdown is evaluated in memory; nothing is read or written, and links to other
/// pages are not allowed (there is no book around it to check them against).
package enum BlockPreview {
    /// The HTML body of `markdown` (a page without front matter); errors in it come back as diagnostics
    /// against `name`.
    package static func html(markdown: String, name: String, context: EvaluationContext) throws(Diagnostics) -> String {
        let source = "---\ntitle: \(name)\n---\n" + markdown
        let (page, problems) = Page.parse(source, path: name + ".md")
        let evaluated = Literate.evaluate([page], context: context)[0]
        let diagnostics = problems + evaluated.diagnostics
        if diagnostics.hasErrors { throw Diagnostics(diagnostics.filter { $0.severity == .error }) }
        let renderer = PageRenderer(page: SitePage(evaluated: evaluated), links: LinkChecker(anchors: [:]), glossary: nil)
        return renderer.html()
    }
}

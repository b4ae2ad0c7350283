/// The Content-Security-Policy every generated HTML file declares in a `<meta>`: a second wall behind
/// the sanitiser, so that even markup that got through could run no script.
///
/// One home for both policies; templates read `site` as `{{contentSecurityPolicy}}` (`TemplateSet`
/// adds it to every render) and the self-contained reports write `report`. Neither may ever allow
/// inline script, `eval`, event-handler attributes or anything loaded from the network.
enum ContentSecurityPolicy {
    /// The site's pages: scripts, styles, images and fonts from the site's own files only (`'self'`,
    /// which over `file://` Chromium and Firefox read as files beside the page), data: images, no
    /// plugins, no `<base>`, no forms, no connections.
    static let site = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "base-uri 'none'; form-action 'none'; object-src 'none'"

    /// A sizing report: one file with its stylesheet inline and no script at all.
    static let report = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; object-src 'none'"

    /// The `<meta>` element declaring `policy` (the policies hold no character that needs escaping).
    static func meta(_ policy: String) -> String {
        "<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">"
    }
}

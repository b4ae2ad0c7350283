/// What a page's footer says about the build that made it: the build's date, infrabook's version,
/// the content's commit when one is known, each page's last change, and where a page is edited.
///
/// Every field comes from the caller (the command line reads `SOURCE_DATE_EPOCH`, `INFRABOOK_COMMIT`,
/// `INFRABOOK_EDIT_URL` and the pages' git history), so two builds of the same input and settings stay
/// byte-identical; the site never reads a clock or the environment itself. An empty stamp (the
/// default) shows nothing.
package struct BuildStamp: Sendable, Equatable {
    /// The build's date, `YYYY-MM-DD`; empty to show no stamp.
    package var date: String
    package var version: String
    /// The commit the content was built from, as given (a short hash or a tag).
    package var commit: String?
    /// The address that a page's path (`kv-cache.md`) is appended to for its "Edit this page" link,
    /// such as `https://github.com/org/book/edit/main/Content/pages/`.
    package var editURL: String?
    /// Each page's last change, `YYYY-MM-DD`, by its path under the pages folder.
    package var pageDates: [String: String]

    package init(date: String = "", version: String = "", commit: String? = nil, editURL: String? = nil, pageDates: [String: String] = [:]) {
        self.date = date
        self.version = version
        self.commit = commit
        self.editURL = editURL
        self.pageDates = pageDates
    }

    /// The template values for one page's footer (none for an empty stamp).
    func values(for pagePath: String?) -> [String: Any] {
        guard !date.isEmpty else { return [:] }
        var values: [String: Any] = ["buildDate": date, "version": version]
        if let commit, !commit.isEmpty { values["commit"] = commit }
        if let pagePath {
            if let changed = pageDates[pagePath] { values["lastChange"] = changed }
            if let editURL, !editURL.isEmpty, editURL.hasPrefix("https://") || editURL.hasPrefix("http://") {
                values["editHref"] = editURL + pagePath
            }
        }
        return ["stamp": values]
    }
}

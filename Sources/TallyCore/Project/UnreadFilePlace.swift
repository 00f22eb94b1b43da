/// Where a .yaml file under definitions/ that tally does not read would be read (F004): one directly in
/// definitions/ belongs in a group folder or in sources/, one in a folder below a group folder in the group folder
/// itself.
enum UnreadFilePlace {
    /// What to do with the file at `path` (relative to the project, not a path ProjectFiles gives a role) so that
    /// tally reads it.
    static func suggestion(for path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count > 2, let name = parts.last else {
            return "move it into a group folder (definitions/<group>/\(parts.last ?? "")), or into definitions/sources/ "
                + "if it declares a table"
        }
        let folder = parts[1] == "sources" ? "definitions/sources/" : "group folders"
        return "\(folder) hold\(parts[1] == "sources" ? "s" : "") no folders; move it to definitions/\(parts[1])/\(name)"
    }
}

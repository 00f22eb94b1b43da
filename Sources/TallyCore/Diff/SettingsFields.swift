/// tally.yaml as field → text, for `tally diff`: a dialect dropped deletes every view in it, a rule turned off
/// silences its warnings, a new current_version moves what is released; a reviewer is told each, as for a
/// definition's fields. Lists (dialects, rules, exports) are told item by item.
enum SettingsFields {
    /// The fields of tally.yaml that changed, none when it did not.
    static func changes(_ old: ProjectSettings, _ new: ProjectSettings) -> [DefinitionDiff.FieldChange] {
        let (before, after) = (Dictionary(uniqueKeysWithValues: flatten(old)), Dictionary(uniqueKeysWithValues: flatten(new)))
        var order = flatten(new).map(\.field)
        order += flatten(old).map(\.field).filter { after[$0] == nil }
        return order.compactMap { field in
            guard before[field] != after[field] else { return nil }
            var change = DefinitionDiff.FieldChange(field: field, before: before[field], after: after[field], breaking: false)
            if let was = items(of: field, in: old), let now = items(of: field, in: new) {
                func compared(_ items: [(key: String, shown: String)]) -> [(key: String, shown: String, content: String)] {
                    items.map { ($0.key, $0.shown, $0.shown) }
                }
                (change.added, change.removed, change.changed) = DefinitionFields.itemChanges(compared(was), compared(now))
            }
            return change
        }
    }

    private static func flatten(_ settings: ProjectSettings) -> [(field: String, value: String)] {
        let fields: [(String, String?)] = [
            ("name", settings.name),
            ("current_version", settings.currentVersion.value.text),
            ("repository", settings.repository.value),
            ("dialects", list(items(of: "dialects", in: settings))),
            ("event_code_link", settings.eventCodeLink.value),
            ("pull_request_link", settings.pullRequestLink.value),
            ("rules", list(items(of: "rules", in: settings))),
            ("exports", list(items(of: "exports", in: settings))),
            // Where a dialect's views go: every one of them moves (the old ones stay until dropped).
            ("view_schemas", list(items(of: "view_schemas", in: settings))),
        ]
        return fields.compactMap { field, value in value.map { (field, $0) } }
    }

    /// The items of a list: each with the key it is matched by between two versions and the text it is shown as.
    private static func items(of field: String, in settings: ProjectSettings) -> [(key: String, shown: String)]? {
        switch field {
        case "dialects": return settings.dialects.map { ($0.rawValue, $0.rawValue) }
        case "rules": return settings.rules.map { ($0.code.value.rawValue, "\($0.code.value.rawValue): \($0.level.value.rawValue)") }
        case "exports":
            var exports: [(key: String, shown: String)] = []
            if let dbt = settings.exports.dbt {
                exports.append(("dbt", "dbt for " + dbt.dialects.map(\.value.rawValue).joined(separator: ", ")))
            }
            if let lookml = settings.exports.lookml {
                exports.append(("lookml", "lookml on \(lookml.connection.value) over \(lookml.dialect.value.rawValue)"
                                    + (lookml.schema.map { " in \($0.value)" } ?? "")))
            }
            return exports
        case "view_schemas":
            return settings.viewSchemas.sorted { $0.key < $1.key }.map { dialect, schema in
                (dialect.rawValue, "\(dialect.rawValue) views in \(schema.value)")
            }
        default: return nil
        }
    }

    private static func list(_ items: [(key: String, shown: String)]?) -> String? {
        guard let items, !items.isEmpty else { return nil }
        return items.map(\.shown).joined(separator: ", ")
    }
}

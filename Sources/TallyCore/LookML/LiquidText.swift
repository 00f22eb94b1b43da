/// A definition's words in a LookML parameter that Looker renders as Liquid: a field's description and labels
/// (not an explore's description, nor a view's label, which Looker shows as written). Liquid prints `{{ '{{' }}`
/// as `{{`, as Jinja does, so dbt's escaping serves: a `{{ … }}` in a column's description stays text instead of
/// running (or printing nothing) in Looker.
enum LiquidText {
    static func escaped(_ text: String) -> String { DBTEmitter.escapingJinja(text) }
}

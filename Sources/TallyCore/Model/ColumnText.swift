extension Catalog {
    /// What a view's column holds, by the definition's measure, for the exports that describe each column (dbt's
    /// models, LookML's dimensions); a group column names what it groups by, and the source column's own
    /// description when it has one.
    func columnText(_ name: String, of definition: Definition, isGroup: Bool) -> String {
        switch (name, definition.measure.kind) {
        case ("period_start", _): return "The first day of the period."
        case ("known_broken", _):
            // Said, lest a filter on false be read as "nothing was broken".
            guard tiesRowsToReleases(definition) else {
                return "Always null: the source has no version column, so no row can be tied to a release."
            }
            return "True for rows from releases inside a broken range, false for known healthy releases, null for unknown versions."
        case ("value", let kind):
            switch kind {
            case .count, .sum, .uniqueUsers, .firstTimeUsers, .countDistinct:
                return "The definition's value for the period and group, split by known_broken: a period has a row for "
                    + "each of true, false and null that has rows, and they add up to its value."
            case .growthAccounting:
                return "People in the period and category, split by known_broken: the rows of a period and category add "
                    + "up to its people."
            default: return "The definition's value for the period and group."
            }
        case ("category", .growthAccounting): return "new, retained or resurrected (active in the period), or churned (active in the period before only)."
        case ("step", .funnel): return "The step's number, 1 for the first."
        case ("step_name", .funnel): return "The step's name."
        case ("people", .funnel): return "People who entered in the period and reached this step within the window."
        case ("conversion_from_first", .funnel): return "People at this step over people who entered."
        case ("conversion_from_previous", .funnel): return "People at this step over people at the step before."
        case ("cohort_start", .retention): return "The first day of the cohort's period."
        case ("cohort_size", .retention): return "People whose first cohort event is in the cohort's period."
        case ("retained", .retention(let retention)):
            return "Cohort people active this many \(retention.offsetColumn)s after the cohort's own"
                + (retention.returnRule == .inPeriodOrLater ? " or later." : ".")
        case ("rate", .retention): return "retained over cohort_size."
        case (let offset, .retention(let retention)) where offset == retention.offsetColumn:
            return "How many \(offset)s after the cohort's own."
        default:
            if case .sql = definition.measure.kind { return "A column of the definition's sql measure." }
            guard isGroup else { return "See the definition." }
            guard let path = definition.measure.groupBy.first(where: { $0.value.outputName == name })?.value else {
                return "A group column, as the definitions this one reads have it."
            }
            let column = source(of: definition)?.columns.first { $0.name.value == path.column }
            let about = path.jsonPath.isEmpty ? column?.description.map { " " + $0 } ?? "" : ""
            return "Grouped by \(path)." + about + (about.isEmpty || about.hasSuffix(".") ? "" : ".")
        }
    }
}

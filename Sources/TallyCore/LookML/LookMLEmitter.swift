/// generated/lookml/ when tally.yaml exports it: a LookML view per definition over the view tally generated for
/// the chosen dialect, and a model whose explores list every view under its group's title. Fields follow the
/// view's shape; measures add rows up only where the values add up (RollUp).
struct LookMLEmitter: Emitter {
    let catalog: CheckedCatalog

    /// A definition's LookML view and the project's model under generated/, for this emitter and the docs.
    static func viewPath(of definition: Definition) -> String {
        "lookml/\(definition.group)/\(definition.id.value).view.lkml"
    }

    static func modelPath(_ settings: ProjectSettings) -> String { "lookml/\(settings.exportName).model.lkml" }

    /// The model, naming what it reads of every view (`modelFacts`), then one job per group for its views, naming
    /// its inputs (its views and every view they read), so that a later build takes the ones an edit cannot reach
    /// from generated/: one job rendering every view again was 0.4 s on one core of a one-edit build at 10,000
    /// definitions.
    func jobs() -> [RenderJob] {
        guard let export = catalog.settings.exports.lookml else { return [] }
        let modelJob = RenderJob.wholeCatalog(Self.modelPath(catalog.settings), facts: modelFacts) { [model(export)] }
        return [modelJob] + catalog.groups.map { group in
            RenderJob(inputs: { JobInputs(label: "lookml/" + group.name, views: group.views) }) {
                group.views.map { viewFile($0, export: export) }
            }
        }
    }

    private func viewFile(_ view: CheckedView, export: LookMLExport) -> GeneratedFile {
        GeneratedFile(path: Self.viewPath(of: view.definition),
                      contents: GeneratedHeader.hashComments(GeneratedHeader.lines(from: [view.definition.file]))
                          + "\n" + self.view(view, export: export).rendered() + "\n")
    }

    /// What `model` reads of the definitions, hashed, so that a build after an edit that changes none of it (an
    /// edit of events or a measure) takes the model from generated/: each view's file, id, group, title, definition
    /// and deprecation notice, in the catalog's order. A field the model comes to show must be added here
    /// (IncrementalBuildTests edits each and compares the build with one from nothing).
    private func modelFacts() -> String {
        var hasher = FactHasher()
        hasher.add(UInt64(catalog.viewsByGroup.count))
        for view in catalog.viewsByGroup {
            let definition = view.definition
            hasher.add(definition.file)
            hasher.add(view.id)
            hasher.add(definition.group)
            hasher.add(definition.title.value)
            hasher.add(definition.definition)
            hasher.add(deprecationNotice(definition))
        }
        return hasher.finish()
    }

    /// Written into one buffer, an explore at a time: as a LookMLBlock each, appended to a String, the 10,000
    /// explores were 174 million instructions of a prose edit's build at 10,000 definitions, 42 million so (the
    /// model is rendered again whenever a definition's text changes).
    private func model(_ export: LookMLExport) -> GeneratedFile {
        var out = SourceBuffer(capacity: 1 << 16)
        out.append(GeneratedHeader.hashComments(GeneratedHeader.lines(from: catalog.viewsByGroup.map(\.definition.file))
                                                + ["One explore per definition, listed under its group's title."]))
        out.append("\nconnection: ")
        out.append(LookMLText.string(export.connection.value))
        out.line("")
        out.line("include: \"*/*.view.lkml\"")
        // As LookMLBlock renders an explore with these parameters.
        for view in catalog.viewsByGroup {
            let definition = view.definition
            out.append("\nexplore: ")
            out.append(view.id)
            out.append(" {\n  group_label: ")
            LookMLText.write(catalog.catalog.groups[definition.group]?.title.value ?? definition.group, into: &out)
            out.append("\n  label: ")
            LookMLText.write(definition.title.value, into: &out)
            out.append("\n  description: ")
            LookMLText.write(MarkdownText.sentences([definition.definition] + deprecationNotice(definition)), into: &out)
            if definition.deprecated != nil { out.append("\n  hidden: yes") }
            out.line("\n}")
        }
        return GeneratedFile(path: Self.modelPath(catalog.settings), parts: [.bytes(out.finish()[...])])
    }

    private func view(_ view: CheckedView, export: LookMLExport) -> LookMLBlock {
        let definition = view.definition
        let sql = export.dialect.value.sql
        var block = LookMLBlock("view", view.id)
        // Where the views are: the schema LookML names, else the dataset the BigQuery views are created in.
        let schema = export.schema?.value ?? catalog.settings.viewSchema(for: export.dialect.value)
        block.sql("sql_table_name", schema.map { sql.table("\($0).\(view.id)") } ?? sql.identifier(view.id))
        block.string("label", definition.title.value + (definition.deprecated != nil ? " (deprecated)" : ""))
        let about = definition.definition + " Why: " + definition.rationale
        let groupTypes = catalog.catalog.groupColumnTypes(of: definition)
        // Looker refuses two fields of one name in a view: a column named like a field a dimension group makes
        // (period_date) or like a measure (total) is renamed with a suffix, first come first named. The measures
        // come first, their names being the ones the docs promise (a group column `total` had taken the measure's
        // name and left it `total_field`).
        let measures = measures(view, about: about)
        var taken = Set(measures.compactMap(\.name))
        func unique(_ name: String) -> String {
            var chosen = name
            while taken.contains(chosen) { chosen += "_field" }
            return chosen
        }
        var fields = view.shape.map { field($0, view: view, groupType: groupTypes[$0.name]) }
        // A dimension group takes its name and one per timeframe; two columns of one LookML name (`a*start` and
        // `a_start` are both `a`) are told apart as other fields are.
        for index in fields.indices where fields[index].kind == "dimension_group" {
            var name = fields[index].name!
            while taken.contains(name) || Self.allTimeframes.contains(where: { taken.contains(name + "_" + $0) }) {
                name += "_field"
            }
            fields[index].name = name
            taken.insert(name)
            for timeframe in Self.allTimeframes { taken.insert(name + "_" + timeframe) }
        }
        for index in fields.indices where fields[index].kind != "dimension_group" {
            fields[index].name = unique(fields[index].name!)
            taken.insert(fields[index].name!)
        }
        for field in fields {
            block.lines.append("")
            block.block(field)
        }
        for measure in measures {
            block.lines.append("")
            block.block(measure)
        }
        return block
    }

    /// ["Deprecated since 5.2: counts bots too.", "Use Weekly active users instead."], as the docs page says it (an
    /// explore's description is shown as written, without Liquid); none for a definition in use.
    private func deprecationNotice(_ definition: Definition) -> [String] {
        guard let deprecation = definition.deprecated else { return [] }
        let notice = MarkdownText.ended("Deprecated since " + deprecation.version.value.text + ": "
                                            + MarkdownText.oneLine(deprecation.reason.value))
        guard let replacement = deprecation.replacedBy, let other = catalog.catalog.definition(replacement.value) else {
            return [notice]
        }
        return [notice, "Use " + other.title.value + " instead."]
    }

    /// " Broken: 3.31-3.35.0 (does not count backend insights; fix: https://…/pull/25317)." after `lead` — each range with its
    /// reason and fix where given, as the docs page lists them, so that whoever filters on known_broken in Looker
    /// sees why without leaving it; empty for a definition with none.
    private func brokenRanges(of definition: Definition, _ lead: String) -> String {
        guard !definition.broken.isEmpty else { return "" }
        let links = DocsLinks(settings: catalog.settings)
        let ranges = definition.broken.map { range in
            var details: [String] = []
            // A reason written as a sentence loses its full stop inside the parentheses.
            if let reason = range.reason.map({ MarkdownText.oneLine($0.value) }), !reason.isEmpty {
                details.append(reason.hasSuffix(".") ? String(reason.dropLast()) : reason)
            }
            if let fix = range.fix { details.append("fix: " + links.pullRequest(fix.value).url) }
            return range.label + (details.isEmpty ? "" : " (" + details.joined(separator: "; ") + ")")
        }
        return " " + lead + ": " + ranges.joined(separator: ", ") + "."
    }

    /// A column of the view as Looker's SQL reads it: `${TABLE}` and the name quoted in the export's dialect. Bare,
    /// a group column named `n*100` was read as n times 100, and on Snowflake, whose views tally creates with
    /// quoted lowercase names, `value` was read as VALUE, no column of the view.
    private func column(_ name: String) -> String {
        "${TABLE}." + (catalog.settings.exports.lookml?.dialect.value.sql.identifier(name) ?? name)
    }

    /// Whether a date column is the view's period (or a retention's cohort), not a value.
    static func isPeriod(_ column: String) -> Bool { column == "period_start" || column == "cohort_start" }

    /// The timeframes a date's dimension group may have: each makes a field named group_timeframe.
    static let allTimeframes = ["date", "week", "month", "quarter", "year"]

    /// The timeframes of a period column: those its periods fall within whole. A week straddles two months, so a
    /// weekly view has no month: Looker would put each week's total in the month it starts in (January's last
    /// week, mostly February's days, counted in January). Looker's week starts on the model's week_start_day
    /// (Monday): a view whose weeks start on Sunday would label each of its weeks with the Monday before, so it has
    /// no week timeframe either. Any other date (a minimum's) has them all.
    static func timeframes(of column: String, grain: Grain?, weekStart: WeekStart) -> [String] {
        let within: [String] = switch Self.isPeriod(column) ? grain : nil {
        case .week?: ["date", "week"]
        case .month?: ["date", "month", "quarter", "year"]
        case .year?: ["date", "year"]
        case .day?, .total?, nil: allTimeframes
        }
        return within.filter { $0 != "week" || weekStart == .monday }
    }

    /// The dimension (or dimension group, for a date) of one output column, named as LookML names fields (a group
    /// column `n*100` is the dimension n_100: LookML had refused the file).
    private func field(_ column: ViewColumn, view: CheckedView, groupType: ColumnType?) -> LookMLBlock {
        let reference = self.column(column.name)
        let name = ExportName.from(column.name)
        switch column.type ?? groupType {
        case .date?:
            var group = LookMLBlock("dimension_group", String(name.dropLast(name.hasSuffix("_start") ? 6 : 0)))
            group.parameter("type", "time")
            let timeframes = Self.timeframes(of: column.name, grain: view.grain,
                                             weekStart: catalog.catalog.weekStart(of: view.definition))
            group.parameter("timeframes", "[" + timeframes.joined(separator: ", ") + "]")
            group.parameter("datatype", "date")
            group.parameter("convert_tz", "no")
            group.sql("sql", reference)
            group.string("description", Self.isPeriod(column.name) ? periodText(column.name, view: view)
                                                 : LiquidText.escaped(columnText(column, view: view, groupType: groupType)))
            return group
        case .boolean?:
            // Not `yesno`: Looker shows NULL there as No, and a NULL known_broken (a row of unknown version) would
            // read as known healthy. Yes, No, or empty, as the column holds it.
            var dimension = LookMLBlock("dimension", name)
            dimension.parameter("type", "string")
            dimension.sql("sql", "CASE WHEN \(reference) THEN 'Yes' WHEN NOT \(reference) THEN 'No' END")
            if column.name == "known_broken" {
                let text = catalog.catalog.tiesRowsToReleases(view.definition)
                    ? "Yes for rows from releases inside a broken range of this definition, No for known healthy "
                        + "releases, empty (NULL) for rows of unknown version." + brokenRanges(of: view.definition, "Broken")
                    // Said, lest a filter on Yes be read as "nothing was broken".
                    : "Always empty (NULL): this view reads no version column, so no row can be tied to a release."
                        + brokenRanges(of: view.definition, "The ping's own values were wrong in")
                dimension.string("description", LiquidText.escaped(text))
            }
            return dimension
        case .integer?, .float?:
            var dimension = LookMLBlock("dimension", name)
            dimension.parameter("type", "number")
            dimension.sql("sql", reference)
            // Measured values are read through the measures, which know how they combine.
            if Self.measured.contains(column.name) {
                dimension.parameter("hidden", "yes")
            } else {
                dimension.string("description", LiquidText.escaped(columnText(column, view: view, groupType: groupType)))
            }
            return dimension
        case .text?, .timestamp?, .json?, nil:
            var dimension = LookMLBlock("dimension", name)
            dimension.parameter("type", "string")
            dimension.sql("sql", reference)
            dimension.string("description", LiquidText.escaped(columnText(column, view: view, groupType: groupType)))
            return dimension
        }
    }

    private func columnText(_ column: ViewColumn, view: CheckedView, groupType: ColumnType?) -> String {
        catalog.catalog.columnText(column.name, of: view.definition, isGroup: groupType != nil)
    }

    static let measured: Set<String> = ["value", "cohort_size", "retained", "rate", "people", "conversion_from_first",
                                        "conversion_from_previous"]

    private func periodText(_ column: String, view: CheckedView) -> String {
        let days = daysText(view.definition)
        let zone = days.map { " (" + $0 + ")" } ?? ""
        if column == "cohort_start" { return "The first day of the cohort's period" + zone + "." }
        switch view.grain {
        case .day?: return "The day" + zone + "."
        case .week?:
            let start = view.weekStart == .sunday ? "Sunday" : "Monday"
            return "The first day of the week (weeks start on \(start)" + (days.map { "; " + $0 } ?? "") + ")."
        case let grain?: return "The first day of the \(grain.rawValue)" + zone + "."
        case nil: return "The first day of the period" + zone + "."
        }
    }

    /// Whose days the periods are: "UTC days", "America/Los_Angeles days", or for a source whose timestamp is a
    /// date, its dates as written (a date has no time zone: Cody Pro's are Pacific reference dates, not UTC days).
    private func daysText(_ definition: Definition) -> String? {
        if readsDates(definition) { return "the source's dates, as written, in no time zone" }
        return catalog.catalog.timeZone(of: definition).map { "\($0.identifier) days" }
    }

    /// Whether a definition's periods are made of a date column's days: the timestamp of every source its rows
    /// come from is a date.
    private func readsDates(_ definition: Definition) -> Bool {
        guard let sources = catalog.catalog.rowSources(of: definition), !sources.isEmpty else { return false }
        return sources.allSatisfy { source in source.timestamp.flatMap { source.column($0.value) }?.type.value == .date }
    }

    /// The measures of a view: totals where the values add up, else a value shown for one row at a time.
    private func measures(_ view: CheckedView, about: String) -> [LookMLBlock] {
        switch view.definition.measure.kind {
        case .retention(let retention):
            // A cohort's size is on each of its offsets' rows: counted once per cohort, whatever offsets are selected.
            var cohorts = LookMLBlock("measure", "total_cohort_size")
            cohorts.parameter("type", "sum_distinct")
            cohorts.sql("sql_distinct_key", column("cohort_start"))
            cohorts.sql("sql", column("cohort_size"))
            cohorts.string("description", "People in the selected cohorts.")
            let offset = retention.offsetColumn
            return [cohorts,
                    sum("total_retained", of: "retained", "Retained people in the selected cohorts, shown for one \(offset).",
                        whenOneOf: offset),
                    ratio("retention_rate", "${total_retained}", over: "${total_cohort_size}",
                          "Retained people over cohort people, recomputed for the selected cohorts, shown for one \(offset).")]
        case .funnel:
            return [sum("total_people", of: "people", "People who reached the step, shown for one step.", whenOneOf: "step"),
                    oneRow("conversion_from_first_step", of: "conversion_from_first", "People at the step over people who entered.",
                           view: view),
                    oneRow("conversion_from_previous_step", of: "conversion_from_previous",
                           "People at the step over people at the step before.", view: view)]
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .sum, .average, .min, .max, .countDistinct,
             .median, .percentile, .ratio, .formula, .sql:
            guard view.shape.contains(where: { $0.name == "value" }) else { return [] }
            if case .growthAccounting = view.definition.measure.kind {
                return [sum("total", of: "value", about + " Summed over the selected periods and categories: a person "
                                + "counts once in each period, in one category; the churned were active in the period "
                                + "before, not in this one."),
                        sum("active_people", of: "value", "People active in the period: new, retained and resurrected "
                                + "(churned left out). Over several periods, each person counts once per period.",
                            where: column("category") + " <> 'churned'")]
            }
            switch RollUp(of: view.definition.measure, overSnapshot: catalog.catalog.readsSnapshot(view.definition)) {
            case .sum: return [sum("total", of: "value", about)]
            case .min: return [extreme("minimum", "MIN", view: view, about)]
            case .max: return [extreme("maximum", "MAX", view: view, about)]
            case .onePeriod: return [onePeriod("single_value", about, view: view)]
            case .oneRow: return [oneRow("single_value", of: "value", about, view: view)]
            }
        }
    }

    /// `where`: only rows where this holds are summed. `whenOneOf`: a column whose values do not add up (a funnel's
    /// steps, a retention's offsets): the sum is shown only when one value of it is selected, else empty, rather
    /// than a description asking the user to select one.
    private func sum(_ name: String, of column: String, _ description: String, where condition: String? = nil,
                     whenOneOf apart: String? = nil) -> LookMLBlock {
        var measure = LookMLBlock("measure", name)
        if let apart {
            measure.parameter("type", "number")
            measure.sql("sql", "CASE WHEN \(Self.oneValueSelected(self.column(apart))) THEN SUM(\(self.column(column))) END")
            measure.string("description", LiquidText.escaped(description))
            return measure
        }
        measure.parameter("type", "sum")
        let reference = self.column(column)
        measure.sql("sql", condition.map { "CASE WHEN \($0) THEN \(reference) END" } ?? reference)
        measure.string("description", LiquidText.escaped(description))
        return measure
    }

    private func extreme(_ name: String, _ function: String, view: CheckedView, _ description: String) -> LookMLBlock {
        var measure = LookMLBlock("measure", name)
        let isDate = view.shape.first { $0.name == "value" }?.type == .date
        measure.parameter("type", isDate ? "date" : "number")
        measure.sql("sql", "\(function)(\(column("value")))")
        measure.string("description", LiquidText.escaped(description))
        return measure
    }

    private func ratio(_ name: String, _ top: String, over bottom: String, _ description: String) -> LookMLBlock {
        var measure = LookMLBlock("measure", name)
        measure.parameter("type", "number")
        measure.sql("sql", "1.0 * \(top) / NULLIF(\(bottom), 0)")
        measure.parameter("value_format_name", "percent_1")
        measure.string("description", LiquidText.escaped(description))
        return measure
    }

    /// The value when exactly one row is selected, else empty: a distinct count, an average or a ratio summed over
    /// rows would be a number that means nothing.
    private func oneRow(_ name: String, of column: String, _ description: String, view: CheckedView) -> LookMLBlock {
        var measure = LookMLBlock("measure", name)
        measure.parameter("type", "number")
        measure.sql("sql", "CASE WHEN COUNT(*) = 1 THEN MAX(\(self.column(column))) END")
        measure.string("description", LiquidText.escaped(description) + " Shown only when one row of the view is selected ("
                           + Self.oneRowSelection(view) + "): these values do not add up.")
        return measure
    }

    /// The condition that the rows a query selects hold one value of a column (`reference`, as `column` gives it):
    /// one distinct value and no NULL, or NULL alone (COUNT(DISTINCT) leaves NULL out).
    static func oneValueSelected(_ reference: String) -> String {
        return "COUNT(DISTINCT \(reference)) + MAX(CASE WHEN \(reference) IS NULL THEN 1 ELSE 0 END) = 1"
    }

    /// The value of one period and one value of each group column, its rows for each known_broken added up (they
    /// hold each person, value or row once), else empty: summed over periods or groups, a distinct count or a
    /// snapshot's days would count the same people or entities again. Showing it only for one row left it blank
    /// for most periods, which have rows of several known_broken values.
    private func onePeriod(_ name: String, _ description: String, view: CheckedView) -> LookMLBlock {
        let columns = view.shape.map(\.name).filter { $0 != "known_broken" && $0 != "value" }
        // The period too: rows without a timestamp are a period of their own, NULL.
        let single = columns.map { Self.oneValueSelected(column($0)) }
        var measure = LookMLBlock("measure", name)
        measure.parameter("type", "number")
        let sum = "SUM(" + column("value") + ")"
        measure.sql("sql", single.isEmpty ? sum : "CASE WHEN " + single.joined(separator: " AND ") + " THEN " + sum + " END")
        let hasPeriod = columns.contains("period_start"), hasGroups = columns.contains { $0 != "period_start" }
        let picked = [hasPeriod ? "one period" : nil, hasGroups ? "one value of each group column" : nil].compactMap { $0 }
        let across = [hasPeriod ? "periods" : nil, hasGroups ? "groups" : nil].compactMap { $0 }
        let selection = picked.isEmpty ? "" : " Shown only when " + picked.joined(separator: " and ")
            + (picked.count == 1 && hasPeriod ? " is" : " are") + " selected: these values do not add up across "
            + across.joined(separator: " or ") + "."
        measure.string("description", LiquidText.escaped(description) + selection)
        return measure
    }

    /// What picks one row of the view, by the columns it has: a funnel's rows are its periods' steps. Of the views
    /// shown one row at a time, only an sql measure's may split a period's rows by known_broken: an average, a
    /// percentile, a ratio or a formula folds it into one row per period and group (format.md), where saying it
    /// split them sent a trial's reader looking for a second row.
    static func oneRowSelection(_ view: CheckedView) -> String {
        if case .funnel = view.definition.measure.kind { return "one period and one step" }
        let sql = if case .sql = view.definition.measure.kind { true } else { false }
        let splitsByBroken = sql && view.shape.contains { $0.name == "known_broken" }
        return "one period, one value of each group column"
            + (splitsByBroken ? ", and one of known_broken, since a period's rows are split by it" : "")
    }
}

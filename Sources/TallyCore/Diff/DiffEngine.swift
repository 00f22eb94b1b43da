/// What a change to the definitions means, between a base ref and the work tree: definitions added, removed and
/// renamed, each changed field, and the problems a reviewer must not miss.
public struct DefinitionDiff: Sendable {
    public struct FieldChange: Sendable, Equatable {
        public var field: String
        public var before: String?
        public var after: String?
        public var breaking: Bool
        /// For a field holding a set of things (events, owners, `where` entries, examples): which came, went or
        /// (examples) changed their rows, as shown; all empty for any other field.
        public var added: [String] = []
        public var removed: [String] = []
        public var changed: [String] = []

        /// Whether the change is told item by item: a list of sixteen events before and fifteen after does not say
        /// which one went.
        public var isItemised: Bool { !added.isEmpty || !removed.isEmpty || !changed.isEmpty }
    }

    public struct Changed: Sendable {
        public var id: String
        public var file: String
        public var fields: [FieldChange]
    }

    public var added: [Definition] = []
    public var removed: [Definition] = []
    public var renamed: [(from: Definition, to: Definition)] = []
    public var changed: [Changed] = []
    /// Ratios and formulas that read a definition whose rows change, and change with it (MovedByInputs).
    public var movedByInputs: [MovedByInputs] = []
    /// tally.yaml's fields that changed (SettingsFields).
    public var settings: [FieldChange] = []
    /// The other project files that changed and are no definition (sources, group.yaml), sorted, each added,
    /// removed or changed: what they change in the views is said by the problems (C003).
    public var otherFiles: [(path: String, change: ProjectFiles.Change)] = []
    public var diagnostics = DiagnosticCollector()

    /// Whether no definition changed.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && renamed.isEmpty && changed.isEmpty }

    /// Whether nothing of the project changed: no definition, no setting, no other file.
    public var isWhollyEmpty: Bool { isEmpty && settings.isEmpty && otherFiles.isEmpty }

    init() {}

    /// No changes, only problems: the work tree could not be compared.
    init(problems: [Diagnostic]) {
        for problem in problems { diagnostics.emit(problem) }
    }

    /// What the definitions' views read besides the definitions: with it, a view whose SQL changed under an
    /// unchanged definition (a source's time zone, a dimension's case, tally.yaml) is a breaking change too.
    public struct Views: Sendable {
        public var base: CheckedCatalog
        public var head: CheckedCatalog
        /// Project files (sources, tally.yaml, groups) whose bytes differ between the base and the work tree.
        public var changedFiles: Set<String>

        public init(base: CheckedCatalog, head: CheckedCatalog, changedFiles: Set<String>) {
            self.base = base
            self.head = head
            self.changedFiles = changedFiles
        }
    }

    /// Ids of the base whose view a definition of the work tree makes under another id (same table, events and
    /// measure): a renamed one, or one kept deprecated and pointing to its new id.
    private static func sameViews(base: Catalog, head: Catalog, renamed: [(from: Definition, to: Definition)],
                                  added: [Definition]) -> [String: String] {
        // The fingerprint leaves the table out (a rename may move it): another table is other rows.
        func sameRows(_ old: Definition, _ new: Definition) -> Bool {
            old.source.table?.value == new.source.table?.value
                && DefinitionFields.fingerprint(old) == DefinitionFields.fingerprint(new)
        }
        var same: [String: String] = [:]
        for (old, new) in renamed where sameRows(old, new) { same[old.id.value] = new.id.value }
        // Each definition of the base kept deprecated, by the id it points to: one pass, not one per added id.
        var pointingTo: [String: [Definition]] = [:]
        for kept in head.definitions {
            guard let target = kept.deprecated?.replacedBy?.value, let old = base.definition(kept.id.value) else { continue }
            pointingTo[target, default: []].append(old)
        }
        for new in added {
            for old in pointingTo[new.id.value] ?? [] where same[old.id.value] == nil && sameRows(old, new) {
                same[old.id.value] = new.id.value
            }
        }
        return same
    }

    /// What could not be compared at the base ref, said as warnings (C008) so that silence is never taken for
    /// safety.
    public struct BaseGaps: Sendable {
        /// The ref, as given.
        public var ref: String
        /// The ref has no project under this folder ("." for the repository's root): every definition is new.
        public var noProject: String?
        /// Definitions whose file is there but could not be decoded, by id, with the first error.
        public var undecoded: [String: String] = [:]
        /// Why the base's views could not be compiled (it has errors), when sources or tally.yaml changed.
        public var uncompiled: String?

        public init(ref: String, noProject: String? = nil, undecoded: [String: String] = [:], uncompiled: String? = nil) {
            self.ref = ref
            self.noProject = noProject
            self.undecoded = undecoded
            self.uncompiled = uncompiled
        }
    }

    /// `fileChanges`: the project files whose bytes differ between the base and the work tree, and how.
    public static func compare(base: Catalog, head: Catalog, views: Views? = nil, gaps: BaseGaps? = nil,
                               fileChanges: [String: ProjectFiles.Change] = [:]) -> DefinitionDiff {
        var diff = DefinitionDiff()
        // A base without a project has nothing to compare them with: everything is new.
        if gaps?.noProject == nil {
            diff.settings = SettingsFields.changes(base.settings, head.settings)
            diff.otherFiles = fileChanges.filter { path, _ in
                switch ProjectFiles.role(of: path) {
                case .definition?, .settings?: return false
                default: return true
                }
            }.map { (path: $0.key, change: $0.value) }.sorted { $0.path < $1.path }
        }
        let baseIDs = Set(base.definitions.map(\.id.value))
        let headIDs = Set(head.definitions.map(\.id.value))
        var added = head.definitions.filter { !baseIDs.contains($0.id.value) }
        var removed = base.definitions.filter { !headIDs.contains($0.id.value) }
        // A removed and an added definition with the same events and measure are one definition renamed.
        // Each added definition's fingerprint once, not once for every removed one; none when nothing went.
        var prints = removed.isEmpty ? [] : added.map(DefinitionFields.fingerprint)
        for old in removed {
            let print = DefinitionFields.fingerprint(old)
            if let index = prints.firstIndex(of: print) {
                prints.remove(at: index)
                diff.renamed.append((old, added.remove(at: index)))
            }
        }
        removed.removeAll { old in diff.renamed.contains { $0.from.id.value == old.id.value } }
        diff.added = added
        diff.removed = removed

        for old in removed where old.deprecated == nil {
            diff.diagnostics.emit(.removedWithoutDeprecation,
                                  "definition '\(old.id.value)' was deleted, but it exists at the base ref and was "
                                      + "never deprecated; dashboards may read its view. Restore it with a "
                                      + "'deprecated' entry (version, reason, replaced_by) and delete it in a later change",
                                  at: .startOf(old.file))
        }
        for (old, new) in diff.renamed where old.deprecated?.replacedBy?.value != new.id.value {
            diff.diagnostics.emit(.renamedWithoutDeprecation,
                                  "definition '\(old.id.value)' was renamed to '\(new.id.value)' (same events and "
                                      + "measure); its view disappears. Keep '\(old.id.value)' with 'deprecated: "
                                      + "{version, reason, replaced_by: \(new.id.value)}' and a title of its own "
                                      + "(two definitions may not share one) until dashboards have moved",
                                  at: new.id.span)
        }
        let sameViews = sameViews(base: base, head: head, renamed: diff.renamed, added: added)
        var underneath: [Underneath] = []
        // Views whose rows change under an unchanged definition, recorded in a `changes` entry or not: what reads
        // them moves either way (MovedByInputs).
        var movedUnderneath: Set<String> = []
        for new in head.definitions {
            guard let old = base.definition(new.id.value) else { continue }
            var fields = fieldChanges(old, new)
            // A ratio or formula that now reads an input's new id, whose view is the old one's (renamed, or added
            // beside it deprecated), reads the same rows: a change to show, not a breaking one.
            for index in fields.indices where fields[index].breaking && DefinitionFields.namesInputs(fields[index].field) {
                if let before = fields[index].before, let after = fields[index].after,
                   DefinitionFields.replacingIDs(in: before, sameViews) == after {
                    fields[index].breaking = false
                }
            }
            // Another table is a breaking change when the view reads other rows for it: not when a source was only
            // renamed over the same physical table.
            if let index = fields.firstIndex(where: { $0.field == "source.table" }) {
                fields[index].breaking = views.map { views in
                    guard let before = views.base.view(old.id.value), let after = views.head.view(new.id.value) else { return true }
                    return Self.compilesDifferently(before, in: views.base, after, in: views.head)
                } ?? true
            }
            if !fields.isEmpty { diff.changed.append(Changed(id: new.id.value, file: new.file, fields: fields)) }
            diff.checkBreaking(old, new, fields)
            if let views, !fields.contains(where: \.breaking),
               let found = viewChangedUnderneath(old, new, views, definitionChanged: !fields.isEmpty) {
                movedUnderneath.insert(new.id.value)
                if !Self.recordsNewChange(old, new) { underneath.append(found) }
            }
            diff.checkBrokenRanges(old, new)
            diff.checkHistoryKept(old, new)
        }
        diff.report(underneath)
        // Rows change where a field changed in a breaking way, and where the view compiles differently underneath.
        let moved = Set(diff.changed.filter { $0.fields.contains(where: \.breaking) }.map(\.id)).union(movedUnderneath)
        // A definition added in this change has no values at the base to move from.
        diff.movedByInputs = movedByInputs(moved, in: head).filter { baseIDs.contains($0.id) }
        if let gaps { diff.note(gaps) }
        // tally.yaml's rules and the definitions' no_lint apply to diff's warnings as to check's.
        diff.diagnostics = RuleSettings.apply(head.settings.rules, exceptions: head.lintExceptions, to: diff.diagnostics)
        return diff
    }

    /// What was not compared, each said once: definitions unreadable at the base look added, a base without a
    /// project makes everything new, a base with errors cannot have its views compiled.
    private mutating func note(_ gaps: BaseGaps) {
        if let folder = gaps.noProject {
            diagnostics.emit(.unreadableAtBase,
                             "\(gaps.ref) has no tally project under '\(folder)' (no tally.yaml, no definitions/), so "
                                 + "every definition is new and nothing is compared; if the project moved, compare with "
                                 + "a ref that has it",
                             at: .startOf("tally.yaml"))
        }
        for definition in added {
            guard let problem = gaps.undecoded[definition.id.value] else { continue }
            diagnostics.emit(.unreadableAtBase,
                             "'\(definition.id.value)' cannot be read at \(gaps.ref) (\(problem)), so this change is not "
                                 + "compared with it: check by hand that its view's rows do not change",
                             at: definition.id.span)
        }
        if let reason = gaps.uncompiled {
            diagnostics.emit(.unreadableAtBase,
                             "the definitions at \(gaps.ref) have errors (\(reason)), so their views cannot be compiled "
                                 + "and what the changed sources or tally.yaml do to unchanged definitions is not "
                                 + "compared: check by hand",
                             at: .startOf("tally.yaml"))
        }
    }

    static func fieldChanges(_ old: Definition, _ new: Definition) -> [FieldChange] {
        // One decoded definition in both checks: its file is the same at the base (Compiler.check reusing).
        if old === new { return [] }
        func map(_ fields: [(field: String, value: String)]) -> [String: String] {
            Dictionary(fields.map { ($0.field, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        // Compared as the same rows are (one text for every way of writing a field), shown as written.
        let before = map(DefinitionFields.flatten(old, canonical: true))
        let afterMap = map(DefinitionFields.flatten(new, canonical: true))
        let (shownOld, shownNew) = (DefinitionFields.flatten(old), DefinitionFields.flatten(new))
        let (shownBefore, shownAfter) = (map(shownOld), map(shownNew))
        // Broken ranges are compared range by range (brokenRangeChanges), not by the text their key is spelled in.
        func isRange(_ field: String) -> Bool { field.hasPrefix(DefinitionFields.brokenRangeField) }
        var order = shownNew.map(\.field).filter { !isRange($0) }
        for (field, _) in shownOld where shownAfter[field] == nil && !isRange(field) { order.append(field) }
        let grainChanged = before["measure.grain"] != afterMap["measure.grain"]
        var changes = order.compactMap { field -> FieldChange? in
            guard before[field] != afterMap[field] else { return nil }
            // Weeks start on a day only while the grain is a week: a week_start that comes or goes with the grain
            // is the grain's change, not one the author made.
            if field == "measure.week_start", grainChanged, before[field] == nil || afterMap[field] == nil { return nil }
            // An sql measure's query for a dialect it had none for (a dialect added) changes no rows anyone read,
            // and one dropped leaves no view in that dialect to read: only a query rewritten is breaking.
            let queryComesOrGoes = field.hasPrefix("measure.queries.") && (before[field] == nil || afterMap[field] == nil)
            var change = FieldChange(field: field, before: shownBefore[field], after: shownAfter[field],
                                     breaking: DefinitionFields.isBreaking(field) && !queryComesOrGoes)
            if let items = DefinitionFields.itemChanges(field, old, new) {
                (change.added, change.removed, change.changed) = (items.added, items.removed, items.changed)
            }
            return change
        }
        // Where flatten lists them: after the other fields, before the changes entries.
        let history = changes.firstIndex { $0.field.hasPrefix("changes ") } ?? changes.endIndex
        changes.insert(contentsOf: brokenRangeChanges(old, new), at: history)
        return changes
    }

    /// Each broken range against the one it continues (pairedRanges): a range spelled anew (`v3.31` for `3.31`) is
    /// no change, a moved bound one range changed, not one removed and one added.
    static func brokenRangeChanges(_ old: Definition, _ new: Definition) -> [FieldChange] {
        let pairs = pairedRanges(old.broken, new.broken)
        var seen: [String: Int] = [:]
        func field(_ range: BrokenRange) -> String {
            let base = DefinitionFields.brokenRangeField + range.from.value.text
            seen[base, default: 0] += 1
            return seen[base]! == 1 ? base : "\(base) #\(seen[base]!)"
        }
        var changes: [FieldChange] = []
        for pair in pairs {
            let range = new.broken[pair.new]
            let previous = pair.old.map { old.broken[$0] }
            if let previous, DefinitionFields.sameRange(previous, range) { continue }
            changes.append(FieldChange(field: field(range), before: previous.map(DefinitionFields.describe),
                                       after: DefinitionFields.describe(range), breaking: false))
        }
        let continued = Set(pairs.compactMap(\.old))
        for (index, range) in old.broken.enumerated() where !continued.contains(index) {
            changes.append(FieldChange(field: field(range), before: DefinitionFields.describe(range), after: nil,
                                       breaking: false))
        }
        return changes
    }

    /// A breaking change to a released definition needs a new `changes` entry saying what changed and why.
    private mutating func checkBreaking(_ old: Definition, _ new: Definition, _ fields: [FieldChange]) {
        let breaking = fields.filter(\.breaking)
        guard !breaking.isEmpty, !Self.recordsNewChange(old, new) else { return }
        diagnostics.emit(.unrecordedBreakingChange,
                         "breaking change to '\(new.id.value)' (\(breaking.map(\.field).joined(separator: ", "))): its "
                             + "view returns different rows than at the base ref; record it in a new 'changes' "
                             + "entry (version, description, pr) so readers of the view know",
                         at: breaking.lazy.compactMap { DefinitionFields.changeSpan($0.field, old, new) }.first
                             ?? new.measure.aggregateSpan,
                         notes: breaking.dropFirst().compactMap { field in
                             DefinitionFields.changeSpan(field.field, old, new).map { .init("\(field.field) changed here", at: $0) }
                         })
    }

    /// Whether two views compile to other SQL in any dialect the work tree's project writes.
    static func compilesDifferently(_ before: CheckedView, in base: CheckedCatalog, _ after: CheckedView,
                                    in head: CheckedCatalog) -> Bool {
        head.settings.dialects.contains { dialect in
            RunnableSQL(catalog: base, dialect: dialect).createView(before)
                != RunnableSQL(catalog: head, dialect: dialect).createView(after)
        }
    }

    /// A `changes` entry the base did not have: one more entry than before, not an old one reworded (editing what
    /// was recorded does not record what changed now).
    static func recordsNewChange(_ old: Definition, _ new: Definition) -> Bool {
        let recorded = Set(old.changes.map(\.identity))
        return new.changes.count > old.changes.count && new.changes.contains { !recorded.contains($0.identity) }
    }

    /// A definition whose view changed under it, and what changed.
    struct Underneath {
        var definition: Definition
        var sources: [Source]
        /// "source 'events' (definitions/sources/events.yaml) and tally.yaml changed"
        var cause: String
        var definitionChanged: Bool
    }

    /// A definition whose own fields did not change in a breaking way, but whose view compiles to other SQL in a
    /// dialect of the project because what it reads changed under it (a source, tally.yaml, its group.yaml): its
    /// rows change all the same, so it needs a `changes` entry like any breaking change. The old definition is
    /// compiled in both surroundings, so that its own non-breaking edits (a broken range, a text) never count.
    private static func viewChangedUnderneath(_ old: Definition, _ new: Definition, _ views: Views,
                                              definitionChanged: Bool) -> Underneath? {
        guard let before = views.base.view(old.id.value) else { return nil }
        let head = views.head.catalog
        let sources = head.sourcesRead(by: new).compactMap { head.sources[$0] }.filter { views.changedFiles.contains($0.file) }
        let settingsChanged = views.changedFiles.contains("tally.yaml")
        let groupFile = "definitions/\(new.group)/group.yaml"
        let groupChanged = views.changedFiles.contains(groupFile)
        // Only these can change the SQL of a definition that did not change itself; a definition whose surroundings
        // are as they were is not compiled again (a diff of 10,000 definitions would compile them all twice).
        guard !sources.isEmpty || settingsChanged || groupChanged else { return nil }
        // The old definition in the work tree's surroundings: the work tree itself when the definition is unchanged.
        // Its file may have changed without any field changing (its events reordered): then too the old one is
        // compiled, so that only the surroundings are compared.
        let around: CheckedCatalog
        if definitionChanged || views.changedFiles.contains(new.file) || old.file != new.file {
            let swapped = head.definitions.map { $0.id.value == old.id.value ? old : $0 }
            guard case .success(let resolved) = CheckedCatalog.resolve(
                Catalog(settings: head.settings, sources: head.sources, groups: head.groups, definitions: swapped))
            else { return nil }
            around = resolved
        } else {
            around = views.head
        }
        guard let after = around.view(old.id.value),
              compilesDifferently(before, in: views.base, after, in: around) else { return nil }
        var causes = sources.map { "source '\($0.name)' (\($0.file))" }
        if settingsChanged { causes.append("tally.yaml") }
        if groupChanged { causes.append(groupFile) }
        return Underneath(definition: new, sources: sources, cause: causes.phrased("and") + " changed",
                          definitionChanged: definitionChanged)
    }

    /// Views changed under their definitions: one error each, or, where one change moved many views (a source's
    /// time zone under thousands of definitions), one error for that change naming the first of them, so that the
    /// report stays readable. Each still needs its own `changes` entry for the diff to pass.
    private mutating func report(_ found: [Underneath]) {
        let record = "record it in a new 'changes' entry (version, description, pr) so readers of the view know"
        for (cause, group) in Dictionary(grouping: found, by: \.cause).sorted(by: { $0.key < $1.key }) {
            guard group.count > Self.underneathListedEach else {
                for item in group {
                    let definition = item.definition
                    diagnostics.emit(.unrecordedBreakingChange,
                                     "breaking change to '\(definition.id.value)': "
                                         + (item.definitionChanged ? "" : "its definition is unchanged, but ")
                                         + "\(cause), so its view returns different rows than at the base ref; \(record)",
                                     at: definition.span(ofField: "source") ?? definition.id.span,
                                     // At its first key, not the file's first line (a modeline comment, say).
                                     notes: item.sources.map { .init("'\($0.name)' is declared here", at: $0.span) })
                }
                continue
            }
            let ids = group.map(\.definition.id.value)
            let place = group[0].sources.first.map(\.span) ?? .startOf("tally.yaml")
            // Each of them needs its entry, so each is named (up to a number a message can carry); the notes, which
            // only the human and GitHub forms show, point at the first few.
            let named = ids.prefix(Self.underneathNamed).joined(separator: ", ")
                + (ids.count > Self.underneathNamed ? ", and \(ids.count - Self.underneathNamed) more" : "")
            diagnostics.emit(.unrecordedBreakingChange,
                             "breaking change to \(group.count) definitions: \(cause), so their views return different "
                                 + "rows than at the base ref, and none of them records it (\(named)); \(record): in "
                                 + "each of them",
                             at: place,
                             notes: group.prefix(Self.underneathListedEach).map { item in
                                 .init("'\(item.definition.id.value)' reads it",
                                       at: item.definition.span(ofField: "source") ?? item.definition.id.span)
                             })
        }
    }

    /// Up to this many definitions moved by one change get an error each; more get one error for the change.
    static let underneathListedEach = 5
    /// How many of them that one error names.
    static let underneathNamed = 50

    /// What was removed from a definition's record: a broken range (its rows lose known_broken, so the pings page
    /// stops warning about those versions; a narrowed one is checkBrokenRanges') or a `changes` entry (the view's
    /// history forgets a change). Either may be a correction; a reviewer should see it.
    private mutating func checkHistoryKept(_ old: Definition, _ new: Definition) {
        let continued = Self.pairedRanges(old.broken, new.broken).compactMap(\.old)
        for (index, range) in old.broken.enumerated() where !continued.contains(index) {
            diagnostics.emit(.brokenRangeRemoved,
                             "broken range \(range.label) of '\(new.id.value)' was removed: its versions' rows are no "
                                 + "longer marked known_broken"
                                 + (range.reason.map { " (it said: \($0.value))" } ?? ""),
                             at: new.span(ofField: "broken") ?? new.id.span)
        }
        let entries = Set(new.changes.map(\.identity))
        let recorded = Set(old.changes.map(\.identity))
        // A reworded entry is found where the rewording is: the first entry the base did not have.
        let reworded = new.changes.first { !recorded.contains($0.identity) }?.version.span
        for lost in old.changes where !entries.contains(lost.identity) {
            diagnostics.emit(.changeEntryRemoved,
                             "'\(new.id.value)' no longer has the 'changes' entry \(lost.version.value.text): "
                                 + "\(lost.description.value) (removed or reworded): readers of its view lose that history",
                             at: (new.changes.count >= old.changes.count ? reworded : nil) ?? new.span(ofField: "changes")
                                 ?? new.id.span)
        }
    }

    /// Broken-version annotations are the pings page's promises: new, wider or narrower ranges are pointed out, a
    /// range closed without a fix link is refused (where fix links may point is tally check's: LinkRules). A range
    /// is compared with the one it continues (pairedRanges), so that a bound spelled anew (`v1.5.0` for `1.5`) is
    /// no change, and a moved start is a range widened or narrowed, not one removed and one added.
    private mutating func checkBrokenRanges(_ old: Definition, _ new: Definition) {
        let pairs = Self.pairedRanges(old.broken, new.broken)
        for (index, range) in new.broken.enumerated() {
            guard let previousIndex = pairs[index].old else {
                diagnostics.emit(.brokenRangeAdded,
                                 "new broken range \(range.label) for '\(new.id.value)'"
                                     + (range.reason.map { ": \($0.value)" } ?? ""),
                                 at: range.from.span)
                continue
            }
            let previous = old.broken[previousIndex]
            let startsEarlier = range.lowerBound < previous.lowerBound
            let startsLater = previous.lowerBound < range.lowerBound
            let endsLater = previous.upperBoundExclusive.map { old in range.upperBoundExclusive.map { old < $0 } ?? true } ?? false
            // Closing an open range is how a fix is recorded (C006 asks for its link), not a range narrowed.
            let endsEarlier = range.upperBoundExclusive.map { new in previous.upperBoundExclusive.map { new < $0 } ?? false } ?? false
            if startsEarlier || endsLater {
                diagnostics.emit(.brokenRangeWidened,
                                 "broken range of '\(new.id.value)' widened from \(previous.label) to \(range.label)",
                                 at: endsLater ? range.through?.span ?? range.from.span : range.from.span)
            }
            if startsLater || endsEarlier {
                diagnostics.emit(.brokenRangeRemoved,
                                 "broken range of '\(new.id.value)' narrowed from \(previous.label) to \(range.label): "
                                     + "rows of the versions in between are no longer marked known_broken",
                                 at: endsEarlier ? range.through?.span ?? range.from.span : range.from.span)
            }
            if previous.through == nil, let through = range.through, range.fix == nil {
                diagnostics.emit(.rangeClosedWithoutFix,
                                 "broken range \(range.label) of '\(new.id.value)' is closed in this change without "
                                     + "a 'fix' link; link the pull request that fixed it",
                                 at: through.span)
            }
        }
    }

    /// Each new range with the old one it continues, by index: the old range starting at the same release
    /// (however spelled), else the first old range it overlaps; each old range continues at most one new range.
    /// A new range with no old one is new; an old range no new one continues was removed.
    static func pairedRanges(_ old: [BrokenRange], _ new: [BrokenRange]) -> [(old: Int?, new: Int)] {
        var taken = Set<Int>()
        func claim(_ candidate: (BrokenRange) -> Bool) -> Int? {
            guard let index = old.indices.first(where: { !taken.contains($0) && candidate(old[$0]) }) else { return nil }
            taken.insert(index)
            return index
        }
        var pairs = new.indices.map { index in (old: claim { $0.lowerBound == new[index].lowerBound }, new: index) }
        for position in pairs.indices where pairs[position].old == nil {
            let range = new[pairs[position].new]
            pairs[position].old = claim { $0.overlaps(range) }
        }
        return pairs
    }
}

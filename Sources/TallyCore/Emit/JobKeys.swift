/// The key of each group job: a hash of every input byte its files and pieces can depend on, so that a later build
/// whose inputs give a job the same key may take that job's output from generated/ instead of rendering it.
///
/// A group job renders its definitions' views (SQL files, pieces of views.sql, fixtures) from the checked catalog.
/// What reaches them: the definitions themselves, the views they read (ratio and formula inputs, transitively:
/// `withInputs`), and the catalog's settings, sources and groups, which any view may read (dialects, a source's
/// columns, a group's defaults). Each definition decodes from its file alone, so the job's key is made of the
/// bytes of its definitions' files and their inputs' files, every file that is not a definition (tally.yaml
/// without its current_version line, which no job but versions.md reads: SettingsAsRendered; sources, group.yaml),
/// the slice it is (group, part), and the generator's identity. Anything else a renderer
/// might one day read from the catalog would have to be added here; IncrementalBuildTests compares builds that
/// reuse jobs with builds that do not, over edits of every kind of file.
struct JobKeys: Sendable {
    let inputs: InputHashes
    /// Every file that is not a definition, tally.yaml as rendering reads it: without its current_version line
    /// (SettingsAsRendered), which docs/versions.md alone shows and names among its facts.
    private var common: [UInt8] { inputs.rendered }

    /// The key of a job that names its inputs (a docs page, a group's dbt models or LookML views); nil when one of its files was not among the inputs.
    func key(of inputs: JobInputs) -> String? {
        var hasher = KeyHasher()
        hasher.add(common)
        // A slice's key goes on with its group's name, which holds no NUL: the two kinds of key never meet.
        hasher.add("\u{0}" + inputs.label)
        hasher.add(inputs.catalogFacts)
        hasher.add(UInt64(inputs.definitionFiles.count))
        // In byte order: sorted as Strings, a docs page's or a group's 50 to 150 paths were half of making its key
        // (57 of 103 million instructions for 607 keys of a one-edit build with exports at 10,000 definitions).
        guard self.inputs.add(ByteOrder.sorted(Array(inputs.definitionFiles)), to: &hasher) else { return nil }
        return hasher.finish()
    }

    /// The slice's key; nil when one of its files was not among the inputs (then the job is neither reused nor
    /// remembered).
    func key(of slice: ViewGroup) -> String? {
        var hasher = KeyHasher()
        hasher.add(common)
        hasher.add(slice.name)
        hasher.add(UInt64(slice.part ?? 0))
        hasher.add(UInt64(slice.views.count))
        let members = Set(slice.views.map(\.id))
        var read: Set<String> = []
        guard inputs.add(slice.views.map(\.definition.file), to: &hasher) else { return nil }
        for view in slice.views {
            for input in view.withInputs where !members.contains(input.id) { read.insert(input.definition.file) }
        }
        hasher.add(UInt64(read.count))
        guard inputs.add(ByteOrder.sorted(Array(read)), to: &hasher) else { return nil }
        return hasher.finish()
    }
}

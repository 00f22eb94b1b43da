/// A source's `key` and `joins`: each join must reach one row of its target at most, so its `on` maps the source's
/// columns onto exactly the key its target declares, column for column of one type; and the names joins bring into
/// the rows layer never clash with the source's own.
extension Validator {
    mutating func checkKey(of source: Source) {
        var seen: Set<String> = []
        for column in source.key {
            guard seen.insert(column.value).inserted else {
                emit(.duplicateName, "'key' lists column '\(column.value)' twice", at: column.span)
                continue
            }
            if source.column(column.value) == nil {
                emit(.unknownColumn,
                     "'key' names column '\(column.value)', which '\(source.name)' does not declare"
                         + suggest(column.value, among: source.columns.map(\.name.value)),
                     at: column.span)
            }
        }
    }

    mutating func checkJoins(of source: Source) {
        for join in source.joins {
            checkJoinName(join, of: source)
            guard let target = join.target else {
                if !unloadable.contains(join.targetName.value) {
                    emit(.unknownSource,
                         "join '\(join.name.value)' reads source '\(join.targetName.value)', which is not in "
                             + "definitions/sources/" + suggest(join.targetName.value, among: catalog.sources.keys),
                         at: join.targetName.span)
                }
                continue
            }
            checkOn(join, of: source, target: target)
        }
    }

    /// A join's name stands where a column's would, and its columns are renamed `join__column` beside the
    /// source's own: neither may be taken already.
    private mutating func checkJoinName(_ join: SourceJoin, of source: Source) {
        let name = join.name.value
        if let column = source.column(name) {
            emit(.duplicateName,
                 "join '\(name)' has the name of a column of '\(source.name)'; `\(name).x` would be ambiguous, so "
                     + "name the join apart (`other_name: {source: \(join.targetName.value), on: ...}`)",
                 at: join.name.span, notes: [.init("the column", at: column.name.span)])
        }
        if name == source.name {
            emit(.duplicateName,
                 "join '\(name)' has the name of its own source; name it after the role its rows play "
                     + "(`parent: {source: \(join.targetName.value), on: ...}`)",
                 at: join.name.span)
        }
        for column in join.target?.columns ?? [] {
            let alias = join.columnAlias(column.name.value)
            if let clash = source.column(alias) {
                emit(.duplicateName,
                     "column '\(alias)' of '\(source.name)' has the name tally gives '\(name).\(column.name.value)' "
                         + "in its SQL; rename the join",
                     at: join.name.span, notes: [.init("the column", at: clash.name.span)])
            }
        }
    }

    private mutating func checkOn(_ join: SourceJoin, of source: Source, target: Source) {
        var resolved = true
        for pair in join.on {
            let local = source.column(pair.local.value)
            let remote = target.column(pair.target.value)
            if local == nil {
                resolved = false
                emit(.unknownColumn,
                     "join '\(join.name.value)' matches on column '\(pair.local.value)', which '\(source.name)' "
                         + "does not declare" + suggest(pair.local.value, among: source.columns.map(\.name.value)),
                     at: pair.local.span)
            }
            if remote == nil {
                resolved = false
                emit(.unknownColumn,
                     "join '\(join.name.value)' matches column '\(pair.target.value)' of '\(target.name)', which it "
                         + "does not declare" + suggest(pair.target.value, among: target.columns.map(\.name.value)),
                     at: pair.target.span)
            }
            if let local, let remote, local.type.value != remote.type.value {
                emit(.columnTypeMismatch,
                     "join '\(join.name.value)' matches '\(pair.local.value)' (\(local.type.value.rawValue)) with "
                         + "'\(target.name).\(pair.target.value)' (\(remote.type.value.rawValue)); joined columns "
                         + "have one type",
                     at: pair.target.span)
            }
        }
        guard resolved else { return }
        let key = target.key.map(\.value)
        let matched = join.on.map(\.target.value)
        guard !key.isEmpty else {
            emit(.joinNotOnKey,
                 "join '\(join.name.value)' reads '\(target.name)', which declares no 'key'; declare the columns "
                     + "that identify its rows (`key: \(matched.joined(separator: ", "))` if they do), so each row "
                     + "matches one of its rows at most",
                 at: join.name.span)
            return
        }
        guard Set(matched) == Set(key), matched.count == key.count else {
            emit(.joinNotOnKey,
                 "join '\(join.name.value)' matches '\(target.name)' on \(matched.joined(separator: ", ")), not on "
                     + "its key (\(key.joined(separator: ", "))): a row could match several of its rows and be "
                     + "counted more than once; match exactly the key columns",
                 at: join.name.span, notes: [.init("the key", at: target.key[0].span)])
            return
        }
    }
}

/// `added` and broken ranges against each other and against the project's current release.
extension Validator {
    /// A replacement readers can move to: not deprecated itself (the docs and `tally versions` would send them on
    /// to another, or back), and there from the release the definition is deprecated in. Only the replacement's own
    /// file is read, which the definition's ValidationStore key already covers.
    private mutating func checkReplacement(_ other: Definition, of definition: Definition, deprecated: Deprecation,
                                           at replacement: Located<String>) {
        if let further = other.deprecated {
            if further.replacedBy?.value == definition.id.value {
                emit(.referenceCycle,
                     "'\(definition.id.value)' and '\(other.id.value)' are deprecated each in favour of the other; "
                         + "name a definition in use, or drop 'replaced_by'",
                     at: replacement.span, notes: [.init("'\(other.id.value)' is replaced by this one", at: further.span)])
            } else {
                emit(.replacementNotUsable,
                     "'\(other.id.value)' is itself deprecated since \(further.version.value.text)"
                         + (further.replacedBy.map { "; name its replacement '\($0.value)' instead" } ?? ""),
                     at: replacement.span, notes: [.init("deprecated here", at: further.span)])
            }
        }
        if let added = other.added, deprecated.version.value.lowerBound < added.value.lowerBound {
            emit(.replacementNotUsable,
                 "'\(other.id.value)' is added in \(added.value.text), after this definition is deprecated in "
                     + "\(deprecated.version.value.text): releases in between have nothing to move to",
                 at: replacement.span, notes: [.init("added here", at: added.span)])
        }
    }

    mutating func checkVersions(_ definition: Definition) {
        let current = catalog.settings.currentVersion.value
        func checkNotLater(_ version: Located<Version>, _ what: String, validator: inout Validator) {
            if version.value.isLater(than: current) {
                validator.emit(.versionAfterCurrent,
                               "\(what) \(version.value.text) is later than current_version \(current.text) in tally.yaml",
                               at: version.span)
            }
        }
        if let added = definition.added { checkNotLater(added, "'added'", validator: &self) }
        // A deprecation or a change before the definition existed would be listed on upgrades that never had it.
        func checkNotBeforeAdded(_ version: Located<Version>, _ what: String, validator: inout Validator) {
            guard let added = definition.added, version.value.lowerBound < added.value.lowerBound else { return }
            validator.emit(.rangeBeforeAdded,
                           "\(what) \(version.value.text) is before '\(definition.id.value)' was added in \(added.value.text)",
                           at: version.span, notes: [.init("added here", at: added.span)])
        }
        if let deprecated = definition.deprecated {
            checkNotLater(deprecated.version, "'deprecated.version'", validator: &self)
            checkNotBeforeAdded(deprecated.version, "'deprecated.version'", validator: &self)
            if let replacement = deprecated.replacedBy {
                if replacement.value == definition.id.value {
                    emit(.unknownDefinition, "a definition cannot be replaced by itself", at: replacement.span)
                } else if let other = catalog.definition(replacement.value) {
                    checkReplacement(other, of: definition, deprecated: deprecated, at: replacement)
                } else if !unloadable.contains(replacement.value) {
                    emit(.unknownDefinition,
                         "no definition '\(replacement.value)' to replace this one"
                             + suggest(replacement.value,
                                       among: catalog.definitions.map(\.id.value).filter { $0 != definition.id.value }),
                         at: replacement.span)
                }
            }
        }
        var previousChange: Located<Version>?
        for change in definition.changes {
            checkNotLater(change.version, "'changes' version", validator: &self)
            checkNotBeforeAdded(change.version, "'changes' version", validator: &self)
            if let previousChange, change.version.value.lowerBound < previousChange.value.lowerBound {
                emit(.rangesUnsorted,
                     "'changes' must be in release order: \(change.version.value.text) comes after "
                         + previousChange.value.text,
                     at: change.version.span, notes: [.init("the previous change", at: previousChange.span)])
            }
            previousChange = change.version
        }
        var previous: BrokenRange?
        for range in definition.broken {
            checkNotLater(range.from, "'from'", validator: &self)
            // A range that ends before it starts is its one error: asked for its fix link too, it was told to link a
            // fix for releases it names wrongly.
            var reversed = false
            if let through = range.through {
                checkNotLater(through, "'through'", validator: &self)
                if !(range.lowerBound < through.value.upperBoundExclusive) {
                    reversed = true
                    emit(.rangeReversed,
                         "broken range \(range.from.value.text)-\(through.value.text) ends before it starts",
                         at: through.span)
                }
            }
            if let added = definition.added, range.lowerBound < added.value.lowerBound {
                emit(.rangeBeforeAdded,
                     "broken range starts at \(range.from.value.text), before '\(definition.id.value)' was added in "
                         + added.value.text,
                     at: range.from.span, notes: [.init("added here", at: added.span)])
            }
            if let previous {
                if range.lowerBound < previous.lowerBound {
                    emit(.rangesUnsorted,
                         "broken ranges must be in release order: \(range.label) comes after \(previous.label)",
                         at: range.from.span, notes: [.init("the previous range", at: previous.from.span)])
                } else if previous.upperBoundExclusive.map({ range.lowerBound < $0 }) ?? true {
                    emit(.rangesOverlap,
                         "broken range \(range.label) overlaps \(previous.label); merge them or make them disjoint",
                         at: range.from.span, notes: [.init("the range it overlaps", at: previous.from.span)])
                }
            }
            if range.reason == nil {
                emit(.rangeWithoutReason,
                     "broken range \(range.label) has no 'reason'; say what is wrong with the data", at: range.from.span)
            }
            if range.through == nil, let fix = range.fix {
                // Still broken and fixed at once: the docs and `tally versions` would say both.
                emit(.openRangeWithFix,
                     "broken range \(range.label) has a 'fix' but no 'through': give the last broken release, or "
                         + "remove the fix while it is still broken",
                     at: fix.span)
            } else if range.through == nil {
                emit(.rangeOpen,
                     "broken range \(range.label) is open: '\(definition.id.value)' is still broken in every release since "
                         + range.from.value.text,
                     at: range.from.span)
            } else if range.fix == nil, !reversed {
                emit(.rangeWithoutFix, "broken range \(range.label) is closed but has no 'fix' link to the pull "
                         + "request that fixed it", at: range.from.span)
            }
            previous = range
        }
    }

    /// Funnel steps and event codes describe the events a definition reads; a name that matches none is a typo.
    mutating func checkEventDocs(_ definition: Definition) {
        let patterns = definition.events.map(\.value)
        let codes = definition.eventCodes.map(\.name.value)
        guard !patterns.isEmpty || !codes.isEmpty else {
            for step in definition.funnels.flatMap(\.steps).flatMap({ $0 }) {
                emit(.unknownEvent, "funnel step '\(step.value)' is not among the definition's events or event codes",
                     at: step.span)
            }
            return
        }
        for step in definition.funnels.flatMap(\.steps).flatMap({ $0 }) {
            let known = codes.contains(step.value) || patterns.contains { EventPattern.matches($0, step.value) }
            if !known {
                emit(.unknownEvent,
                     "funnel step '\(step.value)' is not among the definition's events or event codes"
                         + suggest(step.value, among: patterns + codes),
                     at: step.span)
            }
        }
    }
}

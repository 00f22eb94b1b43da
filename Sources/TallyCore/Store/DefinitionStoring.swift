/// A definition as the decoded store keeps it: every field in the order of its declaration, the measure by
/// MeasureStoring. What is read back is the definition its YAML decoded to, span for span.
extension StoreWriter {
    mutating func definition(_ definition: Definition) {
        located(definition.id)
        string(definition.group)
        string(definition.file)
        located(definition.kind) { $0.choice($1) }
        located(definition.title)
        optional(definition.type) { $0.located($1) { $0.choice($1) } }
        string(definition.definition)
        string(definition.rationale)
        optional(definition.implementation) { $0.string($1) }
        optional(definition.considerations) { $0.string($1) }
        sourceReference(definition.source)
        list(definition.events) { $0.located($1) }
        list(definition.excludeEvents) { $0.located($1) }
        list(definition.eventCodes) { writer, code in
            writer.located(code.name)
            writer.optional(code.description) { $0.string($1) }
            writer.optional(code.search) { $0.string($1) }
            writer.optional(code.link) { $0.located($1) }
        }
        optional(definition.eventCodeLink) { $0.located($1) }
        list(definition.funnels) { writer, funnel in
            writer.string(funnel.name)
            writer.list(funnel.steps) { $0.list($1) { $0.located($1) } }
        }
        measure(definition.measure)
        list(definition.prs) { $0.located($1) }
        optional(definition.added) { $0.located($1) { $0.version($1) } }
        list(definition.broken) { $0.brokenRange($1) }
        list(definition.owners) { $0.string($1) }
        examples(definition.exampleList)
        optional(definition.deprecated) { writer, deprecation in
            writer.located(deprecation.version) { $0.version($1) }
            writer.located(deprecation.reason)
            writer.optional(deprecation.replacedBy) { $0.located($1) }
            writer.span(deprecation.span)
        }
        list(definition.changes) { writer, change in
            writer.located(change.version) { $0.version($1) }
            writer.located(change.description)
            writer.optional(change.pr) { $0.located($1) }
            writer.span(change.span)
        }
        list(definition.noLint) { writer, exception in
            writer.located(exception.rule) { $0.string($1.rawValue) }
            writer.located(exception.reason)
        }
        keySpans(definition.keySpans)
    }

    private mutating func sourceReference(_ source: SourceReference) {
        optional(source.table) { $0.located($1) }
        optional(source.description) { $0.string($1) }
        list(source.dashboards) { writer, dashboard in
            writer.string(dashboard.title)
            writer.located(dashboard.url)
            writer.optional(dashboard.chart) { $0.string($1) }
        }
    }

    private mutating func brokenRange(_ range: BrokenRange) {
        located(range.from) { $0.version($1) }
        optional(range.through) { $0.located($1) { $0.version($1) } }
        optional(range.reason) { $0.located($1) }
        optional(range.fix) { $0.located($1) }
        span(range.span)
    }

    /// The examples as one block, which a reader passes over and reads only when they are asked for (ExampleList).
    private mutating func examples(_ list: ExampleList) {
        var examples = StoreWriter(file: file, capacity: 256)
        examples.list(list.examples) { $0.example($1) }
        block(examples)
    }

    private mutating func example(_ example: Example) {
        located(example.name)
        list(example.given) { writer, given in
            writer.located(given.source)
            writer.list(given.rows) { $0.exampleRow($1) }
        }
        list(example.expect) { $0.exampleRow($1) }
        span(example.expectSpan)
    }

    private mutating func exampleRow(_ row: ExampleRow) {
        span(row.span)
        list(row.cells) { writer, cell in
            writer.located(cell.column)
            writer.located(cell.value) { $0.exampleValue($1) }
        }
    }
}

extension StoreReader {
    mutating func definition() throws -> Definition {
        Definition(
            id: try located(),
            group: try string(),
            file: try string(),
            kind: try located { try $0.choice() },
            title: try located(),
            type: try optional { try $0.located { try $0.choice() } },
            definition: try string(),
            rationale: try string(),
            implementation: try optional { try $0.string() },
            considerations: try optional { try $0.string() },
            source: try sourceReference(),
            events: try list { try $0.located() },
            excludeEvents: try list { try $0.located() },
            eventCodes: try list { reader in
                EventCode(name: try reader.located(), description: try reader.optional { try $0.string() },
                          search: try reader.optional { try $0.string() },
                          link: try reader.optional { try $0.located() })
            },
            eventCodeLink: try optional { try $0.located() },
            funnels: try list { reader in
                Funnel(name: try reader.string(), steps: try reader.list { try $0.list { try $0.located() } })
            },
            measure: try measure(),
            prs: try list { try $0.located() },
            added: try optional { try $0.located { try $0.version() } },
            broken: try list { try $0.brokenRange() },
            owners: try list { try $0.string() },
            examples: try exampleList(),
            deprecated: try optional { reader in
                Deprecation(version: try reader.located { try $0.version() }, reason: try reader.located(),
                            replacedBy: try reader.optional { try $0.located() }, span: try reader.span())
            },
            changes: try list { reader in
                RecordedChange(version: try reader.located { try $0.version() }, description: try reader.located(),
                               pr: try reader.optional { try $0.located() }, span: try reader.span())
            },
            noLint: try list { reader in
                LintException(rule: try reader.located { reader in
                    guard let code = DiagnosticCode(rawValue: try reader.string()) else { throw StoreDamage() }
                    return code
                }, reason: try reader.located())
            },
            keySpans: try keySpans())
    }

    private mutating func sourceReference() throws -> SourceReference {
        SourceReference(table: try optional { try $0.located() }, description: try optional { try $0.string() },
                        dashboards: try list { reader in
                            Dashboard(title: try reader.string(), url: try reader.located(),
                                      chart: try reader.optional { try $0.string() })
                        })
    }

    private mutating func brokenRange() throws -> BrokenRange {
        BrokenRange(from: try located { try $0.version() },
                    through: try optional { try $0.located { try $0.version() } },
                    reason: try optional { try $0.located() }, fix: try optional { try $0.located() }, span: try span())
    }

    /// The examples' block, proven whole by its hash now and read when the examples are first asked for: the
    /// store's pages are let go when the check ends, so the block is copied. A block that hashes as written reads
    /// back (DecodedStoreTests reads every kind of value back); one that does not (only a store made by hand could
    /// hold it) reads as no examples, never as a crash.
    private mutating func exampleList() throws -> ExampleList {
        let block = try self.block()
        var counter = StoreReader(block, file: file)
        let count = try counter.count()
        guard count > 0 else {
            guard counter.atEnd else { throw StoreDamage() }
            return ExampleList([])
        }
        let bytes = Array(block)
        let file = self.file
        return ExampleList(count: count) {
            bytes.withUnsafeBytes { buffer in
                var reader = StoreReader(buffer, file: file)
                guard let examples = try? reader.list({ try $0.example() }), reader.atEnd else { return [] }
                return examples
            }
        }
    }

    private mutating func example() throws -> Example {
        Example(name: try located(),
                given: try list { reader in
                    (source: try reader.located(), rows: try reader.list { try $0.exampleRow() })
                },
                expect: try list { try $0.exampleRow() },
                expectSpan: try span())
    }

    private mutating func exampleRow() throws -> ExampleRow {
        ExampleRow(span: try span(), cells: try list { reader in
            (column: try reader.located(), value: try reader.located { try $0.exampleValue() })
        })
    }
}

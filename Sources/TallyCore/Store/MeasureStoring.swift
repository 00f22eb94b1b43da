/// A measure as the decoded store keeps it: its kind by case, then exactly that case's parts.
extension StoreWriter {
    mutating func measure(_ measure: Measure) {
        span(measure.span)
        span(measure.aggregateSpan)
        optional(measure.fill) { $0.located($1) { $0.choice($1) } }
        keySpans(measure.keySpans)
        choice(measure.aggregate)
        switch measure.kind {
        case .count(let events): self.events(events)
        case .uniqueUsers(let people), .firstTimeUsers(let people), .growthAccounting(let people): self.people(people)
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values):
            self.values(values)
        case .percentile(let percentile):
            values(percentile.values)
            located(percentile.fraction) { $0.double($1) }
        case .retention(let retention): self.retention(retention)
        case .funnel(let funnel):
            people(funnel.people)
            located(funnel.within) { writer, window in
                writer.int(window.count)
                writer.choice(window.unit)
            }
            list(funnel.steps) { writer, step in
                writer.located(step.name)
                writer.list(step.events) { $0.located($1) }
            }
        case .ratio(let ratio):
            period(ratio.period)
            input(ratio.numerator)
            input(ratio.denominator)
        case .formula(let formula):
            period(formula.period)
            located(formula.expression) { $0.formula($1) }
        case .sql(let query):
            period(query.period)
            list(query.reads) { $0.located($1) }
            list(query.columns) { writer, column in
                writer.located(column.name)
                writer.located(column.type) { $0.choice($1) }
            }
            // In the dialects' order: a dictionary's own order differs from run to run.
            list(query.queries.sorted { $0.key < $1.key }) { writer, entry in
                writer.choice(entry.key)
                writer.located(entry.value)
            }
        }
    }

    /// As a block, which a reader keeps without reading (StoredKeySpans).
    mutating func keySpans(_ spans: KeySpans) {
        var block = StoreWriter(file: file, capacity: 256)
        block.list(spans.entries) { writer, entry in
            writer.string(entry.key)
            writer.span(entry.span)
        }
        self.block(block)
    }

    private mutating func events(_ events: Measure.Events) {
        located(events.grain) { $0.choice($1) }
        choice(events.weekStart)
        optional(events.timeZone) { $0.located($1) { $0.timeZone($1) } }
        list(events.groupBy) { $0.located($1) { $0.fieldPath($1) } }
        list(events.filters) { $0.filter($1) }
        optional(events.window) { $0.located($1) { $0.window($1) } }
        optional(events.snapshot) { $0.located($1) { $0.choice($1) } }
    }

    private mutating func people(_ people: Measure.People) {
        events(people.events)
        optional(people.identity) { $0.located($1) { $0.choice($1) } }
        optional(people.atLeast) { $0.threshold($1) }
    }

    private mutating func values(_ values: Measure.Values) {
        events(values.events)
        located(values.field) { $0.fieldPath($1) }
    }

    private mutating func period(_ period: Measure.Period) {
        optional(period.grain) { $0.located($1) { $0.choice($1) } }
        optional(period.weekStart) { $0.located($1) { $0.choice($1) } }
    }

    private mutating func retention(_ retention: Measure.Retention) {
        optional(retention.identity) { $0.located($1) { $0.choice($1) } }
        optional(retention.timeZone) { $0.located($1) { $0.timeZone($1) } }
        list(retention.filters) { $0.filter($1) }
        list(retention.cohortEvents) { $0.located($1) }
        located(retention.cohortGrain) { $0.choice($1) }
        choice(retention.weekStart)
        list(retention.offsets) { $0.located($1) { $0.int($1) } }
        optional(retention.returns) { $0.located($1) { $0.choice($1) } }
    }
}

extension StoreReader {
    mutating func measure() throws -> Measure {
        let span = try span()
        let aggregateSpan = try self.span()
        let fill: Located<Fill>? = try optional { try $0.located { try $0.choice() } }
        let keySpans = try keySpans()
        let kind: Measure.Kind
        switch try choice() as Aggregate {
        case .count: kind = .count(try events())
        case .uniqueUsers: kind = .uniqueUsers(try people())
        case .firstTimeUsers: kind = .firstTimeUsers(try people())
        case .growthAccounting: kind = .growthAccounting(try people())
        case .sum: kind = .sum(try values())
        case .average: kind = .average(try values())
        case .min: kind = .min(try values())
        case .max: kind = .max(try values())
        case .countDistinct: kind = .countDistinct(try values())
        case .median: kind = .median(try values())
        case .percentile:
            kind = .percentile(Measure.Percentile(values: try values(), fraction: try located { reader in
                let fraction = try reader.double()
                guard fraction > 0, fraction < 1 else { throw StoreDamage() }
                return fraction
            }))
        case .retention: kind = .retention(try retention())
        case .funnel: kind = .funnel(try funnel())
        case .ratio:
            kind = .ratio(Measure.Ratio(period: try period(), numerator: try input(), denominator: try input()))
        case .formula:
            kind = .formula(Measure.Formula(period: try period(), expression: try located { try $0.formula() }))
        case .sql: kind = .sql(try query())
        }
        return Measure(span: span, aggregateSpan: aggregateSpan, kind: kind, fill: fill, keySpans: keySpans)
    }

    mutating func keySpans() throws -> KeySpans {
        KeySpans(stored: StoredKeySpans(bytes: Array(try block()), file: file))
    }

    private mutating func events() throws -> Measure.Events {
        Measure.Events(grain: try located { try $0.choice() },
                       weekStart: try choice(),
                       timeZone: try optional { try $0.located { try $0.timeZone() } },
                       groupBy: try list { try $0.located { try $0.fieldPath() } },
                       filters: try list { try $0.filter() },
                       window: try optional { try $0.located { try $0.window() } },
                       snapshot: try optional { try $0.located { try $0.choice() } })
    }

    private mutating func people() throws -> Measure.People {
        Measure.People(events: try events(), identity: try optional { try $0.located { try $0.choice() } },
                       atLeast: try optional { try $0.threshold() })
    }

    private mutating func values() throws -> Measure.Values {
        Measure.Values(events: try events(), field: try located { try $0.fieldPath() })
    }

    private mutating func period() throws -> Measure.Period {
        Measure.Period(grain: try optional { try $0.located { try $0.choice() } },
                       weekStart: try optional { try $0.located { try $0.choice() } })
    }

    private mutating func retention() throws -> Measure.Retention {
        Measure.Retention(identity: try optional { try $0.located { try $0.choice() } },
                          timeZone: try optional { try $0.located { try $0.timeZone() } },
                          filters: try list { try $0.filter() },
                          cohortEvents: try list { try $0.located() },
                          cohortGrain: try located { try $0.choice() },
                          weekStart: try choice(),
                          offsets: try list { try $0.located { try $0.int(in: RetentionDecoder.offsetRange) } },
                          returns: try optional { try $0.located { try $0.choice() } })
    }

    private mutating func funnel() throws -> Measure.Funnel {
        let people = try people()
        let within = try located { reader in
            let count = try reader.int()
            let unit: ConversionWindow.Unit = try reader.choice()
            guard ConversionWindow.ranges[unit]?.contains(count) == true else { throw StoreDamage() }
            return ConversionWindow(count: count, unit: unit)
        }
        let steps = try list { reader in
            Measure.FunnelStep(name: try reader.located(), events: try reader.list { try $0.located() })
        }
        return Measure.Funnel(people: people, within: within, steps: steps)
    }

    private mutating func query() throws -> Measure.Query {
        let period = try period()
        let reads = try list { try $0.located() }
        let columns = try list { reader in
            (name: try reader.located(), type: try reader.located { try $0.choice() } as Located<ColumnType>)
        }
        var queries: [Dialect: Located<String>] = [:]
        for (dialect, query) in try list({ reader in (try reader.choice() as Dialect, try reader.located()) }) {
            queries[dialect] = query
        }
        return Measure.Query(period: period, reads: reads, columns: columns, queries: queries)
    }
}

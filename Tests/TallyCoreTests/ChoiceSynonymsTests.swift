import Testing
@testable import TallyCore

/// Every synonym names a value its choice has, and none is itself a value (which would never be suggested).
@Suite struct ChoiceSynonymsTests {
    static func check<Value: ChoiceSynonyms & RawRepresentable & CaseIterable>(_ type: Value.Type)
    where Value.RawValue == String {
        let values = Set(Value.allCases.map(\.rawValue))
        for (other, meant) in Value.synonyms {
            #expect(values.contains(meant), "\(Value.self): '\(other)' means '\(meant)', which is no value")
            #expect(!values.contains(other), "\(Value.self): '\(other)' is a value, not another name")
            #expect(other == other.lowercased(), "\(Value.self): '\(other)' is looked up lowercased")
        }
    }

    @Test func everySynonymMeansAValue() {
        Self.check(ColumnType.self)
        Self.check(Grain.self)
        Self.check(Aggregate.self)
    }

    /// The slips a new user made, each answered with the value meant.
    @Test func aGrainAdjectiveAndAnotherToolsAggregateAreSuggested() {
        let context = DecodeContext(file: "d.yaml")
        let span = SourceSpan.startOf("d.yaml")
        let _: Located<Grain>? = MappingReader.choice(Located("weekly", at: span), "'grain'", context: context)
        let _: Located<Aggregate>? = MappingReader.choice(Located("distinct_users", at: span), "'aggregate'", context: context)
        #expect(context.diagnostics.diagnostics.map(\.message) == [
            "'grain' cannot be 'weekly'; did you mean 'week'?",
            "'aggregate' cannot be 'distinct_users'; did you mean 'unique_users'?",
        ])
    }
}

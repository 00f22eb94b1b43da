/// A ratio or formula in use that reads a deprecated definition: that input's view goes when the deprecation ends
/// in its deletion, and the reader with it (R003 then). Said while there is time to move to the replacement. A
/// deprecated reader is going too, and is left alone. The inputs are in the definition's ValidationStore key.
extension Validator {
    mutating func checkDeprecatedInputs(_ definition: Definition) {
        guard definition.deprecated == nil else { return }
        var seen: Set<String> = []
        for input in definition.measure.inputs where seen.insert(input.value).inserted {
            guard let read = catalog.definition(input.value), let deprecation = read.deprecated else { continue }
            emit(.readsDeprecated,
                 "'\(definition.id.value)' reads '\(read.id.value)', deprecated since \(deprecation.version.value.text)"
                     + (deprecation.replacedBy.map { ": read its replacement '\($0.value)' instead" }
                        ?? ": its view goes when it is deleted"),
                 at: input.span, notes: [.init("deprecated here", at: deprecation.span)])
        }
    }
}

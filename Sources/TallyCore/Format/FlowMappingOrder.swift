/// Puts the entries of a flow mapping written on one line (`measure: {grain: week, aggregate: count}`) in order,
/// each entry's text kept as written and joined by ", ". A flow mapping over several lines is left as written:
/// moving its text could not keep its line breaks and comments where they were.
enum FlowMappingOrder {
    /// The line holding `mapping` with its entries in `order`, or nil when it is not a one-line flow mapping or
    /// is in order already.
    static func reordered(_ mapping: YAMLNode, in line: String, order: [String]) -> String? {
        guard case .mapping(let entries) = mapping.content, !entries.isEmpty,
              mapping.span.start.line == mapping.span.end.line else { return nil }
        var scalars = Array(line.unicodeScalars)
        let open = mapping.span.start.column - 1
        let close = mapping.span.end.column - 1
        guard open < close, close <= scalars.count, scalars[open] == "{", scalars[close - 1] == "}" else { return nil }
        let rank = { (key: String) in order.firstIndex(of: key) ?? order.count }
        let sorted = entries.enumerated().sorted { (rank($0.element.key.value), $0.offset) < (rank($1.element.key.value), $1.offset) }
        guard sorted.map(\.offset) != Array(entries.indices) else { return nil }
        var texts: [String] = []
        for entry in sorted.map(\.element) {
            let start = entry.key.span.start.column - 1
            let end = entry.value.span.end.column - 1
            guard entry.value.span.end.line == mapping.span.start.line, open < start, start < end, end < close else {
                return nil
            }
            texts.append(String(String.UnicodeScalarView(scalars[start..<end])))
        }
        scalars.replaceSubrange(open..<close, with: Array(("{" + texts.joined(separator: ", ") + "}").unicodeScalars))
        return String(String.UnicodeScalarView(scalars))
    }
}

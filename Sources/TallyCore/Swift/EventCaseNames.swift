/// The case names of EventName.swift: each event name in lowerCamelCase (SwiftLiteral.identifier), made unique.
///
/// Names that make one case name share it out by a rule a test author can follow: the plain case name goes to a
/// name that loses nothing to it but its first letter's case (ASCII letters and digits only: "SearchSubmitted"),
/// the first of them in byte order ("InsightHover" before "insightHover"); the others are numbered in that order,
/// 2, 3, ... (`searchSubmitted2`; `_2` after a name ending in a digit: `insightHover2_2`), skipping every case name
/// another name already makes and the names the enum has itself (`allCases`, `rawValue`), which a case of that
/// name would hide. So adding "Search-Submitted" beside "SearchSubmitted" leaves `.searchSubmitted` meaning what
/// it did.
enum EventCaseNames {
    /// What EventName has from its protocols (CaseIterable, RawRepresentable, Hashable), which no case may be named.
    static let taken: Set<String> = ["`allCases`", "`rawValue`", "`hashValue`", "`init`", "`self`", "`Type`",
                                     "`AllCases`", "`RawValue`", "`hash`"]

    /// A case name for each of `names` (distinct), in their order.
    static func identifiers(for names: [String]) -> [String] {
        let plain = names.map(SwiftLiteral.identifier)
        var used = taken
        var result = [String?](repeating: nil, count: names.count)
        // The lossless names first, then the rest, each in byte order: a case name is given to the first that asks.
        let order = names.indices.sorted { first, second in
            let (a, b) = (isLossless(names[first]), isLossless(names[second]))
            return a != b ? a : names[first].utf8.lexicographicallyPrecedes(names[second].utf8)
        }
        var numbered: [Int] = []
        for index in order {
            if used.insert(plain[index]).inserted {
                result[index] = plain[index]
            } else {
                numbered.append(index)
            }
        }
        // Every plain case name is claimed before any is numbered, so that a number never takes one.
        for index in numbered {
            var stem = String(plain[index].dropLast())
            if stem.last?.isNumber == true { stem += "_" }
            var number = 2
            while !used.insert(stem + "\(number)`").inserted { number += 1 }
            result[index] = stem + "\(number)`"
        }
        return result.map { $0! }
    }

    /// Whether the case name keeps every character of the name: ASCII letters and digits only, not starting with
    /// a digit.
    static func isLossless(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}

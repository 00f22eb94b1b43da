/// The case names of EventName.swift: each event name in lowerCamelCase (SwiftLiteral.identifier), made unique.
///
/// Names that make one case name ("SearchSubmitted" and "Search-Submitted") share it out so that adding or removing
/// an event renames as few cases as can be. The plain case name goes to a name that is it ("pageView"), else to
/// one that loses nothing to it but its first letter's case (ASCII letters and digits only): a test that uses
/// `.searchSubmitted` means "SearchSubmitted", and must go on meaning it when "Search-Submitted" is added. The
/// others are numbered in name order, 2, 3, ..., skipping every number another name's case name already is
/// ("PageView2" keeps `pageView2`) and the names the enum has itself (`allCases`, `rawValue`), which a case of that
/// name would hide.
enum EventCaseNames {
    /// What EventName has from its protocols (CaseIterable, RawRepresentable, Hashable), which no case may be named.
    static let taken: Set<String> = ["`allCases`", "`rawValue`", "`hashValue`", "`init`", "`self`", "`Type`",
                                     "`AllCases`", "`RawValue`", "`hash`"]

    /// A case name for each of `names` (distinct), in their order.
    static func identifiers(for names: [String]) -> [String] {
        let plain = names.map(SwiftLiteral.identifier)
        var used = taken
        var result = [String?](repeating: nil, count: names.count)
        // A name that is its case name ("pageView") first, then the lossless, then the rest, each in name order:
        // a case name is given to the first that asks.
        func rank(_ index: Int) -> Int {
            plain[index] == "`" + names[index] + "`" ? 0 : isLossless(names[index]) ? 1 : 2
        }
        let order = names.indices.sorted { first, second in
            rank(first) != rank(second) ? rank(first) < rank(second) : names[first] < names[second]
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
            let stem = String(plain[index].dropLast())
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

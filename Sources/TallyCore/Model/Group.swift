/// A group of definitions: one docs page.
public struct Group: Sendable {
    public struct Term: Sendable {
        public var term: String
        public var definition: String
    }

    public var name: String
    public var file: String
    public var title: Located<String>
    public var introduction: String
    public var terminology: [Term]
    public var owners: [String]
}

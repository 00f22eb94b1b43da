import Testing
@testable import TallyCore

/// tally.yaml as the jobs that render read it: without its current_version line, only where that line holds the
/// key and its value alone; anywhere else, every byte counts.
@Suite struct SettingsAsRenderedTests {
    static func hash(_ text: String) -> ContentHash? {
        SettingsAsRendered.hash(of: SourceText(path: "tally.yaml", bytes: Array(text.utf8)))
    }

    static let rest = """
        repository: "https://github.com/example/app"
        dialects: [postgres, sqlite]
        links:
          event_code: "https://code.example.com/search?q={event}"
        """

    @Test func theLineOfTheKeyAndItsValueIsLeftOut() throws {
        let plain = try #require(Self.hash("name: App\ncurrent_version: \"2.4.0\"\n" + Self.rest))
        #expect(Self.hash("name: App\ncurrent_version: \"2.5.0\"\n" + Self.rest) == plain)
        #expect(Self.hash("name: App\ncurrent_version: 2.5.1   # released on Monday\n" + Self.rest) == plain)
        #expect(Self.hash("name: App\r\ncurrent_version: 3.0\r\n" + Self.rest) != nil)
        #expect(Self.hash("name: App\r\ncurrent_version: 3.1 # out\r\n" + Self.rest) == Self.hash("name: App\r\ncurrent_version: 3.0\r\n" + Self.rest))
        // Never the hash of the bytes left, as a file of its own.
        #expect(plain != ContentHash(Array(("name: App\n" + Self.rest + "\n").utf8)))
        // After a block text, whose end libyaml marks at the next line's start.
        #expect(Self.hash("name: |\n  App\n\ncurrent_version: 3.0\n" + Self.rest) != nil)
        #expect(Self.hash("links:\n  event_code: x\ncurrent_version: 3.0\n") != nil)
        // Every other byte still counts.
        #expect(Self.hash("name: App 2\ncurrent_version: \"2.4.0\"\n" + Self.rest) != plain)
        #expect(Self.hash("name: App\ncurrent_version: \"2.4.0\"\n" + Self.rest + "\n") != plain)
    }

    @Test func aLineThatHoldsMoreKeepsEveryByte() {
        let kept = [
            // The value on the next line.
            "name: App\ncurrent_version:\n  \"2.4.0\"\n" + Self.rest,
            // More after the value.
            "{name: App,\ncurrent_version: \"2.4.0\", dialects: [postgres]}\n",
            "{name: App,\ncurrent_version: \"2.4.0\"}\n",
            // Another key's text running over the line.
            "name: \"App\ncurrent_version: 2\"\ncurrent_version: \"2.4.0\"\n" + Self.rest,
            "name: \"App\ncurrent_version: 2\"\n" + Self.rest,
            // Not a key of the top-level mapping.
            "links:\n  current_version: x\n" + Self.rest,
            // Written twice (an error of its own), or not a mapping at all.
            "current_version: \"2.4.0\"\ncurrent_version: \"2.5.0\"\n",
            "- current_version: 1\n",
            // Not valid YAML.
            "current_version: \"2.4.0\"\nname: [\n",
            // No such key.
            Self.rest,
            // A line break LF alone does not make, after a comment on the version's line: YAML reads the text after
            // it as the next line, a setting the comment would have seemed to hide.
            "current_version: \"2.4.0\" # released\rdialects: [postgres]\n",
            "current_version: \"2.4.0\" # released\u{85}dialects: [postgres]\n",
            "current_version: \"2.4.0\" # released\u{2028}dialects: [postgres]\n",
            "current_version: \"2.4.0\" # released\u{2029}dialects: [postgres]\n",
            "current_version: \"2.4.0\"\rdialects: [postgres]\r",
            "name: App\ncurrent_version: \"2.4.0\"\r",
        ]
        for text in kept {
            #expect(Self.hash(text) == nil, "\(text)")
        }
    }
}

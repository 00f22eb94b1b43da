/// Text in a table cell of a pull-request comment (`tally diff --format markdown`, `tally diff --data`), shown
/// exactly as written. Unlike the docs, a comment is read where GitHub acts on what it says: an `@name` in a
/// changed title or a data value would notify whoever it names, so the comment breaks every mention; and `#12`
/// would link (and cross-reference) issue 12, `:+1:` would show an emoji, so those are broken too.
public enum CommentCell {
    /// The whole text: nothing is cut, since a comment is where reviewers read a change. Each line is literal (see
    /// `MarkdownText.literal`), lines are joined by `<br>`, and a zero-width space follows each `@` that would
    /// start a mention.
    public static func text(_ value: String) -> String {
        let lines = value.replacingAll("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { withoutMentions(withoutShortcuts(MarkdownText.literal(String($0)))) }
            .joinedInOneCopy(separator: "<br>")
    }

    /// Text as inline code (a git ref, a file path), whatever it holds (MarkdownText.code): a backtick inside
    /// cannot close the span early and spill the rest (a mention, say) into the comment, and GitHub mentions no
    /// one inside code.
    public static func code(_ value: String) -> String { MarkdownText.code(value) }

    /// GitHub reads `@` followed by a letter or digit as a mention unless a word character comes before it (an
    /// e-mail address is no mention). A zero-width space after the `@`, as an entity so that the Markdown shows
    /// where it is, keeps the text as it reads and mentions nobody; bots that post comments (Renovate) do the same.
    static func withoutMentions(_ markdown: String) -> String {
        guard markdown.utf8.contains(UInt8(ascii: "@")) else { return markdown }
        var output = ""
        var previous: Character?
        var characters = markdown.makeIterator()
        var next = characters.next()
        while let character = next {
            next = characters.next()
            output.append(character)
            if character == "@", !(previous.map(isWordCharacter) ?? false),
               let following = next, following.isASCII, following.isLetter || following.isNumber {
                output += "&#8203;"
            }
            previous = character
        }
        return output
    }

    /// A zero-width space after each `#` before a digit (an issue or pull request reference: `#12`, `org/repo#12`)
    /// and after the `:` that opens an emoji shortcode (`:+1:`, `:tada:`), so the text reads as written and links to
    /// nothing and cross-references nothing.
    static func withoutShortcuts(_ markdown: String) -> String {
        guard markdown.utf8.contains(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: ":") }) else { return markdown }
        let characters = Array(markdown)
        var output = ""
        for (index, character) in characters.enumerated() {
            output.append(character)
            let rest = characters[(index + 1)...]
            // `&#124;`: an entity the literal text is written with, not a reference.
            if character == "#", index == 0 || characters[index - 1] != "&", let next = rest.first, next.isASCII,
               next.isNumber {
                output += "&#8203;"
            } else if character == ":", opensShortcode(rest) {
                output += "&#8203;"
            }
        }
        return output
    }

    /// Whether what follows a `:` is a shortcode's name and its closing `:`.
    private static func opensShortcode(_ rest: ArraySlice<Character>) -> Bool {
        // `\_`: the literal text escapes an underscore (`:white\_check\_mark:`), which still names the emoji.
        let name = rest.prefix {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "+" || $0 == "-" || $0 == "\\")
        }
        return !name.isEmpty && rest.dropFirst(name.count).first == ":"
    }

    /// GitHub's word characters are ASCII ones: after `é` or `日` an `@name` is still a mention, so only these spare
    /// one (a needless zero-width space harms nothing; a missing one notifies someone).
    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_")
    }
}

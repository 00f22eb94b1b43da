import ArgumentParser
import Foundation
import TallyCore

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of a kind of project file, for editors.",
        discussion: """
            The same schemas are generated/schema/<kind>.schema.json: definition (definitions/<group>/<id>.yaml), \
            source (definitions/sources/<name>.yaml), group (definitions/<group>/group.yaml) and tally \
            (tally.yaml). Point a file at its schema with a first line such as: \
            # yaml-language-server: $schema=../../generated/schema/definition.schema.json
            """
    )

    @Argument(help: "definition (the default), source, group or tally.", completion: .list(Generator.schemaKinds))
    var kind = "definition"

    func validate() throws {
        guard Generator.schemaKinds.contains(kind) else {
            throw ValidationError("no schema '\(kind)'; the kinds are " + Generator.schemaKinds.joined(separator: ", "))
        }
    }

    func run() {
        FileHandle.standardOutput.write(Data((Generator.schema(kind) ?? "").utf8))
    }
}

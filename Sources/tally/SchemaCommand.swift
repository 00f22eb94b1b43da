import ArgumentParser
import Foundation
import TallyCore

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of definition files, for editors.",
        discussion: """
            The same schema is generated/schema/definition.schema.json. Point a definition file at it with a first \
            line such as: # yaml-language-server: $schema=../../generated/schema/definition.schema.json
            """
    )

    func run() {
        FileHandle.standardOutput.write(Data(Generator.definitionSchema().utf8))
    }
}

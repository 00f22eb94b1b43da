import Foundation
import TallyCore

/// Says, at the end of a command that read the project by its stamps, that a file changed while it ran: what it
/// reported may mix the file's bytes before and after, and it stopped storing the output cache.
enum ChangedInputWarning {
    static func print() {
        guard let path = OutputCache.anyChangedInput else { return }
        FileHandle.standardError.write(Data(("tally: warning: \(path) changed while tally ran, so this run may not "
                                             + "reflect the change and stopped storing the output cache; run tally "
                                             + "again\n").utf8))
    }
}

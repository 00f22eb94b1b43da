import Foundation

/// An exclusive flock on the project folder: two builds of one project would otherwise share the work folders
/// beside generated/ and delete each other's. The system drops it when the process ends, however it ends.
public final class BuildLock: Sendable {
    private let descriptor: Int32

    init(folder: String, waiting: () -> Void) throws {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DiskError(operation: "open", path: folder, code: errno) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let code = errno
                    close(descriptor)
                    throw DiskError(operation: "lock", path: folder, code: code)
                }
            }
        }
    }

    deinit { close(descriptor) }
}

import Foundation

/// Where GitHub wants an annotation's file: relative to the repository's root, while tally names files relative
/// to the project's. A project in a folder of its repository (`analytics/` in a monorepo) gets that folder in
/// front, or its annotations would land on no file of the pull request.
public enum AnnotationPaths {
    /// "analytics/" for a project at <repository>/analytics; "" at the repository's root or outside any
    /// repository. The repository is the nearest folder above the project (or the project itself) with a `.git`.
    public static func prefix(forProjectAt root: URL) -> String {
        let project = root.resolvingSymlinksInPath().standardizedFileURL.path
        var folder = project
        while !FileManager.default.fileExists(atPath: folder + "/.git") {
            let parent = (folder as NSString).deletingLastPathComponent
            if parent == folder || parent.isEmpty { return "" }
            folder = parent
        }
        guard folder != project else { return "" }
        return String(project.dropFirst(folder == "/" ? 1 : folder.count + 1)) + "/"
    }
}

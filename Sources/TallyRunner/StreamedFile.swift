/// A reader over a ByteStream: where it reads from and how far it has got, for messages and progress.
protocol StreamedFile {
    var stream: ByteStream { get }
}

extension StreamedFile {
    var path: String { stream.path }
    var bytesRead: Int { stream.consumed }
    var size: Int { stream.size }
}

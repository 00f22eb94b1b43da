import CTallySupport
import Foundation

/// The heap in transparent huge pages, for the tally executable.
///
/// A one-edit build at 10,000 definitions took 34,400 page faults, half of them fresh heap pages of 4 KB cleared
/// and mapped one by one. glibc backs its heap with huge pages only when told so by an environment variable read as
/// the process starts (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`), which a process cannot set for itself short of
/// running itself again (an exec, a fifth of a small project's check); this grows the heap once, ahead, and advises
/// the kernel itself (tally_heap_in_huge_pages). Where the kernel's setting is "madvise" (Debian's and Ubuntu's
/// default) or "always", the build's faults fell to 14,600; where it is "never", the advice does nothing.
public enum HeapPages {
    /// Address space reserved ahead: the main thread's heap of a one-edit build at 10,000 definitions fits in it.
    static let reserve = 96 << 20

    /// Call first thing in main, before threads start; later calls do nothing. Whether the range was advised.
    @discardableResult
    public static func preferHuge() -> Bool {
        Int(tally_heap_in_huge_pages(reserve)) == Int(TALLY_HEAP_ADVISED)
    }

    /// Advises the kernel to back the whole pages of a large block with huge pages: for one a read is about to fill
    /// (the decoded store's pages, PagedFile; a room for a file's last version, PieceAssembly), which preferHuge's
    /// advice does not reach. Nothing for a block under 4 MB.
    static func advise(_ block: UnsafeMutableRawBufferPointer) {
        guard let base = block.baseAddress, block.count >= 4 << 20 else { return }
        _ = tally_advise_huge_pages(base, block.count)
    }

    /// A line for `--timings`: what became of the heap, how much of it is advised, and how much of the process the
    /// kernel backs with huge pages.
    public static func summary() -> String {
        switch Int(tally_heap_outcome()) {
        case Int(TALLY_HEAP_NOT_ASKED):
            return "heap: as the C library keeps it (preferHuge was not called)"
        case Int(TALLY_HEAP_UNSUPPORTED):
            return "heap: as the C library keeps it (not glibc on Linux)"
        case Int(TALLY_HEAP_SETTINGS_REFUSED):
            return "heap: as the C library keeps it (it refused the settings)"
        case Int(TALLY_HEAP_NOT_GROWN):
            return "heap: not grown ahead (its top already held the block that grows it); blocks of 4 MB or more "
                + "mapped on their own"
        case Int(TALLY_HEAP_ADVICE_REFUSED):
            return "heap: grown \(reserve >> 20) MB ahead, but the kernel refused the advice (no transparent huge pages)"
        default:
            let advised = advisedHeapKilobytes().map { ", \($0 >> 10) MB of the heap so advised" } ?? ""
            let huge = hugeKilobytes().map { ", \($0 >> 10) MB of the process in huge pages now" } ?? ""
            return "heap: grown \(reserve >> 20) MB ahead and advised for huge pages\(advised)\(huge)"
        }
    }

    /// AnonHugePages from /proc/self/smaps_rollup: the process's memory the kernel backs with huge pages.
    static func hugeKilobytes() -> Int? {
        guard let text = procText("/proc/self/smaps_rollup") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("AnonHugePages:") {
            return Int(line.split(separator: " ")[1])
        }
        return nil
    }

    /// The size of the heap's mappings that carry the advice (`hg` among their VmFlags in /proc/self/smaps).
    static func advisedHeapKilobytes() -> Int? {
        guard let text = procText("/proc/self/smaps") else { return nil }
        var total = 0
        var size = 0
        var inHeap = false
        for line in text.split(separator: "\n") {
            if line.hasSuffix("[heap]") {
                inHeap = true
            } else if inHeap, line.hasPrefix("Size:") {
                size = Int(line.split(separator: " ")[1]) ?? 0
            } else if inHeap, line.hasPrefix("VmFlags:") {
                if line.split(separator: " ").contains("hg") { total += size }
                inHeap = false
            }
        }
        return total
    }

    /// A /proc file read to its end: the system gives it no size, and read as a file of known size,
    /// /proc/self/smaps came back short.
    private static func procText(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}

import CTallySupport
import Foundation

/// The heap in transparent huge pages, for the tally executable.
///
/// A one-edit build at 10,000 definitions touched about 70 MB of fresh heap, 17,000 page faults of 4 KB each (half
/// of all its faults), cleared and mapped one by one. glibc backs its heap with huge pages only when told so by an
/// environment variable read as the process starts (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`), which a process
/// cannot set for itself short of running itself again; this grows the heap once, ahead, and advises the kernel
/// itself (tally_heap_in_huge_pages). Where the kernel's setting is "madvise" (Debian's and Ubuntu's default) or
/// "always", the build's faults halve; where it is "never", the advice does nothing.
public enum HeapPages {
    /// Address space reserved ahead: the main thread's heap of a one-edit build at 10,000 definitions fits in it.
    static let reserve = 96 << 20

    private static let advised = Locked<Bool?>(nil)

    /// Call first thing in main, before threads start; later calls do nothing. Whether the range was advised.
    @discardableResult
    public static func preferHuge() -> Bool {
        let result = tally_heap_in_huge_pages(reserve) == 1
        advised.withLock { $0 = $0 ?? result }
        return result
    }

    /// Advises the kernel to back the whole pages of a large block with huge pages: for one a read is about to fill
    /// (a room for a file's last version, PieceAssembly), made on a thread whose heap preferHuge did not advise.
    /// Linux only; elsewhere, and for a block under 4 MB, nothing.
    static func advise(_ block: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard let base = block.baseAddress, block.count >= 4 << 20 else { return }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let start = (UInt(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (UInt(bitPattern: base) + UInt(block.count)) & ~(page - 1)
        guard end > start, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(first, Int(end - start), MADV_HUGEPAGE)
        #endif
    }

    /// A line for `--timings`: whether the heap was advised, and how much of the process the kernel gave huge pages.
    public static func summary() -> String {
        guard let advised = advised.withLock({ $0 }) else { return "heap: in the C library's own pages" }
        guard advised else { return "heap: in the C library's own pages (not glibc on Linux, or the heap could not grow)" }
        let huge = hugeKilobytes().map { ", \($0 / 1024) MB of the process in huge pages now" } ?? ""
        return "heap: grown \(reserve >> 20) MB ahead and advised for huge pages\(huge)"
    }

    /// AnonHugePages from /proc/self/smaps_rollup: the process's memory the kernel backs with huge pages.
    static func hugeKilobytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/smaps_rollup", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("AnonHugePages:") {
            return Int(line.split(separator: " ")[1])
        }
        return nil
    }
}

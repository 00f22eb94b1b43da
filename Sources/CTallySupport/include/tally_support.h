#ifndef TALLY_SUPPORT_H
#define TALLY_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/// Atomically exchanges two paths (both must exist): after it, each name holds what the other held, with no
/// moment at which either is missing. Returns 0, or -1 with errno set (ENOSYS or EINVAL where the platform or
/// file system cannot exchange).
int tally_exchange_paths(const char *first, const char *second);

/// Starts writing a file's dirty pages to disk, without waiting for them (Linux sync_file_range); elsewhere does
/// nothing. Best effort: failures are ignored, since the file's contents are the same either way.
void tally_start_writeback(int descriptor);

/// Runs body(context) on a new detached thread. 0 when it started, else the error pthread_create gave (EAGAIN
/// under a process limit, say), and body is not called.
int tally_start_thread(void (*body)(void *), void *context);

/// Whether the file system holding path keeps a change time (ctime) of its own that the kernel sets on every write,
/// rename, link and chmod, under the local clock: 1 for the local file systems known to (Linux: ext2/3/4, XFS,
/// Btrfs, tmpfs, ZFS, overlayfs, F2FS; macOS: APFS, HFS+), 0 for any other (FAT, exFAT, network and FUSE file
/// systems), -1 where statfs fails (the path is not there yet).
int tally_keeps_change_times(const char *path);

/// XXH64 of a byte range: the same value on every machine for the same bytes and seed.
uint64_t tally_xxh64(const void *data, size_t length, uint64_t seed);
/// XXH64 of bytes handed over in pieces: reset, update with each piece in order, digest. Equals tally_xxh64 of the
/// pieces laid end to end.
typedef struct {
    uint64_t v1, v2, v3, v4;
    uint64_t seed;
    uint64_t total;
    uint8_t buffer[32];
    size_t buffered;
} tally_xxh64_state;
void tally_xxh64_reset(tally_xxh64_state *state, uint64_t seed);
void tally_xxh64_update(tally_xxh64_state *state, const void *data, size_t length);
uint64_t tally_xxh64_digest(const tally_xxh64_state *state);

/// Copies the GNU build id of the binary holding tally's code into out; returns its length, or 0 where the binary
/// has none (every platform but Linux, or a linker told not to write one).
size_t tally_build_id(uint8_t *out, size_t capacity);

/// Copies a NUL-terminated path that opens the binary holding tally's code (the executable, or the shared library
/// it was linked into) into out; returns its length, or 0 where it cannot be told. On Linux the executable is
/// /proc/self/exe, which opens the file the kernel ran even if it was replaced since.
size_t tally_code_file(char *out, size_t capacity);

/// What tally_heap_in_huge_pages did.
enum {
    TALLY_HEAP_NOT_ASKED = -1,       // the outcome before the first call (tally_heap_outcome)
    TALLY_HEAP_UNSUPPORTED = 0,      // not glibc on Linux: nothing changed
    TALLY_HEAP_ADVISED = 1,          // the heap grew and the kernel took the advice
    TALLY_HEAP_SETTINGS_REFUSED = 2, // glibc refused the thresholds (a threshold may be set)
    TALLY_HEAP_NOT_GROWN = 3,        // thresholds set; the heap did not grow (its top held the block already)
    TALLY_HEAP_ADVICE_REFUSED = 4,   // thresholds set and the heap grown; the kernel has no transparent huge pages
};

/// Grows malloc's heap by `reserve` bytes at once (address space, not memory; at most 512 MB) and asks the kernel to
/// back that range with transparent huge pages where it backs any: each fault then maps 2 MB instead of 4 KB. Also
/// maps blocks of 4 MB or more that the heap's top cannot hold on their own, and keeps the heap untrimmed. glibc on
/// Linux only; once per process, before threads start (later calls return the first outcome).
int tally_heap_in_huge_pages(size_t reserve);
/// What the first call of tally_heap_in_huge_pages did; TALLY_HEAP_NOT_ASKED before it.
int tally_heap_outcome(void);

/// Asks the kernel to back the whole pages of a block with transparent huge pages (madvise MADV_HUGEPAGE of the
/// page-aligned part inside it): 0 when it took the advice, else -1 (another platform, no whole page, or a kernel
/// without them). The advice is a setting of the mapping: it never touches the block's bytes.
int tally_advise_huge_pages(void *block, size_t length);

/// libFuzzer's driver, for a fuzz target whose main is its own (SwiftPM names an executable's entry point);
/// only the fuzz build (scripts/fuzz) refers to it.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif

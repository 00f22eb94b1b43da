// Included before the test below: __GLIBC__ is defined by glibc's own headers, not by the compiler.
#include <stdlib.h>

#include "tally_support.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

// Once per process: a second call would find the heap grown by other allocations and madvise nothing new.
static int outcome = TALLY_HEAP_NOT_ASKED;

int tally_heap_outcome(void) { return outcome; }

int tally_advise_huge_pages(void *block, size_t length) {
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = ((uintptr_t)block + page - 1) & ~(page - 1);
    uintptr_t end = ((uintptr_t)block + length) & ~(page - 1);
    if (end <= start) return -1;
    return madvise((void *)start, end - start, MADV_HUGEPAGE);
}

int tally_heap_in_huge_pages(size_t reserve) {
    if (outcome != TALLY_HEAP_NOT_ASKED) return outcome;
    outcome = TALLY_HEAP_SETTINGS_REFUSED;
    // Blocks of 4 MB or more that the heap's top cannot hold are mapped on their own and given back when freed, as
    // glibc's own threshold would have them after the first such block (setting one fixes it: left at its
    // starting 128 KB, every block over it was mapped afresh, fault by fault; at 32 MB, the large blocks freed
    // stayed in the heap, and a one-edit build with exports peaked 11 MB higher). The heap is never trimmed, so
    // the range advised below stays mapped (a trimmed and regrown heap would be a new mapping without the advice).
    if (mallopt(M_MMAP_THRESHOLD, 4 << 20) == 0 || mallopt(M_TRIM_THRESHOLD, 1 << 30) == 0) return outcome;
    // Well under the trim threshold, or freeing the block below would give the range back at once.
    if (reserve > (512u << 20)) reserve = 512u << 20;
    // A heap grown by `reserve` at once: the next block that does not fit the heap's top grows it by itself plus
    // the pad. The block is freed at once; its room and the pad stay in the heap's top for later blocks.
    mallopt(M_TOP_PAD, (int)reserve);
    char *before = sbrk(0);
    // Volatile: a malloc whose block is only freed may be left out by the optimizer, and the heap would not grow.
    void *volatile block = malloc(3 << 20);  // more than a heap holds free as a process starts, less than 4 MB
    char *after = sbrk(0);
    free(block);
    mallopt(M_TOP_PAD, 128 * 1024);  // glibc's default: later growth as without this call
    outcome = TALLY_HEAP_NOT_GROWN;
    if (before == (char *)-1 || after == (char *)-1 || after <= before) return outcome;
    // EINVAL from a kernel built without transparent huge pages.
    outcome = tally_advise_huge_pages(before, (size_t)(after - before)) == 0 ? TALLY_HEAP_ADVISED
                                                                            : TALLY_HEAP_ADVICE_REFUSED;
    return outcome;
}
#else
int tally_heap_outcome(void) { return TALLY_HEAP_UNSUPPORTED; }

int tally_advise_huge_pages(void *block, size_t length) {
    (void)block;
    (void)length;
    return -1;
}

int tally_heap_in_huge_pages(size_t reserve) {
    (void)reserve;
    return TALLY_HEAP_UNSUPPORTED;
}
#endif

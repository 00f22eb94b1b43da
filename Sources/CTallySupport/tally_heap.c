#include "tally_support.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int tally_heap_in_huge_pages(size_t reserve) {
    // Once per process: a second call would find the heap grown by other allocations and madvise nothing new.
    static int reserved = -1;
    if (reserved >= 0) return reserved;
    reserved = 0;
    // Blocks under 4 MB come from the heap, larger ones are mapped on their own and given back when freed, as
    // glibc's own threshold would have them after the first such block (setting one fixes it: left at its
    // starting 128 KB, every block over it was mapped afresh, fault by fault; at 32 MB, the large blocks freed
    // stayed in the heap, and a one-edit build with exports peaked 11 MB higher). The heap is never trimmed, so
    // the range advised below stays mapped (a trimmed and regrown heap would be a new mapping without the advice).
    if (mallopt(M_MMAP_THRESHOLD, 4 << 20) == 0 || mallopt(M_TRIM_THRESHOLD, 1 << 30) == 0) return 0;
    if (reserve > (1u << 30)) reserve = 1u << 30;
    // A heap grown by `reserve` at once: the next block that does not fit the heap's top grows it by itself plus
    // the pad. The block is freed at once; its room and the pad stay in the heap's top for later blocks.
    mallopt(M_TOP_PAD, (int)reserve);
    char *before = sbrk(0);
    // Volatile: a malloc whose block is only freed may be left out by the optimizer, and the heap would not grow.
    void *volatile block = malloc(3 << 20);  // more than a heap holds free as a process starts, less than 4 MB
    char *after = sbrk(0);
    free(block);
    mallopt(M_TOP_PAD, 128 * 1024);  // glibc's default: later growth as without this call
    if (before == (char *)-1 || after == (char *)-1 || after <= before) return 0;
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t start = ((uintptr_t)before + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    if ((uintptr_t)after <= start) return 0;
    if (madvise((void *)start, (uintptr_t)after - start, MADV_HUGEPAGE) != 0) return 0;
    reserved = 1;
    return 1;
}
#else
int tally_heap_in_huge_pages(size_t reserve) {
    (void)reserve;
    return 0;
}
#endif

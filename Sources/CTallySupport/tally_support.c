#define _GNU_SOURCE
#include "tally_support.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int tally_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    (void)first;
    (void)second;
    errno = ENOSYS;
    return -1;
#endif
}

void tally_start_writeback(int descriptor) {
#if defined(__linux__)
    (void)sync_file_range(descriptor, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)descriptor;
#endif
}

typedef struct {
    void (*body)(void *);
    void *context;
} tally_thread_start;

static void *tally_thread_main(void *argument) {
    tally_thread_start start = *(tally_thread_start *)argument;
    free(argument);
    start.body(start.context);
    return NULL;
}

int tally_start_thread(void (*body)(void *), void *context) {
    tally_thread_start *start = malloc(sizeof *start);
    if (start == NULL) return ENOMEM;
    start->body = body;
    start->context = context;
    pthread_attr_t attributes;
    int failure = pthread_attr_init(&attributes);
    if (failure == 0) failure = pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    if (failure == 0) failure = pthread_create(&thread, &attributes, tally_thread_main, start);
    pthread_attr_destroy(&attributes);
    if (failure != 0) free(start);
    return failure;
}

#if defined(__linux__)
#include <sys/vfs.h>
#elif defined(__APPLE__)
#include <string.h>
#include <sys/mount.h>
#include <sys/param.h>
#endif

int tally_keeps_change_times(const char *path) {
#if defined(__linux__)
    struct statfs status;
    if (statfs(path, &status) != 0) return -1;
    switch ((unsigned long)status.f_type) {
    case 0xEF53UL:      /* ext2, ext3, ext4 */
    case 0x58465342UL:  /* XFS */
    case 0x9123683EUL:  /* Btrfs */
    case 0x01021994UL:  /* tmpfs */
    case 0x2FC12FC1UL:  /* ZFS */
    case 0x794C7630UL:  /* overlayfs */
    case 0xF2F52010UL:  /* F2FS */
        return 1;
    default:
        return 0;
    }
#elif defined(__APPLE__)
    struct statfs status;
    if (statfs(path, &status) != 0) return -1;
    return strcmp(status.f_fstypename, "apfs") == 0 || strcmp(status.f_fstypename, "hfs") == 0;
#else
    (void)path;
    return 0;
#endif
}

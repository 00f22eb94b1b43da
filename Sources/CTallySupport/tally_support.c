#define _GNU_SOURCE
#include "tally_support.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
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

int tally_run_when_idle(void) {
#if defined(__linux__) && defined(SCHED_IDLE)
    // Per thread on Linux: 0 names the calling thread, not the process.
    struct sched_param parameters = {0};
    return sched_setscheduler(0, SCHED_IDLE, &parameters);
#else
    errno = ENOSYS;
    return -1;
#endif
}

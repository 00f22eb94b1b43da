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

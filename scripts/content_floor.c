/* The floor for a build that keys its work on file contents, as tally's output cache and its jobs taken from
 * generated/ do: open, read and hash (XXH64, tally's own hash) every file named on stdin, one path a line, on a
 * thread per core, and nothing else (no parse, no render, no write). A one-edit build does at least this: it reads
 * and hashes every input to find what changed, and every generated file it does not write to know that it is still
 * what the last build wrote. As tally does, each file is opened by name in its open folder, a folder opened once
 * for each run of paths in it (give the paths sorted). scripts/bench-scale.py compiles it with
 * Sources/CTallySupport/tally_hash.c. Exits 1 when a file cannot be opened or read. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tally_support.h"

enum { most_threads = 64, run = 32 };

static char **paths;
static size_t count;
/* The next run of paths to take: each thread takes runs of 32 in turn, as tally's reader does. */
static atomic_size_t next_run;

struct result {
    uint64_t hash;
    size_t bytes;
    int failed;
};

static void *allocated(void *pointer) {
    if (!pointer) { perror("content_floor"); exit(2); }
    return pointer;
}

/* Reads the whole open file into *buffer (grown as needed); -1 with errno set when a read fails. */
static long read_whole(int descriptor, char **buffer, size_t *room) {
    size_t filled = 0;
    for (;;) {
        if (filled == *room) *buffer = allocated(realloc(*buffer, *room *= 2));
        ssize_t got = read(descriptor, *buffer + filled, *room - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -1;
        if (got == 0) return (long)filled;
        filled += (size_t)got;
    }
}

static void *read_runs(void *out) {
    struct result *result = out;
    size_t room = 1 << 20;
    char *buffer = allocated(malloc(room));
    for (;;) {
        size_t start = atomic_fetch_add(&next_run, run);
        if (start >= count) break;
        size_t end = start + run < count ? start + run : count;
        int folder = -1;
        const char *folder_path = NULL;
        size_t folder_length = 0;
        for (size_t index = start; index < end; index++) {
            const char *path = paths[index];
            const char *slash = strrchr(path, '/');
            size_t length = slash ? (size_t)(slash - path) : 0;
            if (!folder_path || length != folder_length || strncmp(path, folder_path, length) != 0) {
                if (folder >= 0) close(folder);
                char *name = allocated(strndup(path, length ? length : 1));
                if (!length) name[0] = slash ? '/' : '.';
                folder = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                free(name);
                folder_path = path;
                folder_length = length;
            }
            const char *name = slash ? slash + 1 : path;
            int descriptor = folder >= 0 ? openat(folder, name, O_RDONLY | O_CLOEXEC) : -1;
            if (descriptor < 0) { perror(path); result->failed = 1; continue; }
            long filled = read_whole(descriptor, &buffer, &room);
            close(descriptor);
            if (filled < 0) { perror(path); result->failed = 1; continue; }
            /* Combined so that no read can be left out as unused. */
            result->hash ^= tally_xxh64(buffer, (size_t)filled, 0);
            result->bytes += (size_t)filled;
        }
        if (folder >= 0) close(folder);
    }
    free(buffer);
    return NULL;
}

int main(void) {
    size_t capacity = 1024;
    paths = allocated(malloc(capacity * sizeof *paths));
    char *line = NULL;
    size_t line_room = 0;
    ssize_t length;
    while ((length = getline(&line, &line_room, stdin)) > 0) {
        if (line[length - 1] == '\n') line[--length] = 0;
        if (length == 0) continue;
        if (count == capacity) paths = allocated(realloc(paths, (capacity *= 2) * sizeof *paths));
        paths[count++] = allocated(strdup(line));
    }
    free(line);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cores < 1 ? 1 : cores > most_threads ? most_threads : (int)cores;
    pthread_t workers[most_threads];
    struct result results[most_threads];
    memset(results, 0, sizeof results);
    for (int index = 0; index < threads; index++) {
        int error = pthread_create(&workers[index], NULL, read_runs, &results[index]);
        if (error) { fprintf(stderr, "content_floor: pthread_create: %s\n", strerror(error)); return 2; }
    }
    uint64_t hash = 0;
    size_t bytes = 0;
    int failed = 0;
    for (int index = 0; index < threads; index++) {
        pthread_join(workers[index], NULL);
        hash ^= results[index].hash;
        bytes += results[index].bytes;
        failed |= results[index].failed;
    }
    printf("%zu files, %zu bytes on %d threads, hash %016llx\n", count, bytes, threads, (unsigned long long)hash);
    return failed;
}

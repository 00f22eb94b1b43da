/* The floor for a build that keys its work on file contents, as tally's output cache and its jobs taken from
 * generated/ do: open, read and hash (XXH64, tally's own hash) every file named on stdin, one path a line, on two
 * threads, and nothing else (no parse, no render, no write). A one-edit build does at least this: it reads and
 * hashes every input to find what changed, and every generated file it does not write to know that it is still
 * what the last build wrote. scripts/bench-scale.py compiles it with Sources/CTallySupport/tally_hash.c. */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tally_support.h"

enum { threads = 2, run = 32 };

static char **paths;
static size_t count;
/* The next run of paths to take: each thread takes runs of 32 in turn, as tally's reader does. */
static atomic_size_t next_run;

struct result {
    uint64_t hash;
    size_t bytes;
    int failed;
};

static void *read_runs(void *out) {
    struct result *result = out;
    size_t room = 1 << 20;
    char *buffer = malloc(room);
    for (;;) {
        size_t start = atomic_fetch_add(&next_run, run);
        if (start >= count) break;
        size_t end = start + run < count ? start + run : count;
        for (size_t index = start; index < end; index++) {
            int descriptor = open(paths[index], O_RDONLY | O_CLOEXEC);
            if (descriptor < 0) { perror(paths[index]); result->failed = 1; continue; }
            size_t filled = 0;
            for (;;) {
                if (filled == room) buffer = realloc(buffer, room *= 2);
                ssize_t got = read(descriptor, buffer + filled, room - filled);
                if (got <= 0) break;
                filled += (size_t)got;
            }
            close(descriptor);
            /* Combined so that no read can be left out as unused. */
            result->hash ^= tally_xxh64(buffer, filled, 0);
            result->bytes += filled;
        }
    }
    free(buffer);
    return NULL;
}

int main(void) {
    size_t capacity = 1024;
    paths = malloc(capacity * sizeof *paths);
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (count == capacity) paths = realloc(paths, (capacity *= 2) * sizeof *paths);
        paths[count++] = strdup(line);
    }
    pthread_t workers[threads];
    struct result results[threads];
    memset(results, 0, sizeof results);
    for (int index = 0; index < threads; index++) pthread_create(&workers[index], NULL, read_runs, &results[index]);
    uint64_t hash = 0;
    size_t bytes = 0;
    int failed = 0;
    for (int index = 0; index < threads; index++) {
        pthread_join(workers[index], NULL);
        hash ^= results[index].hash;
        bytes += results[index].bytes;
        failed |= results[index].failed;
    }
    printf("%zu files, %zu bytes, hash %016llx\n", count, bytes, (unsigned long long)hash);
    return failed;
}

#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call. Memory statistics take a process-wide mutex on every
// allocation; with a connection per thread (tally test's examples on both cores) that mutex is most of the time
// spent. Must run before the first connection opens; returns SQLITE_MISUSE after that, which is harmless.
static inline int tally_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

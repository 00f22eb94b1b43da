#ifndef TALLY_SUPPORT_H
#define TALLY_SUPPORT_H

/// Atomically exchanges two paths (both must exist): after it, each name holds what the other held, with no
/// moment at which either is missing. Returns 0, or -1 with errno set (ENOSYS or EINVAL where the platform or
/// file system cannot exchange).
int tally_exchange_paths(const char *first, const char *second);

/// libFuzzer's driver, for a fuzz target whose main is its own (SwiftPM names an executable's entry point);
/// only the fuzz build (scripts/fuzz) refers to it.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif

#ifndef TALLY_SUPPORT_H
#define TALLY_SUPPORT_H

/// Atomically exchanges two paths (both must exist): after it, each name holds what the other held, with no
/// moment at which either is missing. Returns 0, or -1 with errno set (ENOSYS or EINVAL where the platform or
/// file system cannot exchange).
int tally_exchange_paths(const char *first, const char *second);

#endif

// XXH64 (Yann Collet's xxHash, 64-bit variant), written from its specification: fast enough that hashing every
// generated file costs less than reading it, which is what lets `tally check` trust its cache.
#include "tally_support.h"

#include <string.h>

static const uint64_t prime1 = 0x9E3779B185EBCA87ULL;
static const uint64_t prime2 = 0xC2B2AE3D27D4EB4FULL;
static const uint64_t prime3 = 0x165667B19E3779F9ULL;
static const uint64_t prime4 = 0x85EBCA77C2B2AE63ULL;
static const uint64_t prime5 = 0x27D4EB2F165667C5ULL;

static inline uint64_t rotl(uint64_t value, int bits) { return (value << bits) | (value >> (64 - bits)); }

// Little-endian reads, byte order fixed so that hashes agree across machines.
static inline uint64_t read64(const uint8_t *p) {
    uint64_t value;
    memcpy(&value, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    value = __builtin_bswap64(value);
#endif
    return value;
}

static inline uint32_t read32(const uint8_t *p) {
    uint32_t value;
    memcpy(&value, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    value = __builtin_bswap32(value);
#endif
    return value;
}

static inline uint64_t round64(uint64_t accumulator, uint64_t input) {
    accumulator += input * prime2;
    return rotl(accumulator, 31) * prime1;
}

static inline uint64_t merge64(uint64_t hash, uint64_t accumulator) {
    hash ^= round64(0, accumulator);
    return hash * prime1 + prime4;
}

// The four accumulators folded into one, once 32 bytes or more went through them.
static inline uint64_t converge(uint64_t v1, uint64_t v2, uint64_t v3, uint64_t v4) {
    uint64_t hash = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
    hash = merge64(hash, v1);
    hash = merge64(hash, v2);
    hash = merge64(hash, v3);
    return merge64(hash, v4);
}

// The bytes after the last stripe (fewer than 32), then the final avalanche.
static inline uint64_t finish(uint64_t hash, const uint8_t *p, const uint8_t *end) {
    while (p + 8 <= end) {
        hash ^= round64(0, read64(p));
        hash = rotl(hash, 27) * prime1 + prime4;
        p += 8;
    }
    if (p + 4 <= end) {
        hash ^= (uint64_t)read32(p) * prime1;
        hash = rotl(hash, 23) * prime2 + prime3;
        p += 4;
    }
    while (p < end) {
        hash ^= (*p) * prime5;
        hash = rotl(hash, 11) * prime1;
        p++;
    }
    hash ^= hash >> 33;
    hash *= prime2;
    hash ^= hash >> 29;
    hash *= prime3;
    hash ^= hash >> 32;
    return hash;
}

uint64_t tally_xxh64(const void *data, size_t length, uint64_t seed) {
    const uint8_t *p = (const uint8_t *)data;
    const uint8_t *end = p + length;
    uint64_t hash;
    if (length >= 32) {
        uint64_t v1 = seed + prime1 + prime2, v2 = seed + prime2, v3 = seed, v4 = seed - prime1;
        const uint8_t *limit = end - 32;
        do {
            v1 = round64(v1, read64(p));
            v2 = round64(v2, read64(p + 8));
            v3 = round64(v3, read64(p + 16));
            v4 = round64(v4, read64(p + 24));
            p += 32;
        } while (p <= limit);
        hash = converge(v1, v2, v3, v4);
    } else {
        hash = seed + prime5;
    }
    hash += (uint64_t)length;
    return finish(hash, p, end);
}

// The same hash over bytes handed in pieces: stripes of 32 bytes are consumed as they fill, and the tail is
// hashed at the end exactly as the one-shot function hashes the bytes after its last stripe.
void tally_xxh64_reset(tally_xxh64_state *state, uint64_t seed) {
    memset(state, 0, sizeof *state);
    state->seed = seed;
    state->v1 = seed + prime1 + prime2;
    state->v2 = seed + prime2;
    state->v3 = seed;
    state->v4 = seed - prime1;
}

static inline void stripe(tally_xxh64_state *state, const uint8_t *p) {
    state->v1 = round64(state->v1, read64(p));
    state->v2 = round64(state->v2, read64(p + 8));
    state->v3 = round64(state->v3, read64(p + 16));
    state->v4 = round64(state->v4, read64(p + 24));
}

void tally_xxh64_update(tally_xxh64_state *state, const void *data, size_t length) {
    // An empty piece may come with no address at all.
    if (length == 0) return;
    const uint8_t *p = (const uint8_t *)data;
    const uint8_t *end = p + length;
    state->total += length;
    if (state->buffered > 0) {
        size_t wanted = 32 - state->buffered;
        size_t taken = length < wanted ? length : wanted;
        memcpy(state->buffer + state->buffered, p, taken);
        state->buffered += taken;
        p += taken;
        if (state->buffered < 32) return;
        stripe(state, state->buffer);
        state->buffered = 0;
    }
    while (end - p >= 32) {
        stripe(state, p);
        p += 32;
    }
    memcpy(state->buffer, p, (size_t)(end - p));
    state->buffered = (size_t)(end - p);
}

uint64_t tally_xxh64_digest(const tally_xxh64_state *state) {
    uint64_t hash;
    if (state->total >= 32) {
        hash = converge(state->v1, state->v2, state->v3, state->v4);
    } else {
        hash = state->seed + prime5;
    }
    hash += state->total;
    const uint8_t *p = state->buffer;
    const uint8_t *end = p + state->buffered;
    return finish(hash, p, end);
}

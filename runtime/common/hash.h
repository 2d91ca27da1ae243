/*
 * hash.h - the runtime's hash functions: Fibonacci hashing for addresses
 * and keys (take the high bits of the product), FNV-1a for strings.
 */
#ifndef RW_HASH_H
#define RW_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 2^64 / golden ratio: consecutive keys spread over the high bits. */
#define RW_HASH_GOLDEN 0x9E3779B97F4A7C15ull

/* A 64-bit mix of key; use its high bits (>> (64 - table_bits)). */
static inline uint64_t rw_hash_u64(uint64_t key) {
  return key * RW_HASH_GOLDEN;
}

/* Bucket of key in a table of 2^bits buckets (1 <= bits <= 32). */
static inline size_t rw_hash_bucket(uint64_t key, unsigned bits) {
  return (size_t)(rw_hash_u64(key) >> (64 - bits));
}

static inline uint64_t rw_hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;   /* FNV-1a */
  for (size_t i = 0; i < n; i++)
    h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
  return h;
}

#endif

/*
 * addrset.h - which pages of the address space hold entries of a table
 * keyed by address (runtime/common/addrset.c), so that forgetting a freed
 * range visits only the 4 KiB pages in it that hold any, whatever the
 * range's size and however many entries the table has.
 *
 * Counters, not bits, so that entries can leave: one per 1 MiB chunk and
 * one per 4 KiB page, the pages of a chunk side by side (a range's pages
 * are found by a sequential scan, not one hash per page); a page's word
 * also marks the 128-byte groups that hold entries, so a range that
 * shares a page with other entries visits only its own groups that do.  Chunks are
 * hashed into RW_ADDRSET_CHUNKS slots: two chunks that share a slot only
 * make a range look occupied when it is not (a visit that finds nothing),
 * never the reverse.  Lock-free: an add happens before the entry is
 * published in its table, a remove after it is unlinked, so a free
 * ordered after an entry's creation sees it counted.
 *
 * Fixed size: RW_ADDRSET_CHUNKS x 256 page words of 8 bytes (2 MiB of
 * zero-filled static memory, touched only where entries are) and as many
 * chunk counters.  All zero is the empty set (the low bound is kept
 * complemented), so a static set is in .bss: with a non-zero initialiser
 * both of the runtime's sets were 4 MiB of zeros in the library's file,
 * mapped from it and faulted in from the page cache.
 */
#ifndef RW_ADDRSET_H
#define RW_ADDRSET_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define RW_ADDRSET_PAGE_SHIFT 12
#define RW_ADDRSET_CHUNK_SHIFT 20
#define RW_ADDRSET_PAGES_PER_CHUNK (1u << (RW_ADDRSET_CHUNK_SHIFT - RW_ADDRSET_PAGE_SHIFT))
#define RW_ADDRSET_CHUNK_BITS 10
#define RW_ADDRSET_CHUNKS (1u << RW_ADDRSET_CHUNK_BITS)

typedef struct rw_addrset {
  _Atomic uintptr_t lo_not, hi;  /* bounds of every address ever added:
                                    ~lowest, highest (0, 0: none yet)   */
  _Atomic uint32_t chunk[RW_ADDRSET_CHUNKS];
  _Atomic uint64_t page[RW_ADDRSET_CHUNKS][RW_ADDRSET_PAGES_PER_CHUNK];
} rw_addrset;

/* Static initialiser: all zero (zero counters, empty bounds). */
#define RW_ADDRSET_INIT {0}

/* The lowest address ever added (UINTPTR_MAX: none yet). */
static inline uintptr_t rw_addrset_lo(const rw_addrset *s) {
  return ~atomic_load_explicit(&s->lo_not, memory_order_relaxed);
}

/* An entry at addr joins / leaves the table. */
void rw_addrset_add(rw_addrset *s, uintptr_t addr);
void rw_addrset_remove(rw_addrset *s, uintptr_t addr);
/* 1 if addr may have an entry (its group is marked). */
int rw_addrset_may_hold(const rw_addrset *s, uintptr_t addr);
/* visit(lo, hi, ctx) for each piece [lo, hi) of [addr, addr+len), inside
 * one page, that may hold entries, in address order (len past the top of
 * the address space: to the top).  Costs a bounds check, one load per
 * 1 MiB chunk and, in chunks that hold entries, one load per page. */
void rw_addrset_each_slow(const rw_addrset *s, uintptr_t addr, size_t len,
                          void (*visit)(uintptr_t lo, uintptr_t hi, void *ctx), void *ctx);
static inline void rw_addrset_each(const rw_addrset *s, uintptr_t addr, size_t len,
                                   void (*visit)(uintptr_t lo, uintptr_t hi, void *ctx),
                                   void *ctx) {
  /* Inline: most frees are of memory outside every entry's bounds. */
  uintptr_t hi = addr + len;
  if (len == 0 || addr > atomic_load_explicit(&s->hi, memory_order_relaxed) ||
      (hi > addr && hi <= rw_addrset_lo(s)))
    return;
  rw_addrset_each_slow(s, addr, len, visit, ctx);
}
/* Entries counted now (every chunk's count: tests and statistics). */
uint64_t rw_addrset_count(const rw_addrset *s);

#endif

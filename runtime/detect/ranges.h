/*
 * ranges.h - the registry of tracked address ranges that checked escapes
 * look accesses up in (runtime/detect/ranges.c; raceway/abi.h: checked
 * escapes).
 *
 * A range is [base, base+size) with the site that names it.  Ranges come
 * from the constructors of modules built in checked mode (the tracked
 * globals they define) and, once any such module has run, from the
 * detector's slow path when a thread's tracked access moves to another
 * location (a heap object's annotated field: the site knows its size and
 * name), so the hooks' fast path pays nothing.  free, realloc and munmap
 * forget the ranges inside the released block.
 *
 * Readers never lock: the inline test is one load of the filter byte of
 * the address's page (__raceway_range_filter, abi.h); the lookup behind it
 * is a binary search of a sorted array under a sequence counter, retried a
 * bounded number of times while a writer is inside (then: a miss).
 * Writers (registration, forgetting, both rare) serialise on a spin lock.
 *
 * Bounded: at most RW_RANGES_MAX ranges (24 bytes each) and RW_RANGES_SITES
 * named sites (72 bytes each), both taken from the budget's names part on
 * first use; a refused or full table registers nothing more (counted).
 * Static: the filter (64 KiB) and its per-byte counts (128 KiB).
 */
#ifndef RW_RANGES_H
#define RW_RANGES_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "common/export.h"
#include "raceway/abi.h"

#define RW_RANGES_MAX 16384u
#define RW_RANGES_SITES 4096u
/* Larger ranges are refused (their pages would wrap the filter). */
#define RW_RANGES_MAX_SIZE ((uint64_t)RACEWAY_RANGE_FILTER_SIZE << RACEWAY_RANGE_PAGE_SHIFT)

/* Set once a checked module registered (even nothing): from then on the
 * first tracked access to a location registers it. */
extern atomic_int rw_ranges_active;

/* 1 if a range may touch addr's page (one load). */
static inline int rw_ranges_may_hold(uintptr_t addr) {
  return __atomic_load_n(&__raceway_range_filter[(addr >> RACEWAY_RANGE_PAGE_SHIFT) &
                                                 (RACEWAY_RANGE_FILTER_SIZE - 1)],
                         __ATOMIC_RELAXED) != 0;
}

/* Register [base, base+size) named by name: 0; 1 if it overlaps a range
 * already there (which stays); -1 refused (budget, table full, size 0 or
 * over RW_RANGES_MAX_SIZE). */
int rw_ranges_add(uintptr_t base, uint64_t size, const raceway_site *name);
/* The name of the range holding addr, with its base in *base; NULL if
 * none (or a writer kept the table busy). */
const raceway_site *rw_ranges_find(uintptr_t addr, uintptr_t *base);
/* The site to record a checked access at addr with: the instruction's
 * checked site named by name, the site of the range at base that holds
 * addr (rw_ranges_find); NULL when no site could be made (table full or
 * refused: counted).  May take the writer lock: call it inside the
 * runtime (in_runtime set), not from a bare lookup. */
const raceway_site *rw_ranges_site(const raceway_site *checked, const raceway_site *name,
                                   uintptr_t base, uintptr_t addr);
/* Bumped by every forget that removed a range. */
extern atomic_uint rw_ranges_generation;

/* Per thread: the address it last registered (or found registered), and
 * the generation then, so that a loop over one field looks it up once. */
typedef struct rw_ranges_memo {
  uintptr_t addr;
  unsigned gen;
} rw_ranges_memo;

/* A tracked access at addr named by site, to another location than the
 * thread's previous one (the detector's slow path): register its location
 * if checked mode is active and no range holds it yet. */
void rw_ranges_note_slow(const raceway_site *site, uintptr_t addr, rw_ranges_memo *memo);
static inline void rw_ranges_note(const raceway_site *site, uintptr_t addr,
                                  rw_ranges_memo *memo) {
  if (RW_UNLIKELY(atomic_load_explicit(&rw_ranges_active, memory_order_relaxed)) &&
      (memo->addr != addr ||
       memo->gen != atomic_load_explicit(&rw_ranges_generation, memory_order_relaxed)))
    rw_ranges_note_slow(site, addr, memo);
}
/* [addr, addr+len) was released: forget the ranges that overlap it. */
void rw_ranges_forget(uintptr_t addr, size_t len);

typedef struct rw_ranges_stats {
  uint64_t ranges;    /* registered now */
  uint64_t sites;     /* named sites made */
  uint64_t refused;   /* registrations or sites refused (budget, full) */
} rw_ranges_stats;
void rw_ranges_get_stats(rw_ranges_stats *out);
/* fork child: release the writer lock another thread may have held. */
void rw_ranges_after_fork(void);

#endif

/*
 * lockset.h - interned sets of held locks (runtime/hb/lockset.c).
 *
 * The detector stores one 32-bit id per recorded access instead of the
 * locks themselves; a race copies the sets of its two accesses when it is
 * found.  Sets are interned once per change of a thread's held locks,
 * never per access, through a hash table.  The table grows as sets come
 * (a server with a lock per connection has thousands), in blocks taken
 * from the memory budget (common/budget.h); only when the budget refuses
 * one, or past RW_LOCKSET_MAX sets, does a new set get RW_LOCKSET_UNKNOWN
 * ("locks held, not listed"), never "none".
 */
#ifndef RW_LOCKSET_H
#define RW_LOCKSET_H

#include <stdint.h>

#include "hb/sync.h"

#define RW_LOCKSET_MAX (1u << 22)            /* ids 1..RW_LOCKSET_MAX-1 */
#define RW_LOCKSET_UNKNOWN (UINT32_MAX - 1)  /* held, but not kept      */

typedef struct rw_lockset {
  uint32_t n;
  uint32_t next;                 /* hash chain (lockset.c)             */
  struct rw_held held[];         /* n entries                          */
} rw_lockset;

/* The id of hb's held-lock set, cached in hb->lockset until the set
 * changes.  0: no locks held.  Inline: the cached id costs one load. */
uint32_t rw_lockset_intern_slow(rw_hb *hb);
static inline uint32_t rw_lockset_intern(rw_hb *hb) {
  return hb->lockset != RW_LOCKSET_STALE ? hb->lockset : rw_lockset_intern_slow(hb);
}
/* The set of an id, or NULL for 0, RW_LOCKSET_UNKNOWN and bad ids.  Sets
 * are never changed once interned (until rw_lockset_reset). */
const rw_lockset *rw_lockset_get(uint32_t id);
/* Sets interned so far. */
uint32_t rw_lockset_count(void);
/* Forget every set (tests). */
void rw_lockset_reset(void);
/* fork child: release the table's lock. */
void rw_lockset_after_fork(void);

#endif

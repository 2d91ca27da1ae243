/*
 * lockset.h - interned sets of held locks (runtime/hb/lockset.c).
 *
 * The detector stores one 32-bit id per recorded access instead of the
 * locks themselves; the report turns ids back into lock lists.  Sets are
 * few in practice and interned once per change of a thread's held locks,
 * never per access.  Bounded: past RW_LOCKSET_MAX distinct sets, new sets
 * get RW_LOCKSET_UNKNOWN ("locks held, not listed"), never "none".
 */
#ifndef RW_LOCKSET_H
#define RW_LOCKSET_H

#include <stdint.h>

#include "hb/sync.h"

#define RW_LOCKSET_MAX 1024                  /* ids 1..RW_LOCKSET_MAX-1 */
#define RW_LOCKSET_UNKNOWN RW_LOCKSET_MAX    /* held, but the table is full */

typedef struct rw_lockset {
  uint32_t n;
  struct rw_held held[RW_MAX_HELD];
} rw_lockset;

/* The id of hb's held-lock set, cached in hb->lockset until the set
 * changes.  0: no locks held. */
uint32_t rw_lockset_intern(rw_hb *hb);
/* The set of an id, or NULL for 0, RW_LOCKSET_UNKNOWN and bad ids.  Sets
 * are never changed once interned (until rw_lockset_reset). */
const rw_lockset *rw_lockset_get(uint32_t id);
/* Forget every set (tests). */
void rw_lockset_reset(void);
/* fork child: release the table's lock. */
void rw_lockset_after_fork(void);

#endif

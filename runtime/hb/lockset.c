/*
 * lockset.c - the table of interned held-lock sets behind one spin lock.
 * Linear search: sets are few, and this runs only when a thread's set
 * changed since its last tracked access.
 */
#include "hb/lockset.h"

#include <stdatomic.h>
#include <string.h>

#include "common/spin.h"

static rw_spin lock = RW_SPIN_INIT;
static rw_lockset sets[RW_LOCKSET_MAX];
static _Atomic uint32_t nsets = 1;         /* id 0 = none */

static int same_set(const rw_lockset *s, const rw_hb *hb) {
  if (s->n != hb->nheld)
    return 0;
  for (uint32_t i = 0; i < s->n; i++)
    if (s->held[i].addr != hb->held[i].addr || s->held[i].gen != hb->held[i].gen ||
        s->held[i].shared != hb->held[i].shared || s->held[i].kind != hb->held[i].kind)
      return 0;
  return 1;
}

uint32_t rw_lockset_intern(rw_hb *hb) {
  if (hb->lockset != RW_LOCKSET_STALE)
    return hb->lockset;
  /* One lock held, the same as last time: the common lock/unlock loop. */
  if (hb->nheld == 1 && hb->lockset_one &&
      memcmp(&hb->held[0], &hb->lockset_one_held, sizeof hb->held[0]) == 0)
    return hb->lockset = hb->lockset_one;
  uint32_t id = 0;
  if (hb->nheld) {
    rw_spin_lock(&lock);
    uint32_t n = atomic_load_explicit(&nsets, memory_order_relaxed);
    for (uint32_t i = 1; i < n; i++)
      if (same_set(&sets[i], hb)) {
        id = i;
        break;
      }
    if (!id && n < RW_LOCKSET_MAX) {
      id = n;
      sets[id].n = hb->nheld;
      memcpy(sets[id].held, hb->held, hb->nheld * sizeof hb->held[0]);
      atomic_store_explicit(&nsets, n + 1, memory_order_release);
    } else if (!id) {
      id = RW_LOCKSET_UNKNOWN;
    }
    rw_spin_unlock(&lock);
  }
  hb->lockset = id;
  if (hb->nheld == 1 && id != RW_LOCKSET_UNKNOWN) {
    hb->lockset_one = id;
    hb->lockset_one_held = hb->held[0];
  }
  return id;
}

const rw_lockset *rw_lockset_get(uint32_t id) {
  if (id == 0 || id >= atomic_load_explicit(&nsets, memory_order_acquire))
    return NULL;
  return &sets[id];
}

void rw_lockset_reset(void) {
  rw_spin_lock(&lock);
  atomic_store(&nsets, 1);
  rw_spin_unlock(&lock);
}

void rw_lockset_after_fork(void) { rw_spin_reset(&lock); }

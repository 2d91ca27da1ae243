/*
 * order.h - how an access recorded in a shadow slot (its meta word,
 * shadow.h) relates to the current access of a thread: ordered before it,
 * racing with it, covered or superseded by it.  The detector's decisions
 * (detector.c); inline, on every recorded access.
 */
#ifndef RW_ORDER_H
#define RW_ORDER_H

#include <stdint.h>

#include "detect/shadow.h"
#include "hb/sync.h"

/* The recorded access m (of another thread, not ordered before the
 * current one) races with it: a common byte, a write, not both atomic. */
static inline int rw_order_kinds_conflict(uint64_t m, unsigned mask, int is_write,
                                          int is_atomic) {
  return (rw_meta_mask(m) & mask) && (is_write || rw_meta_write(m)) &&
         !(is_atomic && rw_meta_atomic(m));
}

/* m's epoch is in the clock of the thread whose clock is hb (its own
 * accesses included): m happened before the current access. */
static inline int rw_order_before(uint64_t m, const rw_hb *hb) {
  return rw_meta_slot(m) == hb->slot || rw_meta_epoch(m) <= rw_vc_get(&hb->vc, rw_meta_slot(m));
}

/* 1 if the recorded access m races with the current access of t. */
static inline int rw_order_conflicts(uint64_t m, const rw_hb *hb, unsigned mask, int is_write,
                                     int is_atomic) {
  return m != 0 && rw_order_kinds_conflict(m, mask, is_write, is_atomic) &&
         !rw_order_before(m, hb);
}

/* cur covers m's bytes and is at least as strong (a write for a write,
 * plain for a plain access). */
static inline int rw_order_covers_stronger(uint64_t cur, uint64_t m) {
  return (rw_meta_mask(m) & ~rw_meta_mask(cur)) == 0 && rw_meta_write(cur) >= rw_meta_write(m) &&
         rw_meta_atomic(cur) <= rw_meta_atomic(m);
}

/* m, recorded before cur, may be replaced by cur: m happened before cur
 * (same thread, or m's epoch is in the current clock), and cur covers
 * m's bytes and is at least as strong.  Then any later access that races
 * with m races with cur too: it is not ordered after cur (else after m),
 * nor before it (it comes later), and it conflicts with cur wherever it
 * conflicted with m. */
static inline int rw_order_supersedes(uint64_t cur, uint64_t m, const rw_hb *hb) {
  return rw_order_covers_stronger(cur, m) && rw_order_before(m, hb);
}

#endif

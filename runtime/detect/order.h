/*
 * order.h - how an access recorded in a shadow slot (its meta word,
 * shadow.h) relates to the current access of a thread: ordered before it,
 * racing with it, covered or superseded by it; and so which slot the
 * current access takes.  The detector's decisions (detector.c); inline,
 * on every recorded access.
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

/* Where to record among the n slots: one the access supersedes, else an
 * empty one; -1 when every slot holds an access that must stay. */
static inline int rw_order_pick_slot(const uint64_t *meta, int n, uint64_t cur,
                                     const rw_hb *hb) {
  int empty = -1;
  for (int i = 0; i < n; i++) {
    uint64_t m = meta[i];
    if (m == RW_META_BUSY)
      continue;
    if (m == 0) {
      if (empty < 0)
        empty = i;
      continue;
    }
    if (rw_order_supersedes(cur, m, hb))
      return i;
  }
  return empty;
}

/* m is superseded by the recorded access k of the same thread (program
 * order is the only order two recorded accesses are known to have). */
static inline int rw_order_superseded_by(uint64_t k, uint64_t m) {
  return k != m && rw_meta_slot(k) == rw_meta_slot(m) &&
         rw_meta_epoch(m) <= rw_meta_epoch(k) &&
         (rw_meta_mask(m) & ~rw_meta_mask(k)) == 0 &&
         rw_meta_write(k) >= rw_meta_write(m) && rw_meta_atomic(k) <= rw_meta_atomic(m);
}

/* Every slot of a cell and its overflow holds an access the current one
 * does not supersede.  An access another recorded one supersedes goes
 * first (nothing is lost: *lost = 0); else one ordered before the current
 * access (it can still race with a later access to other bytes), else
 * any: both counted as lost. */
static inline int rw_order_pick_victim(const uint64_t *meta, int n, const rw_vc *vc,
                                       uint64_t seq, int *lost) {
  *lost = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      if (i != j && meta[i] != RW_META_BUSY && meta[j] != RW_META_BUSY &&
          rw_order_superseded_by(meta[j], meta[i]))
        return i;
  *lost = 1;
  for (int i = 0; i < n; i++)
    if (meta[i] != RW_META_BUSY && rw_meta_epoch(meta[i]) <= rw_vc_get(vc, rw_meta_slot(meta[i])))
      return i;
  return (int)(seq % (uint64_t)n);
}

#endif

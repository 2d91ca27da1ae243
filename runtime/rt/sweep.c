/*
 * sweep.c - forget detached (or leaked) threads that ended, so that their
 * slots can go to threads not ordered after them (sweep.h, capture/slots.h).
 *
 * A new thread in a slot continues the slot's epochs.  A thread that
 * learns one of its epochs has that slot's clock entry above every epoch
 * of the slot's earlier threads, so it would seem ordered after all their
 * accesses, and seem to know everything they knew.  So before such a slot
 * is reused: the shadow table drops their recorded accesses
 * (rw_detector_forget_threads), and sync objects drop shortcuts that
 * stand for their clocks (rw_sync_forget_threads).  Clock entries that
 * other threads and objects hold for those slots stay: they are at most
 * the old threads' epochs, below every epoch of the new ones, so they
 * order nothing of the new threads.
 *
 * Amortized: a sweep walks the shadow table's used part and the sync
 * table once for many slots, at least RW_SLOTS_SWEEP_MIN and at least
 * one per 1,024 tracked addresses, so its cost per thread stays about
 * that of checking 1,024 addresses, and the slots waiting stay bounded.
 */
#include "rt/sweep.h"

#include "capture/slots.h"
#include "common/rawalloc.h"
#include "detect/detector.h"
#include "hb/sync.h"

/* Slots that must wait for one sweep, as the shadow table grows. */
static uint32_t threshold(void) {
  rw_shadow_stats st;
  rw_shadow_get_stats(&st);
  size_t n = st.used / 1024;
  if (n < RW_SLOTS_SWEEP_MIN)
    n = RW_SLOTS_SWEEP_MIN;
  return n < RW_SLOTS_FREE_MAX / 2 ? (uint32_t)n : RW_SLOTS_FREE_MAX / 2;
}

void rw_sweep_unjoinable(uint32_t slot, uint64_t final_epoch) {
  rw_slots_unjoinable(slot, final_epoch);
  rw_sweep_due();
}

void rw_sweep_due(void) {
  uint32_t *list;
  uint32_t n = rw_slots_sweep_begin(threshold(), &list);
  if (!n)
    return;
  uint32_t end = 0;
  for (uint32_t i = 0; i < n; i++)
    end = list[i] >= end ? list[i] + 1 : end;
  uint8_t *dead = rw_raw_calloc(end, 1);
  if (dead) {
    for (uint32_t i = 0; i < n; i++)
      dead[list[i]] = 1;
    rw_detector_forget_threads(dead, end);
    rw_sync_forget_threads(dead, end);
  }
  rw_slots_sweep_end(list, n, dead != 0);
  rw_raw_free(dead);
}

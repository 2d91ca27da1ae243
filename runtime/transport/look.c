/*
 * look.c - the look-ahead over a slot's ring (look.h).
 */
#include "transport/look.h"

#include <string.h>

#include "common/ids.h"

void rw_look_trace(const uint8_t home[16], const rw_ext *e, uint8_t out[16]) {
  if (memcmp(e->trace_id, rw_ids_process_trace, 16) == 0)
    memcpy(out, home, 16);
  else
    memcpy(out, e->trace_id, 16);
}

static uint64_t vc_of(const uint64_t *vc, uint32_t nvc, uint32_t slot) {
  for (uint32_t i = 0; i < nvc; i++)
    if ((uint32_t)vc[2 * i] == slot) return vc[2 * i + 1];
  return 0;
}

/* The record ends the scan (a new occupant's, or another trace's). */
static int stops(const rw_ext *e, const uint8_t cur[16], const uint8_t home[16], int first) {
  /* A new occupant's first record: what follows is another thread's
   * (a reused slot continues its epochs), not cur's. */
  if (e && (e->flags & RW_EXT_FIRST) && !first)
    return 1;
  if (e && (e->flags & RW_EXT_TRACE)) {
    uint8_t t[16];
    rw_look_trace(home, e, t);
    return memcmp(t, cur, 16) != 0;
  }
  return 0;
}

uint64_t rw_look_ahead(rw_look *L, rw_ring *r, uint32_t u, uint64_t epoch,
                       const uint8_t cur[16], const uint8_t home[16], int first,
                       uint64_t upto) {
  if (!r || r->retired)
    return 0;
  uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
  uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
  if (L->tail != tail || L->pos < tail) {
    memset(L, 0, sizeof *L);
    L->tail = L->pos = tail;
    L->epoch = epoch;
  }
  while (!L->stop && L->pos < head && L->epoch <= upto) {
    const rw_rec *rec = rw_ring_at(r, L->pos);
    if (!rec)
      break;
    const rw_ext *e = rec->ext;
    if (stops(e, cur, home, first)) {
      L->stop = 1;
      break;
    }
    if (e && (e->flags & RW_EXT_VC)) {
      uint64_t ep = vc_of(e->vc, e->nvc, u);
      if (ep > L->epoch)
        L->epoch = ep;
    }
    if (L->epoch > upto)
      break;
    L->cnt++;
    L->pos++;
    if (!L->nb || L->b[L->nb - 1].epoch != L->epoch) {
      if (L->nb == RW_LOOK_N) {
        L->stop = 1;
        break;
      }
      L->b[L->nb++].epoch = L->epoch;
    }
    L->b[L->nb - 1].cnt = L->cnt;
  }
  uint32_t lo = 0, hi = L->nb;   /* b's epochs rise: the last <= upto */
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (L->b[mid].epoch <= upto) lo = mid + 1; else hi = mid;
  }
  return lo ? L->b[lo - 1].cnt : 0;
}

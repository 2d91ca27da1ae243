/*
 * offer.h - records offered to the races window (runtime/transport/offer.c).
 */
#ifndef RW_OFFER_H
#define RW_OFFER_H

#include <stdint.h>

#include "capture/ring.h"
#include "common/wire.h"
#include "transport/wctx.h"

/* A record the window holds unencoded: an access or a lock event. */
static inline int rw_offer_holds(const rw_rec *r) {
  return r->type == RW_REC_ACCESS || r->type == RW_REC_LOCK;
}
/* Offer record r of slot, which the window does not hold (an event sent
 * at once or filtered), encoded with envelope ev, to the races window,
 * which sends it re-parented or filters it.  1: offered. */
int rw_offer_record(uint32_t slot, const rw_rec *r, rw_event *ev, int explicit_parent);
/* Offer held record r of slot (rw_offer_holds), in trace `trace`, at
 * ts_ns, with envelope ctx (NULL: none could be made, filtered) to the
 * races window: kept unencoded.  1: offered. */
int rw_offer_held(uint32_t slot, rw_wctx *ctx, const rw_rec *r, const char *trace,
                  uint64_t ts_ns, int explicit_parent);

#endif

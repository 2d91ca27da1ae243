/*
 * offer.h - records offered to the races window (runtime/transport/offer.c).
 */
#ifndef RW_OFFER_H
#define RW_OFFER_H

#include <stdint.h>

#include "capture/ring.h"
#include "common/wire.h"
#include "transport/wctx.h"

/* Offer record r of slot (envelope ev) to the races window, which sends it
 * re-parented, holds it or filters it; *ctx is the thread's current
 * envelope of held events (made here when NULL).  1: offered. */
int rw_offer_record(uint32_t slot, rw_wctx **ctx, const rw_rec *r, rw_event *ev,
                    int explicit_parent);

#endif

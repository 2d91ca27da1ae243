/*
 * wctx.h - what a held event of the races window needs to be encoded
 * later: its thread's envelope at the time (runtime/transport/wctx.c).
 * Flusher thread only.
 *
 * RACEWAY_SEND=races holds a thread's last accesses and lock events and
 * sends the few that a race names.  They are kept as ring records (64
 * bytes) plus a reference to one of these: thread name, trace, spans, the
 * causality vector's parts (cvec.h: slot epochs, request clock, trace
 * components; not its text) and the lock set, shared by every event of
 * the thread until one of them changes.  Only a sent event is encoded:
 * its vector too, each entry named after the thread whose epochs hold it
 * (rw_cvec_put_whole), whenever that is.
 */
#ifndef RW_WCTX_H
#define RW_WCTX_H

#include <stdint.h>

#include "capture/ring.h"
#include "common/wire.h"
#include "transport/cvec.h"

typedef struct rw_wctx {
  uint32_t refs;
  uint32_t bytes;             /* its size, charged to the memory budget  */
  uint32_t nvc, ntc;
  uint64_t *vc;               /* nvc (slot, epoch) pairs                 */
  rw_cvec_tc *tc;             /* ntc trace components                    */
  const char *clock, *ls;     /* request clock items (NULL: none); lock_set
                                 (JSON)                                  */
  char thread[24], trace[37], span[17], upstream[17];
  _Alignas(8) char data[];    /* vc, tc, clock and ls                    */
} rw_wctx;

/* A context with the thread's envelope now (vector cv, lock set ls: JSON
 * or NULL for none; thread name, trace id, span ids: strings in arrays at
 * least as long as the fields here), one reference held by the caller;
 * NULL when the memory budget or malloc refused it. */
rw_wctx *rw_wctx_new(const rw_cvec *cv, const char *ls, const char *thread,
                     const char *trace, const char *span, const char *upstream);
static inline void rw_wctx_ref(rw_wctx *c) {
  if (c)
    c->refs++;
}
void rw_wctx_unref(rw_wctx *c);
/* Free the envelopes kept for reuse (the window's end, a fork child). */
void rw_wctx_trim(void);
/* Encode record r of slot (ts_ns, context c) as an event with parent_id
 * (NULL: a root) into the batch. */
void rw_wctx_put(uint32_t slot, const rw_rec *r, uint64_t ts_ns, const rw_wctx *c,
                 const char *parent_id);

#endif

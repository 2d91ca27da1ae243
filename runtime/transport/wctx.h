/*
 * wctx.h - what a held event of the races window needs to be encoded
 * later: its thread's envelope at the time (runtime/transport/wctx.c).
 * Flusher thread only.
 *
 * RACEWAY_SEND=races holds a thread's last accesses and lock events and
 * sends the few that a race names.  They are kept as ring records (64
 * bytes) plus a reference to one of these: thread name, trace, spans, the
 * whole causality vector and the lock set, shared by every event of the
 * thread until one of them changes.  Only a sent event is encoded.
 */
#ifndef RW_WCTX_H
#define RW_WCTX_H

#include <stdint.h>

#include "capture/ring.h"
#include "common/wire.h"

typedef struct rw_wctx {
  uint32_t refs;
  uint32_t bytes;             /* charged to the memory budget            */
  const char *cv, *ls;        /* causality_vector, lock_set (JSON)       */
  char thread[24], trace[37], span[17], upstream[17];
  char data[];                /* cv and ls                               */
} rw_wctx;

/* A context with ev's envelope (its meta, trace, vector and lock set), one
 * reference held by the caller; NULL when the memory budget or malloc
 * refused it. */
rw_wctx *rw_wctx_new(const rw_event *ev);
void rw_wctx_ref(rw_wctx *c);
void rw_wctx_unref(rw_wctx *c);
/* Encode record r of slot (ts_ns, context c) as an event with parent_id
 * (NULL: a root) into the batch. */
void rw_wctx_put(uint32_t slot, const rw_rec *r, uint64_t ts_ns, const rw_wctx *c,
                 const char *parent_id);

#endif

/*
 * fstate.h - the encoder's state of one thread slot (flusher thread only;
 * runtime/transport/fstate.c): what records leave implicit (recenc.c),
 * kept per slot, and the per-trace event counters.
 */
#ifndef RW_FSTATE_H
#define RW_FSTATE_H

#include <stdint.h>

#include "transport/cvec.h"
#include "transport/evtext.h"
#include "transport/frag.h"
#include "transport/held.h"
#include "transport/hist.h"
#include "transport/look.h"
#include "transport/sent.h"
#include "transport/wctx.h"

typedef struct rw_fstate {
  rw_sent sent;               /* which events were encoded and sent       */
  uint64_t last_ns;           /* timestamp of the previous event          */
  uint32_t prev_slot;         /* parent of the next chained event          */
  uint64_t prev_seq;          /* (0: the next event is a root)             */
  uint32_t saved_slot;        /* the process-trace chain during a request  */
  uint64_t saved_seq;
  char trace[37];
  char span[17], upstream[17];
  rw_cvec cv;                 /* the causality vector (cvec.h): "pid:tid"
                                 epochs, the request's incoming clock,
                                 the trace components                     */
  uint64_t base_seq;          /* the last event put in the batch (0: none) */
  uint8_t ended;              /* its thread ended, its ring retired        */
  uint64_t base_gen;          /* rw_batch_losses() when it was put          */
  char base_trace[37];        /* its trace                                  */
  rw_wctx *wctx;              /* envelope of held events (races window),
                                 NULL: changed since                        */
  rw_held held;               /* the locks held now and the lock_set       */
  rw_frag_meta meta;          /* the metadata block, encoded once (frag.h) */
  uint8_t meta_ok;            /* ... and the span ids not changed since    */
  rw_evtext text;             /* the head of the last event (evtext.h): its
                                 id_seq, the next chained event's parent  */
  /* The server's order: own trace, current trace, own epoch of the last
   * encoded event, last vector (slot, epoch pairs) and its trace items;
   * history (hist.h); look-ahead over its ring (look.h). */
  uint32_t occupant;          /* threads seen in this slot (RW_EXT_FIRST)  */
  uint8_t foreign;            /* ever in a trace not its home (a request's) */
  uint32_t cur_k;             /* rw_fstate_traces[] entry of cur, if still
                                 its own                                  */
  uint8_t home[16], cur[16];
  uint64_t epoch;
  rw_hist hist;
  rw_look look;
} rw_fstate;

/* The slot's state if it has one (none: nothing encoded yet). */
rw_fstate *rw_fstate_if(uint32_t slot);

/* The last slot asked for (the flusher drains a ring at a time); its state
 * is never freed nor replaced, so the pair stays true. */
extern uint32_t rw_fstate_last_slot;
extern rw_fstate *rw_fstate_last;
rw_fstate *rw_fstate_get_slow(uint32_t slot);

/* The slot's state, made on first use (NULL: no memory, no slot). */
static inline rw_fstate *rw_fstate_get(uint32_t slot) {
  return slot == rw_fstate_last_slot && rw_fstate_last ? rw_fstate_last
                                                        : rw_fstate_get_slow(slot);
}

/* As rw_fstate_get, for another slot than the one being encoded (its
 * vector's): the last slot asked for stays the remembered one. */
rw_fstate *rw_fstate_peer(uint32_t slot);

/* A thread's own trace: the process trace for the first thread of slot
 * 1, else the process trace with the slot and the slot's thread count
 * (slots are reused: capture/slots.h) folded into its last bytes. */
void rw_fstate_home_trace(uint32_t slot, uint32_t occupant, uint8_t out[16]);
/* The slot whose home trace t is (rw_fstate_home_trace), or 0: another's
 * (a request's). */
uint32_t rw_fstate_home_slot(const uint8_t t[16]);
/* fs->trace: the text of fs->cur (the kept event head's is stale). */
void rw_fstate_set_trace(rw_fstate *fs);

/* Events encoded per trace = the server's per-trace counter (one sender,
 * in order).  An evicted trace restarts at 0: that only orders less. */
#define RW_FSTATE_NTRACE 1024
typedef struct rw_fstate_trace { uint8_t id[16]; uint64_t count; uint8_t used; } rw_fstate_trace;
extern rw_fstate_trace rw_fstate_traces[RW_FSTATE_NTRACE];
uint64_t *rw_fstate_trace_count(const uint8_t id[16]);
uint64_t *rw_fstate_count_slow(rw_fstate *fs);

/* rw_fstate_trace_count(fs->cur), its entry remembered.  Inline: every
 * event counts. */
static inline uint64_t *rw_fstate_count(rw_fstate *fs) {
  rw_fstate_trace *t = &rw_fstate_traces[fs->cur_k];
  if (t->used && __builtin_memcmp(t->id, fs->cur, 16) == 0)
    return &t->count;
  return rw_fstate_count_slow(fs);
}

#endif

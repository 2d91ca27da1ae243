/*
 * cvec.h - one thread's causality vector on the wire, whole or as the
 * components that grew (runtime/transport/cvec.c).  Flusher thread only.
 *
 * The vector of a thread's event (recenc.c) has three parts: "pid:tid"
 * epochs (the detector's clock), the incoming raceway-clock of a request,
 * and the trace components.  The server sets an event's vector to the one
 * sent merged (max) with its parent's server vector (docs/real-server.md),
 * so an event whose parent is the thread's previous event, delivered,
 * needs only the components that are new or larger than in that event's
 * vector (RACEWAY_WIRE_VECTOR=delta): the server's result is the same.
 */
#ifndef RW_CVEC_H
#define RW_CVEC_H

#include <stdint.h>

#include "common/buf.h"

#define RW_CVEC_MAX_TC 32
#define RW_CVEC_HELD 64

/* A trace's place in a table of 2^k (mask = 2^k - 1): the bytes that
 * differ between threads' home traces (recenc.c) mixed into the top. */
static inline uint32_t rw_cvec_trace_hash(const uint8_t trace[16], uint32_t mask) {
  uint64_t w0, w1;
  __builtin_memcpy(&w0, trace, 8);
  __builtin_memcpy(&w1, trace + 8, 8);
  return (uint32_t)(((w0 ^ w1) * 0x9e3779b97f4a7c15ull) >> 32) & mask;
}

typedef struct rw_cvec_tc {
  uint8_t trace[16];
  uint64_t n;                 /* the value sent                          */
} rw_cvec_tc;

typedef struct rw_cvec {
  uint64_t *vc;               /* (slot | name tag << 32, epoch), by slot */
  uint32_t nvc;
  char *clock;                /* request clock items, or NULL            */
  rw_cvec_tc tc[RW_CVEC_MAX_TC];
  uint32_t ntc;
  /* Since the last event taken: */
  uint64_t *chg;              /* (slot, epoch) pairs that grew            */
  uint32_t nchg, chgcap;
  uint64_t tc_new;            /* bit i: tc[i] new or larger              */
  uint8_t clock_new;
  uint8_t named;              /* a vector was taken since the last clear:
                                 its entries' tags are what the chain
                                 holds (cvec.c, put_entry)             */
  uint8_t chg_lost;           /* a change not recorded, or the whole
                                 vector not sent (memory): send it next  */
  /* Trace components the server holds on this thread's chain beyond tc
   * (sent by earlier events, or the parent's taken over): by hash of the
   * trace, n = 0 empty; full places are not added to (more is sent). */
  rw_cvec_tc held[RW_CVEC_HELD];
  uint32_t nheld;
  char *full;                 /* the whole vector, encoded, or NULL: stale */
  size_t full_len, taken_len; /* its length; the last taken's            */
  rw_buf delta;
  uint64_t vc_bytes;          /* vc's size; vc, chg and full are counted
                                 in the budget (encoder), not refused: an
                                 entry left out would order less        */
} rw_cvec;

/* Merge the pairs (slot, epoch), by slot, that grew. */
void rw_cvec_merge(rw_cvec *v, const uint64_t *pairs, uint32_t n);
/* The epoch of slot in v (0: none). */
uint64_t rw_cvec_get(const rw_cvec *v, uint32_t slot);
/* Replace the trace part (already without the event's own trace). */
void rw_cvec_set_traces(rw_cvec *v, const rw_cvec_tc *tc, uint32_t n);
/* Replace the request clock items (copied; NULL: none). */
void rw_cvec_set_clock(rw_cvec *v, const char *items);
/* Empty (a new thread in the slot, a fork child). */
void rw_cvec_clear(rw_cvec *v);
/* The vector to send with the next event: the whole one, or what grew
 * since the last call; both as a JSON array.  Valid until the next call;
 * its length in v->taken_len. */
const char *rw_cvec_take(rw_cvec *v, int whole);
/* The vector to send with an event whose parent is another thread's
 * event, that thread's last one put in the batch (nothing lost since), whose
 * vector is p: the entries of v that p lacks or holds smaller.  The server
 * merges the parent's vector into the one sent, so its result is the one
 * of the whole vector (an AsyncAwait after a join, a thread's first event
 * after its spawn).  As rw_cvec_take. */
const char *rw_cvec_take_over(rw_cvec *v, const rw_cvec *p);
/* The next event is not sent: forget the changes (after a loss the
 * thread's next event sends the whole vector anyway). */
void rw_cvec_skip(rw_cvec *v);
/* The whole vector of pairs vc (nvc of them, by slot), request clock items
 * and trace part tc as a JSON array appended to b (empty when called),
 * each entry named after the thread whose epochs hold it, for an event
 * sent off its thread's chain: no name is taken as on the server already,
 * so a reused slot's entry goes with the earlier threads its start covered
 * (rw_slots_occupants).  The races window keeps the parts and encodes
 * only the events it sends (wctx.h); rw_cvec_take's whole vector is the
 * same parts, with the names its chain holds left out. */
void rw_cvec_put_whole(rw_buf *b, const uint64_t *vc, uint32_t nvc, const char *clock,
                       const rw_cvec_tc *tc, uint32_t ntc);
/* dst's vector, trace part and clock become src's, to serve as a parent
 * p of rw_cvec_take_over (dst's memory reused).  -1: out of memory. */
int rw_cvec_copy(rw_cvec *dst, const rw_cvec *src);
void rw_cvec_free(rw_cvec *v);

#endif

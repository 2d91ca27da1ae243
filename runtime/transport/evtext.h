/*
 * evtext.h - a thread's event head ({"id":..., up to "kind":) as text,
 * each from the previous one (runtime/transport/evtext.c).  Flusher
 * thread only.
 *
 * The head (common/wire.h, rw_wire_event_head) holds the event id, trace
 * id, parent id and timestamp.  A thread's next event mostly has the next
 * id (its last 10 characters count up: common/ids.h), the same trace, its
 * previous event as parent (the previous id) and a timestamp 1 ns later
 * (recenc.c: records without a clock reading) or in the same second: so
 * the head is kept and patched in place (a timestamp: only the digits
 * that changed), then copied whole.  Same bytes as written afresh.
 */
#ifndef RW_EVTEXT_H
#define RW_EVTEXT_H

#include <stdint.h>

#include "common/ids.h"
#include "common/wire.h"

/* Room for the longest head, rounded up to whole 16-byte blocks: it is
 * copied whole (fixed size, inline) and the length committed. */
#define RW_EVTEXT_HEAD ((RW_WIRE_HEAD_MAX + 1 + 15) & ~15)   /* 208 */
/* Offsets in the head: "{\"id\":\"" is 7 bytes; an id is 36, its
 * per-thread prefix 26; with a parent, the parent id at 108. */
#define RW_EVTEXT_ID 7
#define RW_EVTEXT_PARENT 108
#define RW_EVTEXT_TAIL 26
/* "YYYY-MM-DDTHH:MM:SS." then the 9 digits of the nanoseconds. */
#define RW_EVTEXT_FRAC 20

typedef struct rw_evtext {
  uint32_t pid;        /* rw_ids_pid of the head's ids (0: no head yet; a
                          fork child has its own ids) */
  uint32_t slot;       /* the head's event: (slot, id_seq) */
  uint64_t id_seq;
  uint32_t pslot;      /* its parent (pseq 0: null) */
  uint64_t pseq;
  uint8_t trace_ok;    /* the head's trace id is the thread's (0: changed) */
  uint16_t ts_at;      /* where its timestamp is */
  uint16_t len;        /* its length */
  uint64_t ts_ns;      /* the timestamp's value (0: none yet) */
  uint32_t frac;       /* its nanoseconds within the second */
  char head[RW_EVTEXT_HEAD];
} rw_evtext;

void rw_evtext_event_slow(rw_evtext *t, uint32_t slot, uint64_t seq, uint32_t pslot,
                          uint64_t pseq, const char trace[36]);

/* The head of event (slot, seq) with parent (pslot, pseq) (pseq 0: none)
 * in the given trace (read only if the trace changed since: set trace_ok
 * to 0 when it does); its timestamp is the previous one until
 * rw_evtext_ts.  The usual case: the thread's next event after the head's. */
static inline void rw_evtext_event(rw_evtext *t, uint32_t slot, uint64_t seq, uint32_t pslot,
                                   uint64_t pseq, const char trace[36]) {
  if (t->trace_ok && t->pid == rw_ids_pid && t->slot == slot && t->pseq &&
      t->pslot == slot && pslot == slot && pseq == t->id_seq && seq == pseq + 1 &&
      (seq & 0xffffffffffull) != 0) {
    /* The old id is the new parent; the id's hex tail counts up, carrying
     * from the end (never past the tail: the seq did not wrap). */
    char *id = t->head + RW_EVTEXT_ID + RW_EVTEXT_TAIL;
    __builtin_memcpy(t->head + RW_EVTEXT_PARENT + RW_EVTEXT_TAIL, id, 10);
    char *c = id + 9;
    while (*c == 'f')
      *c-- = '0';
    *c = *c == '9' ? 'a' : (char)(*c + 1);
    t->pseq = pseq;
    t->id_seq = seq;
    return;
  }
  rw_evtext_event_slow(t, slot, seq, pslot, pseq, trace);
}

void rw_evtext_ts_slow(rw_evtext *t, uint64_t ns);

/* The head's timestamp becomes rw_clock_format(ns)'s text.  The next
 * nanosecond, the usual case, moves the last digit unless it carries. */
static inline void rw_evtext_ts(rw_evtext *t, uint64_t ns) {
  char *last = t->head + t->ts_at + RW_EVTEXT_FRAC + 8;
  if (ns == t->ts_ns + 1 && t->ts_ns && *last != '9') {
    ++*last;
    t->frac++;
    t->ts_ns = ns;
    return;
  }
  rw_evtext_ts_slow(t, ns);
}

/* The head's texts (36 characters, no NUL; the timestamp 30). */
static inline const char *rw_evtext_id_text(const rw_evtext *t) {
  return t->head + RW_EVTEXT_ID;
}
static inline const char *rw_evtext_parent_text(const rw_evtext *t) {
  return t->pseq ? t->head + RW_EVTEXT_PARENT : 0;
}
static inline const char *rw_evtext_ts_text(const rw_evtext *t) {
  return t->head + t->ts_at;
}

/* The head written at p (room: RW_EVTEXT_HEAD bytes): its end.  A
 * fixed-size copy in 16-byte moves (a memcpy of this size is a library
 * call, or `rep movsb`). */
static inline char *rw_evtext_head_at(char *p, const rw_evtext *t) {
  typedef char block __attribute__((vector_size(16), aligned(1), may_alias));
  _Static_assert(RW_EVTEXT_HEAD % 16 == 0, "whole blocks");
#ifdef __clang__
#pragma clang loop unroll(full)
#endif
  for (unsigned i = 0; i < RW_EVTEXT_HEAD; i += 16)
    *(block *)(p + i) = *(const block *)(t->head + i);
  return p + t->len;
}

#endif

/*
 * evtext.h - a thread's event ids and timestamps as text, each from the
 * previous one (runtime/transport/evtext.c).  Flusher thread only.
 *
 * An event id differs from the thread's previous one in its last 10
 * characters only (common/ids.h), and most timestamps are the previous
 * one plus 1 ns (recenc.c: records without a clock reading), the others
 * mostly in the same second: both are written from the last text instead
 * of afresh (a timestamp: only the digits that changed).  Same bytes.
 */
#ifndef RW_EVTEXT_H
#define RW_EVTEXT_H

#include <stdint.h>

typedef struct rw_evtext {
  uint32_t pid;        /* rw_ids_pid of the prefix (0: none; a fork child
                          has its own ids) */
  uint32_t slot;
  char id_prefix[26];
  uint64_t id_seq;     /* of id_tail (0: none) */
  char id_tail[10];
  uint64_t ts_ns;      /* of ts (0: none) */
  uint32_t frac;       /* its nanoseconds within the second */
  char ts[31];
} rw_evtext;

/* rw_ids_event(slot, seq)'s text. */
void rw_evtext_id(rw_evtext *t, uint32_t slot, uint64_t seq, char out[37]);
/* "YYYY-MM-DDTHH:MM:SS." then the 9 digits of the nanoseconds. */
#define RW_EVTEXT_FRAC 20

const char *rw_evtext_ts_slow(rw_evtext *t, uint64_t ns);

/* rw_clock_format(ns)'s text, valid until the next call.  The next
 * nanosecond, the usual case, moves the last digit unless it carries. */
static inline const char *rw_evtext_ts(rw_evtext *t, uint64_t ns) {
  if (ns == t->ts_ns + 1 && t->ts_ns && t->ts[RW_EVTEXT_FRAC + 8] != '9') {
    t->ts[RW_EVTEXT_FRAC + 8]++;
    t->frac++;
    t->ts_ns = ns;
    return t->ts;
  }
  return rw_evtext_ts_slow(t, ns);
}

#endif

/*
 * tcacc.c - trace components as they are gathered (tcacc.h).
 *
 * An index by trace: a vector 256 wide adds up to 64 runs of history per
 * entry (hist.c), and a scan of the entries for each add was most of the
 * flusher's time with many short-lived threads (bench/churn.c).
 */
#include "transport/tcacc.h"

#include <string.h>

_Static_assert(RW_CVEC_MAX_TC < 255 && 2 * RW_CVEC_MAX_TC <= RW_TCACC_IDX &&
               (RW_TCACC_IDX & (RW_TCACC_IDX - 1)) == 0,
               "the index holds positions + 1 in a byte, at most half full");

void rw_tcacc_init(rw_tcacc *a) {
  a->n = 0;
  memset(a->at, 0, sizeof a->at);
}

void rw_tcacc_add(rw_tcacc *a, const uint8_t trace[16], uint64_t n) {
  if (!n)
    return;
  uint32_t h = rw_cvec_trace_hash(trace, RW_TCACC_IDX - 1);
  for (; a->at[h]; h = (h + 1) & (RW_TCACC_IDX - 1)) {
    rw_cvec_tc *t = &a->e[a->at[h] - 1];
    if (memcmp(t->trace, trace, 16) == 0) {
      t->n = n > t->n ? n : t->n;
      return;
    }
  }
  if (a->n < RW_CVEC_MAX_TC) {   /* more: left out (orders less) */
    memcpy(a->e[a->n].trace, trace, 16);
    a->e[a->n++].n = n;
    a->at[h] = (uint8_t)a->n;
  }
}

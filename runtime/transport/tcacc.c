/*
 * tcacc.c - trace components as they are gathered (tcacc.h).
 *
 * An index by trace: a vector 256 wide adds up to 64 runs of history per
 * entry (hist.c), and a scan of the entries for each add was most of the
 * flusher's time with many short-lived threads (bench/churn.c).  Each
 * entry keeps its whole hash too: rw_tcacc_may_have answers from those
 * (rw_hist_may_add asks it per stretch of a slot's history).  Once the
 * entries are full, a slot that holds none of their traces (trslots.h)
 * adds nothing: 246 slots a vector in the banking demo with a thread per
 * connection, none of them adding, was most of the flusher's time.
 */
#include "transport/tcacc.h"

#include <string.h>

#include "transport/fstate.h"
#include "transport/trslots.h"

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
  uint32_t full = rw_cvec_trace_hash(trace, UINT32_MAX), h = full & (RW_TCACC_IDX - 1);
  for (; a->at[h]; h = (h + 1) & (RW_TCACC_IDX - 1)) {
    rw_cvec_tc *t = &a->e[a->at[h] - 1];
    if (memcmp(t->trace, trace, 16) == 0) {
      t->n = n > t->n ? n : t->n;
      return;
    }
  }
  if (a->n < RW_CVEC_MAX_TC) {   /* more: left out (orders less) */
    memcpy(a->e[a->n].trace, trace, 16);
    a->hash[a->n] = full;
    a->e[a->n++].n = n;
    a->at[h] = (uint8_t)a->n;
  }
}

int rw_tcacc_may_have(const rw_tcacc *a, uint32_t hash) {
  for (uint32_t h = hash & (RW_TCACC_IDX - 1); a->at[h]; h = (h + 1) & (RW_TCACC_IDX - 1))
    if (a->hash[a->at[h] - 1] == hash)
      return 1;
  return 0;
}

void rw_tcacc_holders(rw_tcacc *a) {
  a->nholder = 0;
  a->many = 0;
  for (uint32_t i = 0; i < a->n && !a->many; i++) {
    uint32_t s = rw_trslots_holder(a->hash[i]);
    if (s == RW_TRSLOTS_MANY)
      a->many = 1;
    else if (s)
      a->holder[a->nholder++] = s;
  }
}

static int hit(void *a, uint32_t hash) { return rw_tcacc_may_have(a, hash); }

int rw_tcacc_may_add(const rw_tcacc *a, uint32_t u, uint64_t upto) {
  const rw_fstate *fu = rw_fstate_if(u);
  if (!fu)
    return 1;
  if (fu->epoch <= upto && rw_tcacc_may_have(a, rw_cvec_trace_hash(fu->cur, UINT32_MAX)))
    return 1;   /* the look-ahead may add to its current trace */
  if (!a->many && rw_hist_kept(&fu->hist, upto)) {
    uint32_t k = 0;
    while (k < a->nholder && a->holder[k] != u)
      k++;
    if (k == a->nholder)
      return 0;
  }
  return rw_hist_may_add(&fu->hist, upto, hit, (void *)a);
}

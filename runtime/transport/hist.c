/*
 * hist.c - a slot's encoded history (hist.h).
 *
 * Segments grow in memory (RW_BUDGET_HISTORY) up to RW_HIST_NSEG, then the
 * oldest are overwritten: the server orders less, never more.  Only the
 * last segment changes (its n); new ones have an epoch at least its.  So
 * the answer for an epoch below the last segment's is final while the
 * oldest kept segment stays the same, and is kept (memo): another
 * thread's vector names the same epoch of this slot event after event.
 */
#include "transport/hist.h"

#include <stdlib.h>
#include <string.h>

#include "common/budget.h"
#include "transport/cvec.h"
#include "transport/trslots.h"

#define ST_MASK (RW_HIST_STRETCH - 1)
_Static_assert((RW_HIST_STRETCH & ST_MASK) == 0 && RW_HIST_STRETCH > RW_HIST_RUNS,
               "a power of two, more than the segments rw_hist_upto looks at");

void rw_hist_note_new(rw_hist *h, uint64_t epoch, const uint8_t trace[16], uint64_t n) {
  rw_hist_seg *g = h->nseg ? &h->seg[(h->nseg - 1) & (h->segcap - 1)] : 0;
  /* (before the realloc below moves g) */
  int same = g && memcmp(g->trace, trace, 16) == 0;
  uint32_t run = same && n > g->n ? g->run : h->nseg;
  if (h->nseg == h->segcap && h->segcap < RW_HIST_NSEG) {
    /* Refused: the history stays a ring of what it has. */
    uint32_t cap = h->segcap ? 2 * h->segcap : 16;
    uint64_t more = (uint64_t)(cap - h->segcap) * sizeof *h->seg;
    if (rw_budget_take(RW_BUDGET_HISTORY, more) == 0) {
      rw_hist_seg *m = realloc(h->seg, cap * sizeof *m);
      if (m)
        h->seg = m, h->segcap = cap;
      else
        rw_budget_give(RW_BUDGET_HISTORY, more);
    }
  }
  if (!h->segcap)
    return;
  if (!same) {
    uint32_t k = h->nstretch++ & ST_MASK, hash = rw_cvec_trace_hash(trace, UINT32_MAX);
    if (h->nstretch > RW_HIST_STRETCH)
      rw_trslots_drop(h->st_hash[k]);   /* the one it replaces */
    h->st_hash[k] = hash;
    h->st_epoch[k] = epoch;
    rw_trslots_add(hash, h->slot);
  }
  g = &h->seg[h->nseg++ & (h->segcap - 1)];
  g->epoch = epoch;
  g->n1 = n;
  g->n = n;
  g->run = run;
  memcpy(g->trace, trace, 16);
}

/* One past the last of h's segments [first, nseg) with epoch <= upto.
 * The epochs asked for are mostly recent: searched from the newest, in
 * steps that double, then by halves. */
static uint32_t seg_upto(const rw_hist *h, uint32_t first, uint64_t upto) {
  uint32_t hi = h->nseg, step = 1, mask = h->segcap - 1;
  while (hi > first) {   /* segments from hi on: epoch > upto */
    uint32_t probe = hi - first > step ? hi - step : first;
    if (h->seg[probe & mask].epoch <= upto) {
      uint32_t lo = probe + 1;
      while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (h->seg[mid & mask].epoch <= upto) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
    hi = probe;
    step *= 2;
  }
  return first;
}

/* Keep (trace, n) in the memo being built; past its size: none. */
static void memo_put(rw_hist *h, const uint8_t trace[16], uint64_t n) {
  if (h->nmemo == RW_HIST_MEMO) {
    h->memo_ok = 0;
    return;
  }
  memcpy(h->memo[h->nmemo].trace, trace, 16);
  h->memo[h->nmemo++].n = n;
}

int rw_hist_upto(rw_hist *h, uint64_t upto, uint32_t runs, rw_hist_add *add, void *ctx) {
  if (!h->nseg)
    return 0;
  uint32_t mask = h->segcap - 1;
  uint32_t first = h->nseg > h->segcap ? h->nseg - h->segcap : 0;
  if (h->memo_ok && h->memo_upto == upto && h->memo_first == first && h->memo_runs == runs) {
    for (uint32_t i = 0; i < h->nmemo; i++)
      add(ctx, h->memo[i].trace, h->memo[i].n);
    return h->memo_more;
  }
  /* Final (see the top of this file): build the memo as it goes. */
  h->memo_ok = h->seg[(h->nseg - 1) & mask].epoch > upto;
  h->nmemo = 0;
  h->memo_upto = upto, h->memo_first = first, h->memo_runs = runs;
  const rw_hist_seg *old = &h->seg[first & mask];
  if (first && old->epoch > upto) {   /* before the history: the event before */
    add(ctx, old->trace, old->n1 - 1);
    memo_put(h, old->trace, old->n1 - 1);
  }
  uint32_t lo = seg_upto(h, first, upto);   /* runs [first, lo): epoch <= upto */
  /* The traces of the latest runs (at most RW_HIST_RUNS segments), the
   * largest n of each: a run (segments of one trace, n rising) counts by
   * its latest segment. */
  uint32_t i = lo;
  for (uint32_t k = 0; i > first && lo - i < RW_HIST_RUNS && k < runs; k++) {
    const rw_hist_seg *g = &h->seg[(i - 1) & mask];
    add(ctx, g->trace, g->n);
    memo_put(h, g->trace, g->n);
    i = g->run > first ? g->run : first;
  }
  h->memo_more = i > first && lo - i < RW_HIST_RUNS;
  return h->memo_more;
}

/* rw_hist_upto adds the traces of the segments [lo - RW_HIST_RUNS, lo)
 * (and of the runs they end), lo one past the last with epoch <= upto, or, when the
 * oldest kept one is already past upto, that one's alone.  Epochs only
 * grow, so lo - 1 lies in the newest stretch that starts at or before
 * upto, and at most RW_HIST_RUNS stretches hold those segments. */
int rw_hist_may_add(const rw_hist *h, uint64_t upto, rw_hist_hit *hit, void *ctx) {
  if (!h->nseg)
    return 0;
  uint32_t mask = h->segcap - 1;
  uint32_t first = h->nseg > h->segcap ? h->nseg - h->segcap : 0;
  const rw_hist_seg *old = &h->seg[first & mask];
  if (first && old->epoch > upto)
    return hit(ctx, rw_cvec_trace_hash(old->trace, UINT32_MAX));
  uint32_t ns = h->nstretch, oldest = ns > RW_HIST_STRETCH ? ns - RW_HIST_STRETCH : 0;
  uint32_t j = ns;   /* one past the stretch holding lo - 1 */
  while (j > oldest && h->st_epoch[(j - 1) & ST_MASK] > upto)
    j--;
  if (j == oldest)   /* no segment <= upto (none kept before), or not kept */
    return oldest != 0;
  uint32_t lo = j > RW_HIST_RUNS ? j - RW_HIST_RUNS : 0;
  if (lo < oldest)
    return 1;   /* the stretches that hold them are not kept */
  for (uint32_t k = lo; k < j; k++)
    if (hit(ctx, h->st_hash[k & ST_MASK]))
      return 1;
  return 0;
}

int rw_hist_kept(const rw_hist *h, uint64_t upto) {
  uint32_t ns = h->nstretch;
  /* All kept since the start; or the one RW_HIST_RUNS after the oldest
   * kept starts at or before upto, so the stretch holding lo - 1 is at
   * least that. */
  return ns <= RW_HIST_STRETCH ||
         h->st_epoch[(ns - RW_HIST_STRETCH + RW_HIST_RUNS - 1) & ST_MASK] <= upto;
}

void rw_hist_clear(rw_hist *h) {
  uint32_t ns = h->nstretch;
  for (uint32_t k = ns > RW_HIST_STRETCH ? ns - RW_HIST_STRETCH : 0; k < ns; k++)
    rw_trslots_drop(h->st_hash[k & ST_MASK]);
  h->nstretch = 0;
  h->nseg = 0;
  h->memo_ok = 0;
}

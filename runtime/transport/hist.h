/*
 * hist.h - a thread slot's encoded history for the server's order
 * (runtime/transport/hist.c).  Flusher thread only.
 *
 * Runs of events with one epoch and trace, as segments (epoch, the
 * server's numbers n1..n of their first and last event in the trace);
 * recenc.c asks what a slot had done up to an epoch another thread's
 * vector names: per trace, the number of its last event there.
 */
#ifndef RW_HIST_H
#define RW_HIST_H

#include <stdint.h>

#define RW_HIST_MEMO 4

typedef struct rw_hist_seg {
  uint64_t epoch, n1, n;
  uint32_t run;               /* first seg of its run: same trace, rising n */
  uint8_t trace[16];
} rw_hist_seg;

/* The latest segments rw_hist_upto looks at, at most (it reads by runs:
 * segments of one trace). */
#define RW_HIST_RUNS 64
/* Stretches (segments in a row with one trace) kept for rw_hist_may_add
 * and in trslots.h: a power of two, more than RW_HIST_RUNS. */
#define RW_HIST_STRETCH 128

typedef struct rw_hist {
  rw_hist_seg *seg;
  uint32_t nseg;
  uint32_t segcap;            /* grows to RW_HIST_NSEG (a power of two), then a ring */
  /* The latest stretches: the trace's hash (rw_cvec_trace_hash, all 32
   * bits) and the epoch of its first segment; nstretch counts them all.
   * Registered in trslots.h under slot. */
  uint32_t slot;
  uint32_t nstretch;
  uint32_t st_hash[RW_HIST_STRETCH];
  uint64_t st_epoch[RW_HIST_STRETCH];
  /* The last answer of rw_hist_upto, kept once it can no longer change
   * (memo_ok; nmemo: how many (trace, n)). */
  uint64_t memo_upto;
  uint32_t memo_first, nmemo, memo_runs;
  int memo_ok, memo_more;
  struct { uint8_t trace[16]; uint64_t n; } memo[RW_HIST_MEMO];
} rw_hist;

#define RW_HIST_NSEG 8192

/* rw_hist_note when the event starts a segment. */
void rw_hist_note_new(rw_hist *h, uint64_t epoch, const uint8_t trace[16], uint64_t n);

/* After an event of trace at epoch, the trace's n-th (from 1).  Inline:
 * mostly it extends the last segment. */
static inline void rw_hist_note(rw_hist *h, uint64_t epoch, const uint8_t trace[16],
                                uint64_t n) {
  rw_hist_seg *g = h->nseg ? &h->seg[(h->nseg - 1) & (h->segcap - 1)] : 0;
  if (g && g->epoch == epoch && __builtin_memcmp(g->trace, trace, 16) == 0)
    g->n = n;
  else
    rw_hist_note_new(h, epoch, trace, n);
}
/* What the slot did up to epoch `upto`: add(ctx, trace, n) per trace
 * and the number of its last event there, newest first, from the latest
 * `runs` runs (segments of one trace; at most RW_HIST_RUNS).  1 if
 * earlier runs were left out for `runs`. */
typedef void rw_hist_add(void *ctx, const uint8_t trace[16], uint64_t n);
int rw_hist_upto(rw_hist *h, uint64_t upto, uint32_t runs, rw_hist_add *add, void *ctx);
/* 0 if rw_hist_upto(h, upto) adds no trace whose hash (rw_cvec_trace_hash
 * with all 32 bits) hit(ctx, hash) answers 1 for; 1 if it may (also when
 * the stretches kept do not tell).  Reads a few words per stretch, not the
 * segments: a full set of trace components asks this of every slot of a
 * vector, and nearly all add nothing to it. */
typedef int rw_hist_hit(void *ctx, uint32_t hash);
int rw_hist_may_add(const rw_hist *h, uint64_t upto, rw_hist_hit *hit, void *ctx);
/* 1 if every trace rw_hist_upto(h, upto) adds is in a stretch kept (so
 * h->slot holds it in trslots.h); 0: unknown. */
int rw_hist_kept(const rw_hist *h, uint64_t upto);
/* Forget it all (a fork child: its numbers start again); its stretches
 * leave trslots.h. */
void rw_hist_clear(rw_hist *h);

#endif

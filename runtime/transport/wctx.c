/*
 * wctx.c - envelopes of the races window's held events (wctx.h).
 */
#include "transport/wctx.h"

#include <stdlib.h>
#include <string.h>

#include "common/budget.h"
#include "common/config.h"
#include "common/ids.h"
#include "transport/batch.h"
#include "transport/kind.h"

/* A field from an array of at least its size (the thread's): a fixed
 * copy, no strlen (snprintf was 13% of the flusher's samples in races
 * mode on bench/kvstore.c, then four strnlen calls per envelope). */
#define COPY(dst, src) (memcpy(dst, src, sizeof dst), dst[sizeof dst - 1] = 0)

/* The parts are copied, not encoded: an envelope is made at every lock
 * event and after every acquire that raised the vector, and few are ever
 * sent (building the vector's text for each was a quarter of the
 * flusher's instructions per record in races mode, bench/RESULTS.md). */
/* Envelopes freed, kept for the next ones (still charged): an envelope
 * lives about as long as its thread's next lock event, and each one's
 * malloc, free and the budget's shared counters cost about as much as
 * filling it. */
#define SPARE 32
#define ROUND 64              /* sizes rounded up: most fit a spare       */
static struct { rw_wctx *c[SPARE]; uint32_t n; } spare;

static void give_back(rw_wctx *c) {
  rw_budget_give(RW_BUDGET_WINDOW, c->bytes);
  free(c);
}

/* An envelope of at least `bytes` (its size in c->bytes), charged. */
static rw_wctx *take(size_t bytes) {
  for (uint32_t i = spare.n; i-- > 0;)   /* the latest freed that fits */
    if (spare.c[i]->bytes >= bytes) {
      rw_wctx *c = spare.c[i];
      spare.c[i] = spare.c[--spare.n];
      return c;
    }
  bytes = (bytes + ROUND - 1) / ROUND * ROUND;
  rw_wctx *c = bytes > UINT32_MAX ? NULL : rw_budget_alloc(RW_BUDGET_WINDOW, bytes, 0);
  if (c)
    c->bytes = (uint32_t)bytes;
  return c;
}

rw_wctx *rw_wctx_new(const rw_cvec *cv, const char *ls, const char *thread,
                     const char *trace, const char *span, const char *upstream) {
  ls = ls ? ls : "[]";
  size_t nvc = (size_t)cv->nvc * 2 * sizeof *cv->vc, ntc = (size_t)cv->ntc * sizeof *cv->tc;
  size_t nclock = cv->clock ? strlen(cv->clock) + 1 : 0, nls = strlen(ls) + 1;
  rw_wctx *c = take(sizeof(rw_wctx) + nvc + ntc + nclock + nls);
  if (!c)
    return NULL;
  c->refs = 1;
  c->nvc = cv->nvc;
  c->ntc = cv->ntc;
  char *p = c->data;   /* pairs first: aligned */
  c->vc = (uint64_t *)(void *)p;
  if (nvc)   /* (no vector yet: vc is NULL) */
    memcpy(p, cv->vc, nvc), p += nvc;
  c->tc = (rw_cvec_tc *)(void *)p;
  memcpy(p, cv->tc, ntc), p += ntc;
  c->clock = nclock ? memcpy(p, cv->clock, nclock) : NULL, p += nclock;
  c->ls = memcpy(p, ls, nls);
  COPY(c->thread, thread);
  COPY(c->trace, trace);
  COPY(c->span, span);
  COPY(c->upstream, upstream);
  return c;
}

void rw_wctx_unref(rw_wctx *c) {
  if (!c || --c->refs)
    return;
  if (spare.n < SPARE)
    spare.c[spare.n++] = c;
  else
    give_back(c);
}

void rw_wctx_trim(void) {
  while (spare.n)
    give_back(spare.c[--spare.n]);
}

void rw_wctx_put(uint32_t slot, const rw_rec *r, uint64_t ts_ns, const rw_wctx *c,
                 const char *parent_id) {
  static rw_buf cv;   /* the vector's text (kept: no allocation per event) */
  cv.len = 0;
  rw_cvec_put_whole(&cv, c->vc, c->nvc, c->clock, c->tc, c->ntc);
  const char *vector = cv.oom ? NULL : cv.p;   /* out of memory: [] */
  cv.oom = 0;
  if (rw_batch_event_start() != 0)
    return;
  char id[37];
  rw_ids_event(slot, r->seq, id);
  rw_meta m = {c->thread, rw_ids_pid, rw_cfg.pub.service_name, rw_cfg.pub.environment,
               0 /* no instance_id: recenc.c */, c->span, c->upstream};
  rw_event ev = {id, parent_id, c->trace, ts_ns, &m, vector, c->ls, 0, 0, 0};
  rw_buf *b = rw_batch_buf();
  rw_wire_event_begin(b, &ev);
  rw_kind_encode(b, slot, r);
  rw_wire_event_end(b, &ev);
  rw_batch_event_end();
}

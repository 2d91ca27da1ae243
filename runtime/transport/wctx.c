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

/* snprintf's "%s" without vfprintf: four per envelope, and a lock event
 * starts a new one (vfprintf was 13% of the flusher's samples in races
 * mode on bench/kvstore.c). */
static void copy(char *dst, size_t n, const char *src) {
  size_t len = src ? strnlen(src, n - 1) : 0;
  memcpy(dst, src ? src : "", len);
  dst[len] = 0;
}

rw_wctx *rw_wctx_new(const rw_event *ev) {
  const char *cv = ev->causality_json ? ev->causality_json : "[]";
  const char *ls = ev->lock_set_json ? ev->lock_set_json : "[]";
  size_t ncv = strlen(cv) + 1, nls = strlen(ls) + 1;
  size_t bytes = sizeof(rw_wctx) + ncv + nls;
  rw_wctx *c = bytes > UINT32_MAX ? NULL : rw_budget_alloc(RW_BUDGET_WINDOW, bytes, 0);
  if (!c)
    return NULL;
  c->refs = 1;
  c->bytes = (uint32_t)bytes;
  memcpy(c->data, cv, ncv);
  memcpy(c->data + ncv, ls, nls);
  c->cv = c->data;
  c->ls = c->data + ncv;
  copy(c->thread, sizeof c->thread, ev->meta->thread_id);
  copy(c->trace, sizeof c->trace, ev->trace_id);
  copy(c->span, sizeof c->span, ev->meta->span_id);
  copy(c->upstream, sizeof c->upstream, ev->meta->upstream_span);
  return c;
}

void rw_wctx_ref(rw_wctx *c) {
  if (c)
    c->refs++;
}

void rw_wctx_unref(rw_wctx *c) {
  if (!c || --c->refs)
    return;
  rw_budget_give(RW_BUDGET_WINDOW, c->bytes);
  free(c);
}

void rw_wctx_put(uint32_t slot, const rw_rec *r, uint64_t ts_ns, const rw_wctx *c,
                 const char *parent_id) {
  if (rw_batch_event_start() != 0)
    return;
  char id[37];
  rw_ids_event(slot, r->seq, id);
  rw_meta m = {c->thread, rw_ids_pid, rw_cfg.pub.service_name, rw_cfg.pub.environment,
               0 /* no instance_id: recenc.c */, c->span, c->upstream};
  rw_event ev = {id, parent_id, c->trace, ts_ns, &m, c->cv, c->ls, 0, 0, 0};
  rw_buf *b = rw_batch_buf();
  rw_wire_event_begin(b, &ev);
  rw_kind_encode(b, slot, r);
  rw_wire_event_end(b, &ev);
  rw_batch_event_end();
}

/*
 * offer.c - RACEWAY_SEND=races: what the encoder hands the races window
 * (offer.h).  Flusher thread only.
 */
#include "transport/offer.h"

#include <string.h>

#include "transport/batch.h"
#include "transport/kind.h"
#include "transport/window.h"

/* Encoded with parent_id null, for window.c to re-parent; access and lock
 * records are held unencoded, with the envelope. */
static rw_buf scratch;

int rw_offer_record(uint32_t slot, rw_wctx **ctx, const rw_rec *r, rw_event *ev,
                  int explicit_parent) {
  static const char key[] = "\"parent_id\":";
  const rw_ext *e = r->ext;
  rw_window_event o = {
      .slot = slot, .seq = r->seq, .type = r->type,
      .acquire = (r->flags & RW_RECF_ACQUIRE) != 0,
      .trace_root = e && (e->flags & RW_EXT_TRACE) && e->trace_root,
      .lock = r->type == RW_REC_LOCK ? (uintptr_t)r->addr : 0,
      .lock_gen = r->type == RW_REC_LOCK ? r->aux : 0,
      .parent_slot = explicit_parent ? e->parent_slot : 0,
      .parent_seq = explicit_parent ? e->parent_seq : 0,
      .trace = ev->trace_id,
      .kind_json = r->type == RW_REC_JSON && e ? e->json : 0};
  if (r->type == RW_REC_ACCESS || r->type == RW_REC_LOCK) {
    if (!*ctx)   /* held: encoded only if a race sends it */
      *ctx = rw_wctx_new(ev);
    o.rec = r, o.ts_ns = ev->ts_ns, o.ctx = *ctx;
    rw_window_offer(&o);
    return 1;
  }
  ev->parent_id = 0;
  scratch.len = 0;
  rw_wire_event_begin(&scratch, ev);
  rw_kind_encode(&scratch, slot, r);
  rw_wire_event_end(&scratch, ev);
  const char *p = scratch.p ? strstr(scratch.p, key) : 0;
  if (scratch.oom || !p) {
    rw_batch_undeliverable(1);
    scratch.oom = 0;
    return 0;
  }
  o.text = scratch.p, o.len = scratch.len;
  o.parent_at = (size_t)(p - scratch.p) + sizeof key - 1;
  rw_window_offer(&o);
  return 1;
}

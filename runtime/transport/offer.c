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

/* What the window needs of every record. */
static rw_window_event window_event(uint32_t slot, const rw_rec *r, const char *trace,
                                    int explicit_parent) {
  const rw_ext *e = r->ext;
  return (rw_window_event){
      .slot = slot, .seq = r->seq, .type = r->type,
      .acquire = (r->flags & RW_RECF_ACQUIRE) != 0,
      .trace_root = e && (e->flags & RW_EXT_TRACE) && e->trace_root,
      .lock = r->type == RW_REC_LOCK ? (uintptr_t)r->addr : 0,
      .lock_gen = r->type == RW_REC_LOCK ? r->aux : 0,
      .parent_slot = explicit_parent ? e->parent_slot : 0,
      .parent_seq = explicit_parent ? e->parent_seq : 0,
      .trace = trace,
      .kind_json = r->type == RW_REC_JSON && e ? e->json : 0};
}

int rw_offer_held(uint32_t slot, rw_wctx *ctx, const rw_rec *r, const char *trace,
                  uint64_t ts_ns, int explicit_parent) {
  rw_window_event o = window_event(slot, r, trace, explicit_parent);
  o.rec = r, o.ts_ns = ts_ns, o.ctx = ctx;   /* encoded only if a race sends it */
  rw_window_offer(&o);
  return 1;
}

int rw_offer_record(uint32_t slot, const rw_rec *r, rw_event *ev, int explicit_parent) {
  static const char key[] = "\"parent_id\":";
  rw_window_event o = window_event(slot, r, ev->trace_id, explicit_parent);
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

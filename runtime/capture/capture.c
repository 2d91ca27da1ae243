/*
 * capture.c - appending events to the calling thread's ring.
 *
 * Every rw_capture_<kind> reserves one 64-byte record, fills it and publishes it.
 * Strings are not copied on the data path: pass sites are constants, and
 * other texts are interned.  Rare extras (a new causality vector, an
 * explicit parent, a trace switch, manual-API JSON) go in an rw_ext that
 * the flusher frees: taken from the ring's extras area (ring.h), its clock
 * entries in the same block.
 */
#include "capture/capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/budget.h"
#include "common/config.h"
#include "common/export.h"
#include "common/rawalloc.h"
#include "common/trace_context.h"
#include "common/ids.h"
#include "common/wire.h"

_Atomic int rw_capture_on;
static void (*_Atomic wake_fn)(void);

void rw_capture_set_wake(void (*wake)(void)) {
  atomic_store_explicit(&wake_fn, wake, memory_order_release);
  rw_ring_set_wake(wake);
}

void rw_capture_destroy(rw_capture *c) { rw_vc_free(&c->sent); }

void rw_capture_init(rw_capture *c, uint32_t slot, rw_hb *hb, rw_ring *ring) {
  rw_vc_init(&c->sent);
  c->slot = slot;
  c->hb = hb;
  c->seq = 1;
  c->first = 1;             /* hb_init set vc_changed: its event has extras */
  memcpy(c->trace_id, rw_ids_process_trace, 16);
  c->ring = ring;
  c->lazy_lock[0] = RW_LAZY_NONE;
}

/* A copy of text from the runtime's allocator (common/ialloc.h): the
 * flusher frees an event's text, often long after, and a block of this
 * thread's malloc arena freed there stays in that arena (per request,
 * a thread per connection: bench/RESULTS.md, "The runtime's own
 * allocator").  NULL for NULL or no memory. */
static char *raw_copy(const char *text) {
  return text ? rw_raw_strndup(text, strlen(text)) : 0;
}

/* A request trace started from a raceway-clock header: the context's
 * components as causality_vector items, the own "<service>#<instance>"
 * first (wire spec 5.4: the other SDKs send the full context vector).
 * Malloc'd; NULL when the trace had no incoming clock.  Once per request,
 * so encoding here costs the application thread nothing per access. */
static char *clock_items(const rw_trace_ctx *ctx) {
  if (!ctx || ctx->nclock == 0)
    return 0;
  char own[RW_TRACE_MAX_COMPONENT];
  snprintf(own, sizeof own, "%s#%s", rw_cfg.pub.service_name ? rw_cfg.pub.service_name : "",
           rw_cfg.pub.instance_id ? rw_cfg.pub.instance_id : "");
  uint64_t own_value = 0;
  rw_buf b = {0};
  for (uint32_t i = 0; i < ctx->nclock; i++)
    if (strcmp(ctx->clock[i].component, own) == 0)
      own_value = ctx->clock[i].value;
  rw_buf_putc(&b, '[');
  rw_json_string(&b, own);
  rw_buf_putc(&b, ',');
  rw_json_u64(&b, own_value);
  rw_buf_putc(&b, ']');
  for (uint32_t i = 0; i < ctx->nclock; i++) {
    if (strcmp(ctx->clock[i].component, own) == 0)
      continue;
    rw_buf_puts(&b, ",[");
    rw_json_string(&b, ctx->clock[i].component);
    rw_buf_putc(&b, ',');
    rw_json_u64(&b, ctx->clock[i].value);
    rw_buf_putc(&b, ']');
  }
  return rw_buf_take(&b);
}

/* Snapshot of the extras pending on c; NULL when the memory budget or
 * malloc refused it (the record is then dropped; the extras stay pending
 * and ride on the next record).  A new clock goes as the entries that
 * grew since the last one sent (a thread's clock only grows): a few pairs
 * per event, whatever the number of threads; the encoder keeps the sum. */
rw_ext *rw_capture_take_ext(rw_capture *c) {
  uint32_t n = 0;
  const rw_vc *vc = &c->hb->vc;
  if (c->hb->vc_changed)
    for (uint32_t i = 0; i < vc->n; i++)
      n += vc->c[i] > rw_vc_get(&c->sent, i);
  /* One block: the ext and its clock entries, from the ring's extras
   * area (no malloc on this thread); one too large for it (a clock wider
   * than about 500 threads) from malloc and the budget's extras. */
  uint32_t bytes = (uint32_t)(sizeof(rw_ext) + 2 * n * sizeof(uint64_t));
  rw_ext *e;
  if (bytes <= rw_ring_xmax(c->ring)) {
    if (!(e = rw_ring_ext_alloc(c->ring, bytes)))
      return 0;
  } else {
    if (rw_budget_take(RW_BUDGET_EXTRAS, bytes) != 0)
      return 0;
    if (!(e = rw_raw_calloc(1, bytes))) {
      rw_budget_give(RW_BUDGET_EXTRAS, bytes);
      return 0;
    }
    e->charged = bytes;
  }
  e->vc = e->vc_inline;
  if (c->hb->vc_changed) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < vc->n && k < n; i++) {
      if (vc->c[i] > rw_vc_get(&c->sent, i) && rw_vc_set(&c->sent, i, vc->c[i]) == 0) {
        e->vc[2 * k] = i;
        e->vc[2 * k + 1] = vc->c[i];
        k++;
      }
    }
    e->nvc = k;
    e->flags |= RW_EXT_VC;
    c->hb->vc_changed = 0;
  }
  if (c->first) {
    e->flags |= RW_EXT_FIRST;
    c->first = 0;
  }
  if (c->spawn_lost) {
    e->flags |= RW_EXT_SPAWN_LOST;
    c->spawn_lost = 0;
  }
  if (c->parent_seq) {
    e->flags |= RW_EXT_PARENT;
    if (c->parent_slot & RW_CAPTURE_BEFORE)
      e->flags |= RW_EXT_PARENT_BEFORE;
    e->parent_slot = c->parent_slot & ~RW_CAPTURE_BEFORE;
    e->parent_seq = c->parent_seq;
    c->parent_seq = 0;
  }
  if (c->trace_changed) {
    e->flags |= RW_EXT_TRACE;
    memcpy(e->trace_id, c->trace_id, 16);
    memcpy(e->span_id, c->span_id, sizeof e->span_id);
    memcpy(e->upstream_span, c->upstream_span, sizeof e->upstream_span);
    e->trace_root = c->trace_root;
    char *clock = clock_items(c->trace_ctx);
    e->clock_json = raw_copy(clock);
    free(clock);
    c->trace_changed = 0;
    c->trace_root = 0;
  }
  return e;
}

/* Wake the flusher once a ring at its full size is half full (a smaller
 * one grows instead, or wakes it when full and it cannot: ring.c).  commit's count uses the
 * producer's cached tail, which only moves when the ring looks full, so a
 * producer that never fills the ring would cross half only once and leave
 * the flusher to its interval timer.  Re-read the real tail at half and
 * every 1/8 ring beyond it: one acquire load per cap/8 events at most. */
void rw_capture_wake(rw_ring *r, uint64_t queued) {
  uint64_t half = r->cap / 2;
  if (((queued - half) & (r->cap / 8 - 1)) != 0)   /* cap: a power of two >= 8 */
    return;
  uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
  r->tail_cache = rw_ring_seen_tail(r);
  void (*wake)(void) = atomic_load_explicit(&wake_fn, memory_order_acquire);
  if (head - r->tail_cache >= half && wake)
    wake();
}

static void set_loc(rw_rec *rec, rw_loc loc) {
  if (loc.site) {
    rec->site = loc.site;
  } else if (loc.pc) {
    rec->site = loc.pc;
    rec->flags |= RW_RECF_PC;
  } else {
    rec->site = loc.text;
    rec->flags |= RW_RECF_TEXT;
  }
}

static uint64_t record_lock(rw_capture *c, int acquire, const rw_pending_lock *l) {
  rw_rec *rec = rw_capture_begin(c, RW_RING_SYNC);
  if (!rec)
    return 0;
  rec->type = RW_REC_LOCK;
  rec->flags |= acquire ? RW_RECF_ACQUIRE : 0;
  rec->sub = l->kind;
  rec->aux = l->gen;
  rec->addr = l->lock;
  rec->a = (uintptr_t)(l->kind == RW_LOCK_MANUAL ? l->manual_type : 0);
  set_loc(rec, l->loc);
  return rw_capture_commit(c);
}

void rw_capture_settle_slow(rw_capture *c) {
  uint32_t n = c->nlazy;
  c->nlazy = 0;
  for (uint32_t i = 1; i <= n; i++) {
    uintptr_t lock = c->lazy_lock[i] & ~(uintptr_t)RW_LAZY_KIND_MASK;
    enum rw_lock_kind kind = (enum rw_lock_kind)(c->lazy_lock[i] & RW_LAZY_KIND_MASK);
    uint32_t gen = rw_sync_hold(c->hb, lock, kind == RW_LOCK_RW_READ, kind);
    rw_capture_lock(c, 1, lock, gen, kind, 0, (rw_loc){0, c->lazy_pc[i], 0});
  }
}

/* Record the held-back acquisitions (lazy ones settled first), oldest
 * first, before the event that made them matter. */
void rw_capture_flush_pending(rw_capture *c) {
  rw_capture_settle(c);
  uint32_t n = c->npending;
  c->npending = 0;           /* record_lock -> rec_begin must not recurse */
  for (uint32_t i = 0; i < n; i++)
    record_lock(c, 1, &c->pending[i]);
}

/* A data record, acquisitions held back, and the ring looks full for data
 * (rw_capture_begin).  When the ring drops the record (counted), the
 * acquisitions stay held back: recording them first, as other records do,
 * filled the synchronisation records' room with an acquisition and a
 * release around each dropped access, and cost 230 of the 454 instructions
 * a key-value operation took at a full ring (bench/RESULTS.md).  The
 * record keeps the seq rw_capture_next_seq gave it (the detector names
 * it), so the acquisitions' seqs are skipped, a gap like any dropped
 * record's; they get new ones if recorded later.  The room counted is
 * the acquisitions' and the record's: an acquisition that took the last
 * data slot left its access to be dropped after it.  When they fit, they
 * are reserved again the usual way. */
RW_NOINLINE rw_rec *rw_capture_drop_guarded(rw_capture *c) {
  if (!c->nlazy && atomic_load_explicit(&rw_capture_on, memory_order_relaxed) &&
      !rw_ring_fits_after(c->ring, c->npending)) {
    c->seq += c->npending + 1u;
    return 0;
  }
  rw_capture_flush_pending(c);
  return rw_capture_begin(c, RW_RING_DATA);
}

/* Drop the newest held-back acquisition of `lock`; 1 if there was one. */
static int forget_pending_lock(rw_capture *c, uintptr_t lock) {
  for (uint32_t i = c->npending; i-- > 0;) {
    if (c->pending[i].lock != lock)
      continue;
    memmove(&c->pending[i], &c->pending[i + 1],
            (c->npending - i - 1) * sizeof c->pending[0]);
    c->npending--;
    return 1;
  }
  return 0;
}

uint64_t rw_capture_lock_slow(rw_capture *c, int acquire, uintptr_t lock, uint32_t gen,
                              enum rw_lock_kind kind, const char *manual_type,
                              rw_loc loc) {
  rw_pending_lock l = {lock, gen, (uint8_t)kind, manual_type, loc};
  if (rw_cfg.all_lock_events || !c->ring)
    return record_lock(c, acquire, &l);
  if (!acquire)
    return forget_pending_lock(c, lock) ? 0 : record_lock(c, 0, &l);
  if (c->npending == RW_MAX_PENDING_LOCKS)
    rw_capture_flush_pending(c);
  /* No timestamp yet: a recorded acquisition is stamped when it is
   * recorded, just before the event it guards (order is kept by seq). */
  c->pending[c->npending++] = l;
  return 0;
}

uint64_t rw_capture_spawn(rw_capture *c, rw_loc loc, uint8_t task_id[16]) {
  rw_rec *rec = rw_capture_begin(c, RW_RING_SYNC);
  if (!rec) {
    rw_ids_random_uuid(task_id);
    /* The spawn's tick (rw_sync_fork) gives the next record an ext. */
    c->spawn_lost = !c->first;
    return 0;
  }
  rec->type = RW_REC_SPAWN;
  set_loc(rec, loc);
  uint64_t seq = rw_capture_commit(c);
  rw_ids_task(c->slot, seq, task_id);
  return seq;
}

uint64_t rw_capture_await(rw_capture *c, const uint8_t task_id[16],
                       uint32_t child_slot, uint64_t child_last_seq,
                       rw_loc loc) {
  if (child_last_seq) {
    c->parent_slot = child_slot;
    c->parent_seq = child_last_seq;
  }
  rw_rec *rec = rw_capture_begin(c, RW_RING_SYNC);
  if (!rec)
    return 0;
  rec->type = RW_REC_AWAIT;
  memcpy(&rec->a, task_id, 8);
  memcpy(&rec->b, task_id + 8, 8);
  set_loc(rec, loc);
  return rw_capture_commit(c);
}

uint64_t rw_capture_fence(rw_capture *c, const raceway_site *s) {
  rw_rec *rec = rw_capture_begin(c, RW_RING_SYNC);
  if (!rec)
    return 0;
  rec->type = RW_REC_FENCE;
  rec->sub = s ? s->order : RACEWAY_ORDER_SEQ_CST;
  rec->site = s;
  return rw_capture_commit(c);
}

/* A record that needs an ext of its own (manual API, function args)
 * holding `payload` more bytes; NULL if the record, the memory budget or
 * malloc is unavailable (the reservation is counted as dropped).  A
 * record that already carries pending extras (a new clock) is kept with
 * *payload_ok 0 instead: it goes out as "raceway_lost_payload". */
static rw_rec *rec_begin_ext(rw_capture *c, int cls, size_t payload, int *payload_ok) {
  rw_rec *rec = rw_capture_begin(c, cls);
  *payload_ok = 0;
  if (!rec)
    return 0;
  uint32_t bytes = (uint32_t)(payload + (rec->ext ? 0 : sizeof(rw_ext)));
  if (rw_budget_take(RW_BUDGET_EXTRAS, bytes) != 0) {
    if (rec->ext)
      return rec;
    rw_ring_cancel(c->ring);
    return 0;
  }
  if (!rec->ext && !(rec->ext = rw_raw_calloc(1, sizeof(rw_ext)))) {
    rw_budget_give(RW_BUDGET_EXTRAS, bytes);
    rw_ring_cancel(c->ring);
    return 0;
  }
  rec->ext->charged += bytes;
  *payload_ok = 1;
  return rec;
}

uint64_t rw_capture_func(rw_capture *c, const raceway_func_site *f,
                      const uint64_t *args) {
  int ok;
  rw_rec *rec = rec_begin_ext(c, RW_RING_DATA, f->nargs * sizeof(uint64_t), &ok);
  if (!rec)
    return 0;
  rec->type = RW_REC_FUNC;
  rec->site = f;
  if (ok && args && f->nargs) {
    rec->ext->args = rw_raw_malloc(f->nargs * sizeof(uint64_t));
    if (rec->ext->args)
      memcpy(rec->ext->args, args, f->nargs * sizeof(uint64_t));
  }
  return rw_capture_commit(c);
}

/* own: from rw_raw_*, taken. */
static uint64_t json_raw(rw_capture *c, int cls, char *own) {
  int ok = 0;
  rw_rec *rec = own ? rec_begin_ext(c, cls, strlen(own) + 1, &ok) : 0;
  if (!ok)
    rw_raw_free(own);
  if (!rec)
    return 0;
  rec->type = RW_REC_JSON;
  rec->ext->json = ok ? own : 0;
  return rw_capture_commit(c);
}

static uint64_t json_owned(rw_capture *c, int cls, char *kind_json) {
  char *own = raw_copy(kind_json);
  free(kind_json);
  return json_raw(c, cls, own);
}

uint64_t rw_capture_json_owned(rw_capture *c, char *kind_json) {
  return json_owned(c, RW_RING_DATA, kind_json);
}

uint64_t rw_capture_kind_json(rw_capture *c, const char *kind_json) {
  if (!kind_json || !atomic_load_explicit(&rw_capture_on, memory_order_relaxed))
    return 0;
  char *own = raw_copy(kind_json);
  return own ? json_raw(c, RW_RING_DATA, own) : 0;
}

static uint64_t custom(rw_capture *c, int cls, const char *name, const char *data_json) {
  if (!atomic_load_explicit(&rw_capture_on, memory_order_relaxed))
    return 0;
  rw_buf b = {0};
  rw_wire_custom(&b, name, data_json);
  return json_owned(c, cls, rw_buf_take(&b));
}

uint64_t rw_capture_custom(rw_capture *c, const char *name, const char *data_json) {
  return custom(c, RW_RING_DATA, name, data_json);
}

uint64_t rw_capture_custom_critical(rw_capture *c, const char *name, const char *data_json) {
  return custom(c, RW_RING_CRITICAL, name, data_json);
}

uint64_t rw_capture_room_critical(rw_capture *c) {
  int on = c->ring && atomic_load_explicit(&rw_capture_on, memory_order_relaxed);
  return on ? rw_ring_room(c->ring, RW_RING_CRITICAL) : 0;
}

void rw_capture_count_lost(rw_capture *c) {
  if (c->ring)
    rw_ring_cancel(c->ring);
}

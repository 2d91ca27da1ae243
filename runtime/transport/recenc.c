/*
 * recenc.c - ring records to wire events (flusher thread only).
 *
 * Per thread the encoder keeps what the records leave implicit: the
 * previous event (the parent chain), the current trace, the last
 * causality vector and the held locks.  In RACEWAY_SEND=races mode the
 * encoded event goes to the races window, else to the batch.
 */
#include "transport/recenc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/slots.h"
#include "common/clock.h"
#include "common/config.h"
#include "common/ids.h"
#include "common/label.h"
#include "common/uuid.h"
#include "common/wire.h"
#include "transport/batch.h"
#include "transport/window.h"

#define MAX_HELD 16

typedef struct fslot {
  uint64_t done_seq;          /* every event <= this was encoded          */
  uint64_t last_ns;           /* timestamp of the previous event          */
  uint32_t prev_slot;         /* parent of the next chained event          */
  uint64_t prev_seq;          /* (0: the next event is a root)             */
  uint32_t saved_slot;        /* the process-trace chain during a request  */
  uint64_t saved_seq;
  char trace[37];
  char span[17], upstream[17];
  char *cv_json;              /* last causality vector, encoded            */
  char *vc_items;             /* its thread part ("[\"pid:tid\",n],...")   */
  char *clock_items;          /* its request part: the incoming
                                 raceway-clock (capture.c), NULL if none    */
  char *held[MAX_HELD];       /* lock ids held now, in order               */
  uint32_t nheld;
  char *ls_json;              /* `held` encoded, NULL when empty           */
} fslot;

static fslot *fstate(uint32_t slot) {
  rw_slot *s = rw_slots_get(slot);
  if (!s)
    return 0;
  if (!s->fstate) {
    fslot *fs = calloc(1, sizeof *fs);
    if (!fs)
      return 0;
    rw_uuid_format(rw_ids_process_trace, fs->trace);
    s->fstate = fs;
  }
  return s->fstate;
}

static void set_owned(char **p, char *v) {
  free(*p);
  *p = v;
}

/* cv_json = [vc_items, clock_items]. */
static void encode_cv(fslot *fs) {
  rw_buf b = {0};
  rw_buf_putc(&b, '[');
  if (fs->vc_items)
    rw_buf_puts(&b, fs->vc_items);
  if (fs->clock_items) {
    if (fs->vc_items && fs->vc_items[0])
      rw_buf_putc(&b, ',');
    rw_buf_puts(&b, fs->clock_items);
  }
  rw_buf_putc(&b, ']');
  set_owned(&fs->cv_json, rw_buf_take(&b));
}

static void encode_vc(fslot *fs, const rw_ext *e) {
  rw_buf b = {0};
  rw_buf_puts(&b, "");
  for (uint32_t i = 0; i < e->nvc; i++) {
    const char *name = rw_slots_name((uint32_t)e->vc[2 * i]);
    if (!name)
      continue;
    if (b.len > 0)
      rw_buf_putc(&b, ',');
    rw_buf_putc(&b, '[');
    rw_json_string(&b, name);
    rw_buf_putc(&b, ',');
    rw_json_u64(&b, e->vc[2 * i + 1]);
    rw_buf_putc(&b, ']');
  }
  set_owned(&fs->vc_items, rw_buf_take(&b));
  encode_cv(fs);
}

static void encode_lock_set(fslot *fs) {
  if (fs->nheld == 0) {
    set_owned(&fs->ls_json, 0);
    return;
  }
  rw_buf b = {0};
  rw_buf_putc(&b, '[');
  for (uint32_t i = 0; i < fs->nheld; i++) {
    if (i)
      rw_buf_putc(&b, ',');
    rw_json_string(&b, fs->held[i]);
  }
  rw_buf_putc(&b, ']');
  set_owned(&fs->ls_json, rw_buf_take(&b));
}

static void apply_trace(fslot *fs, const rw_ext *e) {
  int to_process = memcmp(e->trace_id, rw_ids_process_trace, 16) == 0;
  if (!to_process && e->trace_root) {
    /* A request trace starts: remember where the process chain was. */
    fs->saved_slot = fs->prev_slot;
    fs->saved_seq = fs->prev_seq;
    fs->prev_seq = 0;
  } else if (to_process && !e->trace_root) {
    fs->prev_slot = fs->saved_slot;
    fs->prev_seq = fs->saved_seq;
  } else if (e->trace_root) {
    fs->prev_seq = 0;
  }
  rw_uuid_format(e->trace_id, fs->trace);
  if (fs->clock_items || e->clock_json) {
    set_owned(&fs->clock_items, e->clock_json ? strdup(e->clock_json) : 0);
    encode_cv(fs);
  }
  memcpy(fs->span, e->span_id, sizeof fs->span);
  memcpy(fs->upstream, e->upstream_span, sizeof fs->upstream);
}

/* ---- names and locations ---- */

/* Symbolised code addresses, cached (flusher only). */
#define PC_CACHE 256
static struct { const void *pc; char text[160]; } pc_cache[PC_CACHE];

static const char *pc_location(const void *pc) {
  size_t i = ((uintptr_t)pc >> 2) % PC_CACHE;
  if (pc_cache[i].pc == pc)
    return pc_cache[i].text;
  rw_label_pc(pc, pc_cache[i].text, sizeof pc_cache[i].text);
  pc_cache[i].pc = pc;
  return pc_cache[i].text;
}

static const char *rec_location(const rw_rec *r, char *buf, size_t len) {
  if (r->flags & RW_RECF_PC)
    return pc_location(r->site);
  if (r->flags & RW_RECF_TEXT)
    return r->site ? (const char *)r->site : "";
  if (!r->site)
    return "";
  rw_label_site(r->site, buf, len);
  return buf;
}

static const char *const lock_type_names[] = {"Mutex", "RwLock-Read",
                                              "RwLock-Write", "Spin", "Lock"};
static void rec_lock_id(const rw_rec *r, char *out, size_t len) {
  rw_label_lock((uintptr_t)r->addr, r->aux, r->sub, out, len);
}

/* ---- one record -> one event ---- */

static void func_args(rw_buf *b, const raceway_func_site *f, const uint64_t *args) {
  rw_buf_putc(b, '{');
  for (uint32_t i = 0; args && i < f->nargs; i++) {
    char name[32];
    if (i)
      rw_buf_putc(b, ',');
    if (f->arg_names && f->arg_names[i])
      rw_json_string(b, f->arg_names[i]);
    else {
      snprintf(name, sizeof name, "arg%u", i);
      rw_json_string(b, name);
    }
    rw_buf_putc(b, ':');
    rw_value v = {.kind = f->arg_kinds ? f->arg_kinds[i] : RACEWAY_VALUE_SINT,
                  .size = 8, .present = 1, .bits = args[i]};
    rw_json_value(b, &v);
  }
  rw_buf_putc(b, '}');
}

static void encode_kind(rw_buf *b, uint32_t slot, const rw_rec *r) {
  char loc[512], name[512];
  switch (r->type) {
  case RW_REC_ACCESS: {
    const raceway_site *s = r->site;
    rw_label_variable(s, (uintptr_t)r->addr, name, sizeof name);
    int redact = s->flags & RACEWAY_SITE_REDACT;
    rw_value old = {s->value_kind, s->size, !redact && (r->flags & RW_RECF_HAS_OLD), r->a, 0};
    rw_value nv = {s->value_kind, s->size, !redact, r->b, 0};
    rw_label_site(s, loc, sizeof loc);
    rw_wire_state_change(b, name, &old, &nv, loc, s->access <= 4 ? s->access : 0);
    break;
  }
  case RW_REC_LOCK: {
    unsigned k = r->sub <= RW_LOCK_MANUAL ? r->sub : RW_LOCK_MANUAL;
    const char *type = k == RW_LOCK_MANUAL && r->a ? (const char *)(uintptr_t)r->a
                                                   : lock_type_names[k];
    rec_lock_id(r, name, sizeof name);
    rw_wire_lock(b, r->flags & RW_RECF_ACQUIRE, name, type,
                 rec_location(r, loc, sizeof loc));
    break;
  }
  case RW_REC_SPAWN: {
    uint8_t id[16];
    rw_ids_task(slot, r->seq, id);
    rw_uuid_format(id, name);
    rw_wire_spawn(b, name, rec_location(r, loc, sizeof loc));
    break;
  }
  case RW_REC_AWAIT: {
    uint8_t id[16];
    memcpy(id, &r->a, 8);
    memcpy(id + 8, &r->b, 8);
    rw_uuid_format(id, name);
    rw_wire_await(b, name, rec_location(r, loc, sizeof loc));
    break;
  }
  case RW_REC_FENCE:
    rw_wire_fence(b, r->sub, rec_location(r, loc, sizeof loc));
    break;
  case RW_REC_FUNC: {
    const raceway_func_site *f = r->site;
    rw_buf args = {0};
    func_args(&args, f, r->ext ? r->ext->args : 0);
    rw_wire_function_call(b, f->name, f->module, args.p, f->file, f->line);
    rw_buf_free(&args);
    break;
  }
  default:
    if (r->ext && r->ext->json)
      rw_buf_puts(b, r->ext->json);
    else
      rw_wire_custom(b, "raceway_lost_payload", 0);
  }
}

static void lock_update(fslot *fs, const rw_rec *r) {
  char id[512];
  rec_lock_id(r, id, sizeof id);
  if (r->flags & RW_RECF_ACQUIRE) {
    if (fs->nheld < MAX_HELD && (fs->held[fs->nheld] = strdup(id)))
      fs->nheld++;
  } else {
    for (uint32_t i = fs->nheld; i-- > 0;) {
      if (strcmp(fs->held[i], id) == 0) {
        free(fs->held[i]);
        memmove(&fs->held[i], &fs->held[i + 1], (fs->nheld - i - 1) * sizeof(char *));
        fs->nheld--;
        break;
      }
    }
  }
  encode_lock_set(fs);
}

/* RACEWAY_SEND=races: encode with parent_id null and let window.c
 * send it (re-parented), hold it, or filter it. */
static rw_buf scratch;

static void offer_record(uint32_t slot, const rw_rec *r, rw_event *ev) {
  static const char key[] = "\"parent_id\":";
  ev->parent_id = 0;
  scratch.len = 0;
  rw_wire_event_begin(&scratch, ev);
  encode_kind(&scratch, slot, r);
  rw_wire_event_end(&scratch, ev);
  const char *p = scratch.p ? strstr(scratch.p, key) : 0;
  if (scratch.oom || !p) {
    rw_batch_undeliverable(1);
    scratch.oom = 0;
    return;
  }
  const rw_ext *e = r->ext;
  int explicit_parent = e && (e->flags & RW_EXT_PARENT);
  rw_window_event o = {
      .slot = slot, .seq = r->seq, .type = r->type,
      .acquire = (r->flags & RW_RECF_ACQUIRE) != 0,
      .trace_root = e && (e->flags & RW_EXT_TRACE) && e->trace_root,
      .lock = r->type == RW_REC_LOCK ? (uintptr_t)r->addr : 0,
      .lock_gen = r->type == RW_REC_LOCK ? r->aux : 0,
      .parent_slot = explicit_parent ? e->parent_slot : 0,
      .parent_seq = explicit_parent ? e->parent_seq : 0,
      .trace = ev->trace_id, .text = scratch.p, .len = scratch.len,
      .parent_at = (size_t)(p - scratch.p) + sizeof key - 1,
      .kind_json = r->type == RW_REC_JSON && e ? e->json : 0};
  rw_window_offer(&o);
}

/* A record without a clock reading (capture.h: one data record in 16 has
 * one) is 1 ns after the previous event of its thread: order is exact,
 * time is as precise as the last reading. */
static uint64_t event_ns(fslot *fs, const rw_rec *r) {
  uint64_t ns = r->ts ? rw_clock_to_ns(r->ts) : fs->last_ns + 1;
  if (ns <= fs->last_ns)
    ns = fs->last_ns + 1;
  fs->last_ns = ns;
  return ns;
}

void rw_recenc_record(uint32_t slot, const rw_rec *r) {
  rw_slot *s = rw_slots_get(slot);
  fslot *fs = fstate(slot);
  if (!s || !fs) {
    rw_batch_undeliverable(1);
    return;
  }
  const rw_ext *e = r->ext;
  if (e && (e->flags & RW_EXT_TRACE))
    apply_trace(fs, e);
  if (e && (e->flags & RW_EXT_VC))
    encode_vc(fs, e);
  char id[37], parent[37];
  const char *parent_id = 0;
  rw_ids_event(slot, r->seq, id);
  if (e && (e->flags & RW_EXT_PARENT)) {
    rw_ids_event(e->parent_slot, e->parent_seq, parent);
    parent_id = parent;
  } else if (fs->prev_seq) {
    rw_ids_event(fs->prev_slot, fs->prev_seq, parent);
    parent_id = parent;
  }
  rw_meta m = {s->name, rw_ids_pid, rw_cfg.pub.service_name, rw_cfg.pub.environment,
               rw_cfg.pub.instance_id, fs->span, fs->upstream};
  rw_event ev = {id, parent_id, fs->trace, event_ns(fs, r), &m,
                 fs->cv_json, fs->ls_json};
  if (rw_cfg.send == RW_SEND_RACES) {
    offer_record(slot, r, &ev);
  } else if (rw_batch_event_start() == 0) {
    rw_buf *b = rw_batch_buf();
    rw_wire_event_begin(b, &ev);
    encode_kind(b, slot, r);
    rw_wire_event_end(b, &ev);
    rw_batch_event_end();
  }
  if (r->type == RW_REC_LOCK)
    lock_update(fs, r);
  fs->prev_slot = slot;
  fs->prev_seq = r->seq;
  fs->done_seq = r->seq;
}

int rw_recenc_done(uint32_t slot, uint64_t seq) {
  rw_slot *s = rw_slots_get(slot);
  fslot *fs = s ? s->fstate : 0;
  return fs && fs->done_seq >= seq;
}

void rw_recenc_after_fork(uint32_t slot) {
  rw_slot *s = rw_slots_get(slot);
  fslot *fs = s ? s->fstate : 0;
  if (!fs)
    return;
  fs->prev_seq = 0;
  while (fs->nheld)
    free(fs->held[--fs->nheld]);
  set_owned(&fs->ls_json, 0);
}

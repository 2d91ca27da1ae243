/*
 * kind.c - the "kind" object of one ring record ({"StateChange":{...}},
 * {"LockAcquire":{...}}, ...): names, locations and values as the server
 * reads them; the constant parts (sites, locations, lock kinds) come
 * pre-encoded from frag.c.  Flusher thread only.
 */
#include "transport/kind.h"

#include <stdio.h>
#include <string.h>

#include "common/ids.h"
#include "common/label.h"
#include "common/uuid.h"
#include "common/wire.h"
#include "transport/frag.h"

void rw_kind_lock_id(const rw_rec *r, char *out, size_t len) {
  rw_label_lock((uintptr_t)r->addr, r->aux, r->sub, out, len);
}

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

/* An access record's old and new values. */
static void access_values(const rw_rec *r, rw_value *old, rw_value *nv) {
  const raceway_site *s = r->site;
  int redact = s->flags & RACEWAY_SITE_REDACT;
  *old = (rw_value){s->value_kind, s->size, !redact && (r->flags & RW_RECF_HAS_OLD), r->a, 0};
  *nv = (rw_value){s->value_kind, s->size, !redact, r->b, 0};
}

rw_frag *rw_kind_access_frag(const rw_rec *r) {
  return rw_frag_site(r->site, (uintptr_t)r->addr);
}

char *rw_kind_access_at(char *p, const rw_rec *r, rw_frag *f) {
  rw_value old, nv;
  access_values(r, &old, &nv);
  memcpy(p, f->text, f->head);
  char *q = rw_json_int_at(p + f->head, &old, &f->value);
  if (!q)
    return 0;
  memcpy(q, ",\"new_value\":", 13);
  q = rw_json_int_at(q + 13, &nv, &f->value);
  if (!q)
    return 0;
  memcpy(q, f->text + f->head, f->tail);
  return q + f->tail;
}

void rw_kind_encode(rw_buf *b, uint32_t slot, const rw_rec *r) {
  char loc[512], name[512];
  switch (r->type) {
  case RW_REC_ACCESS: {
    const raceway_site *s = r->site;
    rw_value old, nv;
    access_values(r, &old, &nv);
    rw_frag *f = rw_frag_site(s, (uintptr_t)r->addr);
    if (f) {   /* the constant parts, encoded once (frag.h) */
      rw_buf_put(b, f->text, f->head);
      rw_wire_state_change_values(b, &old, &nv, &f->value);
      rw_buf_put(b, f->text + f->head, f->tail);
      break;
    }
    rw_label_variable(s, (uintptr_t)r->addr, name, sizeof name);
    rw_label_site(s, loc, sizeof loc);
    rw_wire_state_change(b, name, &old, &nv, loc, s->access <= 4 ? s->access : 0);
    break;
  }
  case RW_REC_LOCK:
    rw_frag_lock_kind(b, r);   /* encoded once per lock and site (frag.h) */
    break;
  case RW_REC_SPAWN: {
    uint8_t id[16];
    rw_ids_task(slot, r->seq, id);
    rw_uuid_format(id, name);
    rw_wire_spawn_head(b, name);
    rw_frag_location(b, r);
    rw_wire_kind_end(b);
    break;
  }
  case RW_REC_AWAIT: {
    uint8_t id[16];
    memcpy(id, &r->a, 8);
    memcpy(id + 8, &r->b, 8);
    rw_uuid_format(id, name);
    rw_wire_await_head(b, name);
    rw_frag_location(b, r);
    rw_wire_kind_end(b);
    break;
  }
  case RW_REC_FENCE:
    rw_wire_fence_head(b, r->sub);
    rw_frag_location(b, r);
    rw_wire_kind_end(b);
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

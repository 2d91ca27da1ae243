/*
 * frag.c - per-site and per-thread pre-encoded JSON (frag.h).
 *
 * Sites: a direct-mapped table of FRAG_N entries, allocated at the first
 * access event; a collision replaces the entry.  An entry is valid for its
 * site (the record's bytes, compared: a site of an unloaded module may be
 * reused by another), and for a field site also its object (base address)
 * and the object's name, an interned pointer (common/intern.h: one pointer
 * per string, kept until exit), so a renamed or freed-and-renamed object is
 * a miss, never a stale name.  Memory: the table plus texts of at most
 * FRAG_MAX_TEXT bytes each, taken from the budget (RW_BUDGET_FRAGS).
 */
#include "transport/frag.h"

#include <stdlib.h>
#include <string.h>

#include "common/budget.h"
#include "common/hash.h"
#include "common/label.h"
#include "common/names.h"

#define FRAG_N 1024
#define FRAG_MAX_TEXT 512

typedef struct fentry {
  const raceway_site *s;   /* NULL: empty */
  raceway_site copy;
  uintptr_t base;          /* field sites: the object; else 0 */
  const char *inst;        /* field sites: the object's name then */
  char *text;
  rw_frag f;
} fentry;

static fentry *table;
static int table_failed;
static int enabled = 1;
static uint64_t held;

void rw_frag_set_enabled(int on) { enabled = on; }
uint64_t rw_frag_bytes(void) { return held; }

static void give(uint64_t n) {
  rw_budget_give(RW_BUDGET_FRAGS, n);
  held -= n;
}

static int take(uint64_t n) {
  if (rw_budget_take(RW_BUDGET_FRAGS, n) != 0)
    return -1;
  held += n;
  return 0;
}

static fentry *table_get(void) {
  if (table || table_failed)
    return table;
  table = rw_budget_alloc(RW_BUDGET_FRAGS, FRAG_N * sizeof *table, 1);
  if (table)
    held += FRAG_N * sizeof *table;
  else
    table_failed = 1;   /* not retried: the long way is correct too */
  return table;
}

/* Encode e's fragments for s at addr (the uncached encoder's bytes). */
static int fill(fentry *e, const raceway_site *s, uintptr_t addr) {
  char name[512], loc[512];
  rw_label_variable(s, addr, name, sizeof name);
  rw_label_site(s, loc, sizeof loc);
  rw_buf b = {0};
  rw_wire_state_change_head(&b, name);
  size_t head = b.len;
  rw_wire_state_change_tail(&b, loc, s->access <= 4 ? s->access : 0);
  if (b.oom || !b.p || b.len > FRAG_MAX_TEXT || take(b.len) != 0) {
    rw_buf_free(&b);
    return -1;
  }
  e->f.head = (uint32_t)head;
  e->f.tail = (uint32_t)(b.len - head);
  e->text = rw_buf_take(&b);
  e->f.text = e->text;
  return 0;
}

const rw_frag *rw_frag_site(const raceway_site *s, uintptr_t addr) {
  if (!enabled || !s)
    return 0;
  fentry *t = table_get();
  if (!t)
    return 0;
  uintptr_t base = 0;
  const char *inst = 0;
  if (s->flags & RACEWAY_SITE_FIELD) {
    base = addr - s->field_offset;
    inst = rw_names_get(RW_NAMES_OBJECT, base);
  }
  uintptr_t h = (uintptr_t)s ^ (uintptr_t)rw_hash_u64(base);
  fentry *e = &t[(h >> 4) % FRAG_N];
  if (e->s == s && e->base == base && e->inst == inst &&
      memcmp(&e->copy, s, sizeof *s) == 0)
    return &e->f;
  if (e->text) {
    give(e->f.head + e->f.tail);
    free(e->text);
  }
  memset(e, 0, sizeof *e);
  if (fill(e, s, addr) != 0)
    return 0;
  e->s = s;
  e->copy = *s;
  e->base = base;
  e->inst = inst;
  return &e->f;
}

/* ---- a thread's metadata block ---- */

#define META_MAX_TEXT 1024

/* Copy s (NULL: "") into out if it fits, else -1. */
static int keep(char *out, size_t len, const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n >= len)
    return -1;
  memcpy(out, s ? s : "", n + 1);
  return 0;
}

static int same(const char *kept, const char *s) { return strcmp(kept, s ? s : "") == 0; }

void rw_frag_meta_free(rw_frag_meta *c) {
  if (c->text) {
    give(c->len);
    free(c->text);
  }
  memset(c, 0, sizeof *c);
}

const char *rw_frag_meta_get(rw_frag_meta *c, const rw_meta *m, size_t *len) {
  if (!enabled || m->instance_id)
    return 0;
  if (c->text && c->pid == m->process_id && c->service == m->service_name &&
      c->environment == m->environment && same(c->thread, m->thread_id) &&
      same(c->span, m->span_id) && same(c->upstream, m->upstream_span)) {
    *len = c->len;
    return c->text;
  }
  rw_frag_meta_free(c);
  if (keep(c->thread, sizeof c->thread, m->thread_id) != 0 ||
      keep(c->span, sizeof c->span, m->span_id) != 0 ||
      keep(c->upstream, sizeof c->upstream, m->upstream_span) != 0)
    return 0;
  rw_buf b = {0};
  rw_wire_metadata(&b, m);
  if (b.oom || !b.p || b.len > META_MAX_TEXT || take(b.len) != 0) {
    rw_buf_free(&b);
    return 0;
  }
  c->len = b.len;
  c->text = rw_buf_take(&b);
  c->pid = m->process_id;
  c->service = m->service_name;
  c->environment = m->environment;
  *len = c->len;
  return c->text;
}

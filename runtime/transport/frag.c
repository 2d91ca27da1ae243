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
 *
 * Locations (lock, spawn, await, fence records) and lock kinds: the same
 * direct-mapped scheme, keyed by the record's location (a pass site by its
 * bytes as above; a code address, an interned text or none by pointer) and
 * for a lock by everything its id and kind are spelled from: address,
 * generation, kind, manual type and the lock's name then (interned).
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

/* a and b byte for byte (a site's 48 bytes: inline, no memcmp call). */
static inline int site_same(const raceway_site *a, const raceway_site *b) {
  _Static_assert(sizeof(raceway_site) % 8 == 0, "whole words");
  uint64_t x[sizeof *a / 8], y[sizeof *a / 8], d = 0;
  memcpy(x, a, sizeof x);
  memcpy(y, b, sizeof y);
  for (size_t i = 0; i < sizeof x / 8; i++)
    d |= x[i] ^ y[i];
  return d == 0;
}

static fentry *table;
static int table_failed;
int rw_frag_on = 1;
static uint64_t held;

void rw_frag_set_enabled(int on) { rw_frag_on = on; }
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

static void *table_once(void **t, int *failed, size_t n, size_t size);

static fentry *table_get(void) {
  return table_once((void **)&table, &table_failed, FRAG_N, sizeof *table);
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

rw_frag *rw_frag_site(const raceway_site *s, uintptr_t addr) {
  if (!rw_frag_on || !s)
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
  if (e->s == s && e->base == base && e->inst == inst && site_same(&e->copy, s))
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

void rw_frag_meta_free(rw_frag_meta *c) {
  if (c->text) {
    give(c->len);
    free(c->text);
  }
  memset(c, 0, sizeof *c);
}

const char *rw_frag_meta_make(rw_frag_meta *c, const rw_meta *m, size_t *len) {
  if (!rw_frag_on || m->instance_id || !m->thread_id)
    return 0;
  rw_frag_meta_free(c);
  memcpy(c->thread, m->thread_id, sizeof c->thread);
  if (!memchr(c->thread, 0, sizeof c->thread) ||
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

/* ---- locations ---- */

/* Symbolised code addresses, cached (fixed size, not budgeted). */
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

static const char *loc_text(const rw_rec *r, char *buf, size_t len) {
  if (r->flags & RW_RECF_PC)
    return pc_location(r->site);
  if (r->flags & RW_RECF_TEXT)
    return r->site ? (const char *)r->site : "";
  if (!r->site)
    return "";
  rw_label_site(r->site, buf, len);
  return buf;
}

/* What a record's location is spelled from. */
typedef struct lockey {
  const void *site;
  uint8_t flags;             /* RW_RECF_PC, RW_RECF_TEXT or 0 */
  raceway_site copy;         /* flags 0: the site's bytes */
} lockey;

static uint8_t key_flags(const rw_rec *r) {
  return (uint8_t)(r->flags & (RW_RECF_PC | RW_RECF_TEXT));
}

static void key_of(const rw_rec *r, lockey *k) {
  memset(k, 0, sizeof *k);
  k->site = r->site;
  k->flags = key_flags(r);
  if (!k->flags && r->site)
    k->copy = *(const raceway_site *)r->site;
}

/* k is r's key (key_of), without building r's: a hit costs no copy. */
static int key_is(const lockey *k, const rw_rec *r) {
  uint8_t flags = key_flags(r);
  return k->site == r->site && k->flags == flags &&
         (flags || !r->site || site_same(&k->copy, (const raceway_site *)r->site));
}

/* A zeroed table of n entries of `size` bytes, once (NULL: not retried). */
static void *table_once(void **t, int *failed, size_t n, size_t size) {
  if (!*t && !*failed) {
    *t = rw_budget_alloc(RW_BUDGET_FRAGS, n * size, 1);
    if (*t)
      held += n * size;
    else
      *failed = 1;
  }
  return *t;
}

/* Keep b's text (taken over) in *text, its size in *size; -1: not kept. */
static int keep_text(rw_buf *b, char **text, uint32_t *size) {
  if (b->oom || !b->p || b->len > FRAG_MAX_TEXT || take(b->len) != 0) {
    rw_buf_free(b);
    return -1;
  }
  *size = (uint32_t)b->len;
  *text = rw_buf_take(b);
  return 0;
}

static void drop_text(char **text, uint32_t *size) {
  if (*text) {
    give(*size);
    free(*text);
    *text = 0;
  }
}

#define LOC_BITS 8
#define LOC_N (1u << LOC_BITS)
typedef struct lentry { lockey k; char *json; uint32_t len; } lentry;
static lentry *locs;
static int locs_failed;

void rw_frag_location(rw_buf *b, const rw_rec *r) {
  char buf[512];
  if (!rw_frag_on || !table_once((void **)&locs, &locs_failed, LOC_N, sizeof *locs)) {
    rw_json_string(b, loc_text(r, buf, sizeof buf));
    return;
  }
  lentry *e = &locs[rw_hash_bucket((uintptr_t)r->site, LOC_BITS)];
  if (e->json && key_is(&e->k, r)) {
    rw_buf_put(b, e->json, e->len);
    return;
  }
  drop_text(&e->json, &e->len);
  rw_buf t = {0};
  rw_json_string(&t, loc_text(r, buf, sizeof buf));
  if (keep_text(&t, &e->json, &e->len) == 0) {
    key_of(r, &e->k);
    rw_buf_put(b, e->json, e->len);
  } else {
    rw_json_string(b, loc_text(r, buf, sizeof buf));
  }
}

/* ---- lock kinds and ids ---- */

static const char *lock_type(const rw_rec *r) {
  static const char *const names[] = {"Mutex", "RwLock-Read", "RwLock-Write", "Spin", "Lock"};
  unsigned k = r->sub <= RW_LOCK_MANUAL ? r->sub : RW_LOCK_MANUAL;
  return k == RW_LOCK_MANUAL && r->a ? (const char *)(uintptr_t)r->a : names[k];
}

/* r's kind, its lock id given (rw_label_lock's). */
static void lock_kind(rw_buf *b, const rw_rec *r, const char *id) {
  rw_buf idj = {0};
  rw_json_string(&idj, id);
  rw_wire_lock_head(b, r->flags & RW_RECF_ACQUIRE, idj.p ? idj.p : "\"\"",
                    idj.p ? idj.len : 2, lock_type(r));
  rw_buf_free(&idj);
  rw_frag_location(b, r);
  rw_wire_kind_end(b);
}

#define LOCK_BITS 9
#define LOCK_N (1u << LOCK_BITS)   /* two ways per bucket: a lock's acquire and release
                        records, and a few locks, share buckets */
typedef struct kentry {
  uint64_t addr;
  uint32_t gen, size;
  uint8_t sub, acquire;
  const char *type;          /* lock_type (manual locks: interned) */
  const char *name;          /* the lock's name then (interned), or NULL */
  lockey k;
  char *text;                /* id, NUL, its JSON string, the kind */
  uint64_t used;             /* when last used (the older way goes) */
  rw_frag_lock f;
} kentry;
static uint64_t lks_clock;
static kentry *lks;
static int lks_failed;

static int fill_lock(kentry *e, const rw_rec *r) {
  char id[512];
  rw_label_lock((uintptr_t)r->addr, r->aux, r->sub, id, sizeof id);
  size_t n = strlen(id) + 1;
  rw_buf b = {0};
  rw_buf_put(&b, id, n);   /* with its NUL */
  rw_json_string(&b, id);
  size_t kind = b.len;
  lock_kind(&b, r, id);
  if (keep_text(&b, &e->text, &e->size) != 0)
    return -1;
  e->f = (rw_frag_lock){e->text, e->text + n, (uint32_t)(kind - n), e->text + kind,
                        (uint32_t)(e->size - kind)};
  return 0;
}

const rw_frag_lock *rw_frag_lock_get(const rw_rec *r) {
  if (!rw_frag_on || !table_once((void **)&lks, &lks_failed, LOCK_N, sizeof *lks))
    return 0;
  const char *name = rw_names_get(RW_NAMES_LOCK, (uintptr_t)r->addr);
  const char *type = lock_type(r);
  uint8_t acquire = (r->flags & RW_RECF_ACQUIRE) != 0;
  kentry *w = &lks[rw_hash_bucket(r->addr ^ (uintptr_t)r->site << 1 ^ acquire, LOCK_BITS) & ~1u];
  for (kentry *e = w; e < w + 2; e++)
    if (e->text && e->addr == r->addr && e->gen == r->aux && e->sub == r->sub &&
        e->acquire == acquire && e->type == type && e->name == name && key_is(&e->k, r)) {
      e->used = ++lks_clock;
      return &e->f;
    }
  kentry *e = w[0].used <= w[1].used ? &w[0] : &w[1];
  e->used = ++lks_clock;
  drop_text(&e->text, &e->size);
  if (fill_lock(e, r) != 0)
    return 0;
  e->addr = r->addr, e->gen = r->aux, e->sub = r->sub, e->acquire = acquire;
  e->type = type, e->name = name;
  key_of(r, &e->k);
  return &e->f;
}

void rw_frag_lock_kind(rw_buf *b, const rw_rec *r) {
  const rw_frag_lock *f = rw_frag_lock_get(r);
  if (f) {
    rw_buf_put(b, f->kind, f->kind_len);
    return;
  }
  char id[512];
  rw_label_lock((uintptr_t)r->addr, r->aux, r->sub, id, sizeof id);
  lock_kind(b, r, id);
}

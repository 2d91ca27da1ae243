/*
 * names.c - string interning and the object/lock name tables.
 *
 * Both are chained hash tables guarded by one spin lock each.  They are
 * touched off the hot path only: by the manual API, by interceptors naming
 * locations, and by the flusher when it builds variable and lock names.
 */
#include "names.h"
#include "capture.h"
#include "rawalloc.h"

#include <dlfcn.h>
#include <sched.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct rw_spin { atomic_flag f; } rw_spin;
static void spin_lock(rw_spin *s) {
  while (atomic_flag_test_and_set_explicit(&s->f, memory_order_acquire))
    sched_yield();
}
static void spin_unlock(rw_spin *s) {
  atomic_flag_clear_explicit(&s->f, memory_order_release);
}
static rw_spin intern_lock = {ATOMIC_FLAG_INIT};

/* ---- interning ---- */

#define INTERN_BUCKETS 4096
typedef struct istr { struct istr *next; uint64_t hash; char s[]; } istr;
static istr *intern_tab[INTERN_BUCKETS];

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;  /* FNV-1a */
  for (size_t i = 0; i < n; i++)
    h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
  return h;
}

const char *rw_intern_n(const char *s, size_t n) {
  if (!s)
    return 0;
  uint64_t h = hash_bytes(s, n);
  istr **b = &intern_tab[h % INTERN_BUCKETS];
  spin_lock(&intern_lock);
  for (istr *e = *b; e; e = e->next) {
    if (e->hash == h && strncmp(e->s, s, n) == 0 && e->s[n] == 0) {
      spin_unlock(&intern_lock);
      return e->s;
    }
  }
  istr *e = rw_raw_malloc(sizeof *e + n + 1);
  if (e) {
    e->hash = h;
    memcpy(e->s, s, n);
    e->s[n] = 0;
    e->next = *b;
    *b = e;
  }
  spin_unlock(&intern_lock);
  return e ? e->s : 0;
}

const char *rw_intern(const char *s) {
  return s ? rw_intern_n(s, strlen(s)) : 0;
}

/* ---- address -> name tables ---- */

#define NAME_BUCKETS 1024
typedef struct nent { struct nent *next; uintptr_t addr; const char *name; } nent;
typedef struct ntab {
  rw_spin lock;
  atomic_uint count;       /* entries: lets rw_names_forget skip at once */
  nent *b[NAME_BUCKETS];
} ntab;
static ntab tabs[2] = {{.lock = {ATOMIC_FLAG_INIT}}, {.lock = {ATOMIC_FLAG_INIT}}};

static size_t bucket_of(uintptr_t a) { return (a >> 3) * 0x9E3779B97F4A7C15ull >> 54; }

int rw_name_set(enum rw_name_table table, uintptr_t addr, const char *name) {
  ntab *t = &tabs[table];
  const char *in = name ? rw_intern(name) : 0;
  if (name && !in)
    return -1;
  nent *fresh = in ? rw_raw_malloc(sizeof *fresh) : 0;
  if (in && !fresh)
    return -1;
  nent **pp = &t->b[bucket_of(addr)];
  nent *gone = 0;
  spin_lock(&t->lock);
  for (; *pp; pp = &(*pp)->next) {
    if ((*pp)->addr == addr) {
      if (in) {
        (*pp)->name = in;
        spin_unlock(&t->lock);
        rw_raw_free(fresh);
        return 0;
      }
      gone = *pp;
      *pp = gone->next;
      atomic_fetch_sub(&t->count, 1);
      break;
    }
  }
  if (in) {
    fresh->addr = addr;
    fresh->name = in;
    fresh->next = t->b[bucket_of(addr)];
    t->b[bucket_of(addr)] = fresh;
    atomic_fetch_add(&t->count, 1);
  }
  spin_unlock(&t->lock);
  rw_raw_free(gone);
  return 0;
}

const char *rw_name_get(enum rw_name_table table, uintptr_t addr) {
  ntab *t = &tabs[table];
  if (atomic_load_explicit(&t->count, memory_order_relaxed) == 0)
    return 0;
  const char *name = 0;
  spin_lock(&t->lock);
  for (nent *e = t->b[bucket_of(addr)]; e; e = e->next)
    if (e->addr == addr) {
      name = e->name;
      break;
    }
  spin_unlock(&t->lock);
  return name;
}

/* Unlink the entries of one bucket that fall in [addr, addr+len). */
static nent *unlink_range(ntab *t, size_t i, uintptr_t addr, size_t len, nent *dead) {
  for (nent **pp = &t->b[i]; *pp;) {
    nent *e = *pp;
    if (e->addr >= addr && e->addr - addr < len) {
      *pp = e->next;
      e->next = dead;
      dead = e;
      atomic_fetch_sub(&t->count, 1);
    } else {
      pp = &e->next;
    }
  }
  return dead;
}

void rw_names_forget(uintptr_t addr, size_t len) {
  if (len == 0)
    return;
  for (int k = 0; k < 2; k++) {
    ntab *t = &tabs[k];
    if (atomic_load_explicit(&t->count, memory_order_relaxed) == 0)
      continue;
    nent *dead = 0;
    uintptr_t g0 = addr >> 3, g1 = (addr + len - 1) >> 3;
    spin_lock(&t->lock);
    if (g1 - g0 < NAME_BUCKETS) {
      /* Small block: only the buckets its 8-byte groups hash to. */
      for (uintptr_t g = g0; g <= g1; g++)
        dead = unlink_range(t, bucket_of(g << 3), addr, len, dead);
    } else {
      for (size_t i = 0; i < NAME_BUCKETS; i++)
        dead = unlink_range(t, i, addr, len, dead);
    }
    spin_unlock(&t->lock);
    while (dead) {
      nent *n = dead->next;
      rw_raw_free(dead);
      dead = n;
    }
  }
}

void rw_names_after_fork(void) {
  /* Only the forking thread survives: a lock another thread held at the
   * fork would never be released.  An update it was making is a couple of
   * pointer stores; names are advisory, so that risk is accepted. */
  atomic_flag_clear(&intern_lock.f);
  atomic_flag_clear(&tabs[0].lock.f);
  atomic_flag_clear(&tabs[1].lock.f);
}

/* ---- names of variables and locks ---- */

void rw_variable_name(const raceway_site *s, uintptr_t addr, char *out,
                      size_t len) {
  if (!s) {
    snprintf(out, len, "0x%lx", (unsigned long)addr);
    return;
  }
  if (!(s->flags & RACEWAY_SITE_FIELD)) {
    snprintf(out, len, "%s", s->variable ? s->variable : "<unknown>");
    return;
  }
  uintptr_t base = addr - s->field_offset;
  const char *inst = rw_name_get(RW_NAMES_OBJECT, base);
  const char *field = s->variable ? s->variable : "<field>";
  if (inst)
    snprintf(out, len, "%s.%s", inst, field);
  else
    snprintf(out, len, "%s@0x%lx.%s", s->type_name ? s->type_name : "object",
             (unsigned long)base, field);
}

void rw_lock_id(uintptr_t addr, uint32_t gen, unsigned kind, char *out,
                size_t len) {
  static const char *const prefix[] = {"mutex", "rwlock", "rwlock", "spin",
                                       "lock"};
  const char *name = rw_name_get(RW_NAMES_LOCK, addr);
  unsigned k = kind <= RW_LOCK_MANUAL ? kind : RW_LOCK_MANUAL;
  if (name)
    snprintf(out, len, "%s", name);
  else if (gen)
    snprintf(out, len, "%s@0x%lx#%u", prefix[k], (unsigned long)addr, gen);
  else
    snprintf(out, len, "%s@0x%lx", prefix[k], (unsigned long)addr);
}

void rw_pc_describe(const void *pc, char *out, size_t len) {
  Dl_info info;
  if (dladdr(pc, &info) && info.dli_fname) {
    const char *obj = strrchr(info.dli_fname, '/');
    obj = obj ? obj + 1 : info.dli_fname;
    if (info.dli_sname)
      snprintf(out, len, "%s+0x%lx (%s)", info.dli_sname,
               (unsigned long)((uintptr_t)pc - (uintptr_t)info.dli_saddr), obj);
    else
      snprintf(out, len, "%s+0x%lx", obj,
               (unsigned long)((uintptr_t)pc - (uintptr_t)info.dli_fbase));
  } else {
    snprintf(out, len, "0x%lx", (unsigned long)(uintptr_t)pc);
  }
}

/*
 * label.c - how events and reports spell variables, locks, code addresses
 * and source sites: one function each, so the server's variable and the
 * report's always match.
 */
#include "common/label.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "common/names.h"

/* snprintf's result for the few formats of lock ids and sites (truncated
 * to len - 1 bytes, NUL-terminated), without its format parser: they are
 * spelled once per lock and access event the encoder writes. */
typedef struct lbuf {
  char *out;
  size_t len, n;
} lbuf;

static void put_c(lbuf *b, char c) {
  if (b->n + 1 < b->len)
    b->out[b->n] = c;
  b->n++;
}

static void put_s(lbuf *b, const char *str) {
  while (*str)
    put_c(b, *str++);
}

static void put_num(lbuf *b, uint64_t v, unsigned base) {
  char t[24];
  int k = 0;
  do
    t[k++] = "0123456789abcdef"[v % base];
  while ((v /= base) != 0);
  while (k)
    put_c(b, t[--k]);
}

static void put_end(lbuf *b) {
  if (b->len)
    b->out[b->n < b->len ? b->n : b->len - 1] = 0;
}

void rw_label_variable(const raceway_site *s, uintptr_t addr, char *out,
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
  const char *inst = rw_names_get(RW_NAMES_OBJECT, base);
  const char *field = s->variable ? s->variable : "<field>";
  if (inst)
    snprintf(out, len, "%s.%s", inst, field);
  else if ((s->flags & RACEWAY_SITE_GLOBAL) && s->type_name)
    snprintf(out, len, "%s.%s", s->type_name, field);
  else
    snprintf(out, len, "%s@0x%lx.%s", s->type_name ? s->type_name : "object",
             (unsigned long)base, field);
}

void rw_label_lock(uintptr_t addr, uint32_t gen, unsigned kind, char *out,
                size_t len) {
  static const char *const prefix[] = {"mutex", "rwlock", "rwlock", "spin",
                                       "lock"};
  const char *name = rw_names_get(RW_NAMES_LOCK, addr);
  unsigned k = kind <= RW_LOCK_MANUAL ? kind : RW_LOCK_MANUAL;
  lbuf b = {out, len, 0};
  if (name) {
    put_s(&b, name);
  } else {
    put_s(&b, prefix[k]);
    put_s(&b, "@0x");
    put_num(&b, addr, 16);
    if (gen) {
      put_c(&b, '#');
      put_num(&b, gen, 10);
    }
  }
  put_end(&b);
}

void rw_label_pc(const void *pc, char *out, size_t len) {
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

void rw_label_site(const raceway_site *s, char *out, size_t len) {
  const char *file = s && s->file ? s->file : "<unknown>";
  lbuf b = {out, len, 0};
  put_s(&b, file);
  if (s && s->line) {
    put_c(&b, ':');
    put_num(&b, s->line, 10);
    if (s->column) {
      put_c(&b, ':');
      put_num(&b, s->column, 10);
    }
  }
  put_end(&b);
}

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
  if (name)
    snprintf(out, len, "%s", name);
  else if (gen)
    snprintf(out, len, "%s@0x%lx#%u", prefix[k], (unsigned long)addr, gen);
  else
    snprintf(out, len, "%s@0x%lx", prefix[k], (unsigned long)addr);
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
  if (!s || s->line == 0)
    snprintf(out, len, "%s", file);
  else if (s->column == 0)
    snprintf(out, len, "%s:%u", file, s->line);
  else
    snprintf(out, len, "%s:%u:%u", file, s->line, s->column);
}

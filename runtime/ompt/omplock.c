/*
 * omplock.c - OpenMP locks, critical, ordered, atomic (omplock.h).
 */
#if RW_HAVE_OMPT
#include "ompt/omplock.h"

#include <stdio.h>

#include "common/names.h"
#include "ompt/objs.h"

static const char *kind_name(ompt_mutex_t kind) {
  switch (kind) {
  case ompt_mutex_lock:
  case ompt_mutex_test_lock:
    return "omp_lock";
  case ompt_mutex_nest_lock:
  case ompt_mutex_test_nest_lock:
    return "omp_nest_lock";
  case ompt_mutex_critical:
    return "omp_critical";
  case ompt_mutex_atomic:
    return "omp_atomic";
  case ompt_mutex_ordered:
    return "omp_ordered";
  }
  return "omp_mutex";
}

/* The automatic name of a lock ("omp_critical@0x..."). */
static void auto_name(ompt_mutex_t kind, uintptr_t addr, char *out, size_t len) {
  snprintf(out, len, "%s@0x%lx", kind_name(kind), (unsigned long)addr);
}

/* Name the lock unless it has a name (its user's, or ours already). */
static void name_lock(ompt_mutex_t kind, uintptr_t addr) {
  if (rw_names_get(RW_NAMES_LOCK, addr))
    return;
  char name[64];
  auto_name(kind, addr, name, sizeof name);
  rw_names_set(RW_NAMES_LOCK, addr, name);
}

/* Critical, ordered and atomic locks have no init callback: they are
 * named at their first acquisition by each thread (a few remembered per
 * thread, so the name table is not asked every time). */
#define SEEN 8
static __thread uintptr_t seen[SEEN] __attribute__((tls_model("initial-exec")));
static __thread unsigned seen_next __attribute__((tls_model("initial-exec")));

static void name_on_first_use(ompt_mutex_t kind, uintptr_t addr) {
  for (unsigned i = 0; i < SEEN; i++)
    if (seen[i] == addr)
      return;
  seen[seen_next++ % SEEN] = addr;
  name_lock(kind, addr);
}

void rw_omplock_init(ompt_mutex_t kind, unsigned hint, unsigned impl,
                     ompt_wait_id_t wait_id, const void *codeptr) {
  uintptr_t addr = (uintptr_t)wait_id;
  rw_icpt_reset((const void *)addr);
  if (kind == ompt_mutex_lock || kind == ompt_mutex_nest_lock)
    name_lock(kind, addr);
}

/* The name stays: the race report, printed at exit, names the lock as the
 * events did (freed memory forgets its names: rw_names_forget). */
void rw_omplock_destroy(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *codeptr) {
  rw_icpt_reset((const void *)(uintptr_t)wait_id);
}

void rw_omplock_acquired(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *codeptr) {
  rw_thread *t = rw_objs_thread();
  if (!t)
    return;
  uintptr_t addr = (uintptr_t)wait_id;
  if (kind != ompt_mutex_lock && kind != ompt_mutex_test_lock &&
      kind != ompt_mutex_nest_lock && kind != ompt_mutex_test_nest_lock)
    name_on_first_use(kind, addr);
  rw_loc loc = {0, codeptr, 0};
  rw_icpt_acquired(t, (const void *)addr, 0, RW_LOCK_MUTEX, loc);
}

void rw_omplock_released(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *codeptr) {
  rw_thread *t = rw_objs_thread();
  if (!t)
    return;
  rw_loc loc = {0, codeptr, 0};
  rw_icpt_releasing(t, (const void *)(uintptr_t)wait_id, 0, RW_LOCK_MUTEX, loc);
}
#endif

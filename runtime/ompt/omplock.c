/*
 * omplock.c - OpenMP locks, critical, ordered, atomic (omplock.h).
 */
#if RW_HAVE_OMPT
#include "ompt/omplock.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#include "common/hash.h"
#include "common/names.h"
#include "ompt/objs.h"

/*
 * libomp reports a lock's release after the lock is free, so another
 * thread can take it and report its acquisition before the releaser's
 * callback published the releaser's clock: that acquirer would not be
 * ordered after the critical section it follows (a false race).  So a
 * lock stays marked held, here, until its release callback has published;
 * an acquirer that finds it marked waits for that (only in that window:
 * the releaser is inside its callback).  A slot shared by two locks can
 * only make a thread wait longer, never unordered; the wait is bounded.
 */
#define HELD_BITS 12
#define HELD_WAIT_YIELDS 10000
static _Atomic uintptr_t held_tab[1u << HELD_BITS];

static _Atomic uintptr_t *held_slot(uintptr_t addr) {
  return &held_tab[rw_hash_bucket(addr >> 3, HELD_BITS)];
}

static void wait_published(uintptr_t addr) {
  _Atomic uintptr_t *h = held_slot(addr);
  for (int i = 0; i < HELD_WAIT_YIELDS &&
                  atomic_load_explicit(h, memory_order_acquire) == addr; i++)
    sched_yield();
}

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
  wait_published(addr);
  rw_icpt_acquired(t, (const void *)addr, 0, RW_LOCK_MUTEX, loc);
  atomic_store_explicit(held_slot(addr), addr, memory_order_release);
}

void rw_omplock_released(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *codeptr) {
  rw_thread *t = rw_objs_thread();
  if (!t)
    return;
  rw_loc loc = {0, codeptr, 0};
  uintptr_t addr = (uintptr_t)wait_id, mine = addr;
  rw_icpt_releasing(t, (const void *)addr, 0, RW_LOCK_MUTEX, loc);
  atomic_compare_exchange_strong_explicit(held_slot(addr), &mine, 0, memory_order_release,
                                          memory_order_relaxed);
}
#endif

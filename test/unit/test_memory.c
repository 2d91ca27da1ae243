/*
 * test_memory.c - what freed memory leaves behind and what the memory
 * budget refuses (issue #13): the page index (common/addrset.c), sync
 * objects and names forgotten by range, generations, and the budget's
 * parts for sync records, names and interned strings.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "common/addrset.h"
#include "common/budget.h"
#include "common/intern.h"
#include "common/label.h"
#include "common/names.h"
#include "hb/sync.h"

static rw_hb *thread_new(uint32_t slot) {
  rw_hb *t = calloc(1, sizeof *t);
  rw_sync_hb_init(t, slot);
  return t;
}

static void thread_free(rw_hb *t) {
  rw_sync_hb_destroy(t);
  free(t);
}

static uint64_t epoch(const rw_hb *t) { return rw_vc_get(&t->vc, t->slot); }

static void lock_unlock(rw_hb *t, uintptr_t a) {
  rw_sync_acquire(t, a, 0, RW_LOCK_MUTEX);
  rw_sync_release(t, a, 0);
}

static uint64_t sync_records(void) {
  uint64_t n, refused;
  rw_sync_counts(&n, &refused);
  return n;
}

/* ---- the page index ---- */

typedef struct pieces { int n; uintptr_t lo[8], hi[8]; } pieces;
static void collect(uintptr_t lo, uintptr_t hi, void *ctx) {
  pieces *p = ctx;
  if (p->n < 8) {
    p->lo[p->n] = lo;
    p->hi[p->n] = hi;
  }
  p->n++;
}

static void test_addrset(void) {
  static rw_addrset s = RW_ADDRSET_INIT;
  const uintptr_t base = (uintptr_t)1 << 40;       /* never dereferenced */
  pieces p = {0};
  rw_addrset_each(&s, base, 1 << 20, collect, &p);
  CHECK(p.n == 0, "%d pieces in an empty set", p.n);
  rw_addrset_add(&s, base + 100);
  rw_addrset_add(&s, base + 5 * 4096 + 300);
  rw_addrset_add(&s, base + (64u << 20));          /* 64 MiB further */
  CHECK(rw_addrset_count(&s) == 3);
  CHECK(rw_addrset_may_hold(&s, base + 100) && !rw_addrset_may_hold(&s, base + 4096));
  /* A range over all: one piece per 128-byte group that holds one (from
   * the lowest entry on). */
  p.n = 0;
  rw_addrset_each(&s, base, 128u << 20, collect, &p);
  CHECK(p.n == 3, "%d pieces", p.n);
  CHECK(p.lo[0] == base + 100 && p.hi[0] == base + 128);
  CHECK(p.lo[1] == base + 5 * 4096 + 256 && p.hi[1] == base + 5 * 4096 + 384);
  /* Clipped to the range; a range beside the entries visits nothing. */
  p.n = 0;
  rw_addrset_each(&s, base + 110, 10, collect, &p);
  CHECK(p.n == 1 && p.lo[0] == base + 110 && p.hi[0] == base + 120);
  p.n = 0;
  rw_addrset_each(&s, base + 4096, 4096, collect, &p);
  CHECK(p.n == 0, "%d pieces beside the entries", p.n);
  /* A length past the top of the address space: to the top. */
  p.n = 0;
  rw_addrset_each(&s, base + 1, SIZE_MAX, collect, &p);
  CHECK(p.n == 3, "%d pieces to the top", p.n);
  /* Removed: the page is empty again. */
  rw_addrset_remove(&s, base + 100);
  rw_addrset_remove(&s, base + 5 * 4096 + 300);
  rw_addrset_remove(&s, base + (64u << 20));
  p.n = 0;
  rw_addrset_each(&s, base, 128u << 20, collect, &p);
  CHECK(p.n == 0 && rw_addrset_count(&s) == 0);
}

/* ---- sync objects: generations live with the memory ---- */

static void test_generation_and_free(void) {
  rw_hb *t = thread_new(1), *u = thread_new(2);
  long *block = malloc(256);
  uintptr_t a = (uintptr_t)&block[2];
  lock_unlock(t, a);
  CHECK(rw_sync_generation(a) == 0);
  rw_sync_reset(a);                 /* destroy */
  rw_sync_reset(a);                 /* init: the same new generation */
  lock_unlock(t, a);
  CHECK(rw_sync_generation(a) == 1);
  char id[64], want[64];
  rw_label_lock(a, rw_sync_generation(a), RW_LOCK_MUTEX, id, sizeof id);
  snprintf(want, sizeof want, "mutex@0x%lx#1", (unsigned long)a);
  CHECK_STR(id, want);
  rw_sync_reset(a);
  lock_unlock(t, a);
  CHECK(rw_sync_generation(a) == 2);
  /* Freed: nothing left; a lock at the reused address starts anew and
   * inherits no clock. */
  uint64_t before = sync_records();
  rw_sync_reset_range((uintptr_t)block, 256);
  CHECK(sync_records() == before - 1);
  CHECK(rw_sync_generation(a) == 0);
  uint64_t e = epoch(t);
  rw_sync_acquire(u, a, 0, RW_LOCK_MUTEX);
  CHECK(rw_vc_get(&u->vc, 1) < e, "a freed lock's clock survived");
  rw_sync_release(u, a, 0);
  rw_sync_reset_range((uintptr_t)block, 256);
  free(block);
  /* A lock destroyed and never used again: still counted until freed. */
  CHECK(sync_records() == before - 1);
  thread_free(t);
  thread_free(u);
}

/* ---- the table does not grow with history ---- */

#define MANY 20000
static void test_history(void) {
  rw_hb *t = thread_new(1);
  uint64_t before = sync_records();
  for (int round = 0; round < 3; round++) {
    static void *blocks[MANY];
    for (int i = 0; i < MANY; i++) {
      blocks[i] = malloc(48);
      uintptr_t a = (uintptr_t)blocks[i];
      rw_sync_reset(a);             /* init */
      lock_unlock(t, a);
      rw_sync_reset(a);             /* destroy */
    }
    CHECK(sync_records() == before + MANY, "%llu records",
          (unsigned long long)sync_records());
    for (int i = 0; i < MANY; i++) {
      rw_sync_reset_range((uintptr_t)blocks[i], 48);
      free(blocks[i]);
    }
    CHECK(sync_records() == before, "round %d: %llu records left", round,
          (unsigned long long)sync_records());
  }
  /* One big range takes every lock inside it, and only those. */
  char *big = malloc(1 << 20);
  static int outside;
  lock_unlock(t, (uintptr_t)&outside);
  for (int i = 0; i < 1000; i++)
    lock_unlock(t, (uintptr_t)(big + i * 1000));
  CHECK(sync_records() == before + 1001);
  rw_sync_reset_range((uintptr_t)big, 1 << 20);
  CHECK(sync_records() == before + 1);
  CHECK(rw_sync_generation((uintptr_t)&outside) == 0 && sync_records() == before + 1);
  free(big);
  thread_free(t);
}

/* ---- names ---- */

static void test_names(void) {
  char *block = malloc(64 << 10);
  uint64_t before = rw_names_count();
  for (int i = 0; i < 1000; i++)
    CHECK(rw_names_set(i % 2 ? RW_NAMES_LOCK : RW_NAMES_OBJECT,
                       (uintptr_t)(block + i * 64), i % 2 ? "lock" : "obj") == 0);
  CHECK(rw_names_count() == before + 1000);
  CHECK_STR(rw_names_get(RW_NAMES_LOCK, (uintptr_t)(block + 64)), "lock");
  rw_names_forget((uintptr_t)block + 32 * 64, 32 * 64);   /* 32 of them */
  CHECK(rw_names_count() == before + 968);
  CHECK(rw_names_get(RW_NAMES_OBJECT, (uintptr_t)(block + 32 * 64)) == 0);
  CHECK_STR(rw_names_get(RW_NAMES_OBJECT, (uintptr_t)(block + 64 * 64)), "obj");
  rw_names_forget((uintptr_t)block, 64 << 10);
  CHECK(rw_names_count() == before);
  free(block);
}

/* ---- the budget refuses ---- */

static void test_budget_refusals(void) {
  rw_hb *t = thread_new(1), *u = thread_new(2);
  /* A budget with no room left: fill it with shadow (no cap of its own). */
  rw_budget_init(1 << 20);
  uint64_t fill = rw_budget_left();
  CHECK(rw_budget_take(RW_BUDGET_SHADOW, fill) == 0);
  /* A sync record is counted, never refused: a lock without a clock
   * would order nothing and make every access it guards a race. */
  static int m;
  uint64_t n0, r0, n1, r1;
  rw_sync_counts(&n0, &r0);
  uint64_t e = epoch(t);
  CHECK(rw_sync_acquire(t, (uintptr_t)&m, 0, RW_LOCK_MUTEX) == 0);
  rw_sync_release(t, (uintptr_t)&m, 0);
  rw_sync_acquire(u, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  rw_sync_release(u, (uintptr_t)&m, 0);
  CHECK(rw_vc_get(&u->vc, 1) >= e, "a lock did not order the threads with the budget full");
  rw_sync_counts(&n1, &r1);
  CHECK(n1 == n0 + 1 && r1 == r0, "records %llu -> %llu, refused %llu -> %llu",
        (unsigned long long)n0, (unsigned long long)n1, (unsigned long long)r0,
        (unsigned long long)r1);
  rw_sync_reset_range((uintptr_t)&m, sizeof m);
  /* Names and interned strings refused: the unnamed form. */
  static int obj;
  CHECK(rw_names_set(RW_NAMES_OBJECT, (uintptr_t)&obj, "never-interned-1") == -1);
  CHECK(rw_names_get(RW_NAMES_OBJECT, (uintptr_t)&obj) == 0);
  CHECK(rw_intern("never-interned-2") == 0);
  rw_budget_stats st;
  rw_budget_get_stats(&st);
  CHECK(st.part_refused[RW_BUDGET_SYNC] == 0 && st.part_refused[RW_BUDGET_NAMES] >= 2);
  char line[512];
  rw_budget_describe(line, sizeof line);
  CHECK(strstr(line, "names ") && strstr(line, "refused)") && strstr(line, "shadow "),
        "%s", line);
  /* Room again: the lock still orders. */
  rw_budget_give(RW_BUDGET_SHADOW, fill);
  e = epoch(t);
  rw_sync_acquire(t, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  rw_sync_release(t, (uintptr_t)&m, 0);
  rw_sync_acquire(u, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  rw_sync_release(u, (uintptr_t)&m, 0);
  CHECK(rw_vc_get(&u->vc, 1) >= e);
  rw_budget_get_stats(&st);
  CHECK(st.used[RW_BUDGET_SYNC] > 0 && st.part_peak[RW_BUDGET_SHADOW] >= fill);
  rw_sync_reset_range((uintptr_t)&m, sizeof m);
  CHECK(rw_names_set(RW_NAMES_OBJECT, (uintptr_t)&obj, "named-now") == 0);
  CHECK_STR(rw_names_get(RW_NAMES_OBJECT, (uintptr_t)&obj), "named-now");
  rw_names_forget((uintptr_t)&obj, sizeof obj);
  rw_budget_init(0);
  thread_free(t);
  thread_free(u);
}

/* Parts with a cap of their own stop at it, with room left for the rest:
 * the races window once took the whole budget and every event after a
 * lock was dropped for want of extras. */
static void test_budget_caps(void) {
  rw_budget_stats st0, st;
  rw_budget_get_stats(&st0);
  rw_budget_init(100 << 20);
  uint64_t quarter = rw_budget_cap(RW_BUDGET_WINDOW), rings = rw_budget_cap(RW_BUDGET_RINGS);
  CHECK(quarter < (100 << 20) && rings < (100 << 20), "a capped part may take the whole budget");
  CHECK(rw_budget_take(RW_BUDGET_WINDOW, quarter) == 0);
  CHECK(rw_budget_take(RW_BUDGET_WINDOW, 1) == -1, "the window passed its cap");
  CHECK(rw_budget_take(RW_BUDGET_RINGS, rings) == 0);
  CHECK(rw_budget_take(RW_BUDGET_RINGS, 1) == -1, "the rings passed their cap");
  CHECK(rw_budget_take(RW_BUDGET_EXTRAS, 1 << 20) == 0, "capped parts starved extras");
  rw_budget_get_stats(&st);
  CHECK(st.part_refused[RW_BUDGET_WINDOW] == st0.part_refused[RW_BUDGET_WINDOW] + 1 &&
        st.part_refused[RW_BUDGET_RINGS] == st0.part_refused[RW_BUDGET_RINGS] + 1 &&
        st.part_refused[RW_BUDGET_EXTRAS] == st0.part_refused[RW_BUDGET_EXTRAS]);
  rw_budget_give(RW_BUDGET_WINDOW, quarter);
  CHECK(rw_budget_take(RW_BUDGET_WINDOW, 1) == 0, "a window under its cap was refused");
  rw_budget_give(RW_BUDGET_WINDOW, 1);
  rw_budget_give(RW_BUDGET_RINGS, rings);
  rw_budget_give(RW_BUDGET_EXTRAS, 1 << 20);
  rw_budget_init(0);
}

int main(void) {
  rw_sync_note_access();          /* tracking starts */
  test_addrset();
  test_generation_and_free();
  test_history();
  test_names();
  test_budget_refusals();
  test_budget_caps();
  return check_summary("test_memory");
}

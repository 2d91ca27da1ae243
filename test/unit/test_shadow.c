/*
 * test_shadow.c - the shadow table's capacity counts live addresses: a
 * freed address's cell is a tomb, reused by that address's next access or
 * by a new one (shadow.c), and the detector never follows a cell that went
 * to another address.  Last, a stress of threads creating and freeing
 * addresses in overlapping chains (also run under ThreadSanitizer:
 * tools/run-sanitized.sh thread, ctest tsan.shadow).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "capture/slots.h"
#include "check.h"
#include "detector_env.h"
#include "detect/detector.h"
#include "detect/shadow.h"

#define SITE(name, var, line, acc) \
  static const raceway_site name = {var, NULL, "t.c", line, 5, 0, acc, RACEWAY_VALUE_SINT, 8, 0, 0, {0}}

SITE(ch_w, "churn", 10, RACEWAY_ACCESS_WRITE);
SITE(fresh_w1, "fresh", 20, RACEWAY_ACCESS_WRITE);
SITE(fresh_w2, "fresh", 21, RACEWAY_ACCESS_WRITE);
SITE(re_w, "reused", 30, RACEWAY_ACCESS_WRITE);
SITE(mo_w1, "moved", 40, RACEWAY_ACCESS_WRITE);
SITE(mo_w2, "moved", 41, RACEWAY_ACCESS_WRITE);
SITE(mo_r, "moved", 42, RACEWAY_ACCESS_READ);

static fake_thread *thread_named(void) {
  static uint32_t tid = 100;
  uint64_t epoch, seq;
  uint32_t slot = rw_slots_claim(++tid, NULL, NULL, &epoch, &seq);
  return thread_new(slot);
}

static void touch(fake_thread *t, const raceway_site *s, const void *addr) {
  rw_detector_access(&t->hb, &t->memo, t->seq, s, (uintptr_t)addr, s->access, 1, 1, NULL);
  t->seq++;
}

static void free_block(fake_thread *t, const void *p, size_t len) {
  rw_detector_free(&t->hb, t->seq, NULL, (uintptr_t)p, len);
}

static void fresh_table(size_t addresses) {
  rw_shadow_reset();
  CHECK(rw_shadow_init(addresses) == 0);
}

static size_t live_now(void) {
  rw_shadow_stats st;
  rw_shadow_get_stats(&st);
  return st.used;
}

/* 128-byte objects, one alive at a time, at 2,048 new addresses (32,768
 * address lifetimes) in a table of 64: still room, and a race on a fresh
 * address afterwards is found.  (Capacity used to count every address
 * ever tracked: everything past the first 64 went unchecked.) */
static long arena[2048][16];
static void test_churn_past_capacity(fake_thread *t1, fake_thread *t2) {
  static long fresh;
  fresh_table(64);
  unsigned before = rw_detector_race_count();
  for (int n = 0; n < 2048; n++) {
    for (int i = 0; i < 16; i++)
      touch(t1, &ch_w, &arena[n][i]);
    free_block(t1, arena[n], sizeof arena[n]);
  }
  rw_shadow_stats st;
  rw_shadow_get_stats(&st);
  CHECK(st.used == 0, "%zu live", st.used);
  CHECK(st.peak == 16, "peak %zu", st.peak);
  CHECK(st.untracked == 0, "%llu untracked", (unsigned long long)st.untracked);
  touch(t1, &fresh_w1, &fresh);
  touch(t2, &fresh_w2, &fresh);
  CHECK(rw_detector_race_count() == before + 1);
}

/* Eight dense 128-byte lines whose keys share one home block (found by
 * hashing): each takes the block after the last one's, 128 cells in all.
 * With 64 cells of probing the fifth line found no free cell although the
 * table was nearly empty (nng's reconnect stress test: "shadow table
 * full" at 56% of the capacity live). */
static void test_crowded_block(void) {
  fresh_table(4096);
  uintptr_t base = 0x10000000, line[8];
  size_t want = rw_shadow_home((base >> 3) + 1, rw_shadow_mask) >> 4;
  int n = 0;
  for (uintptr_t a = base; n < 8 && a < base + ((uintptr_t)128 << 20); a += 128)
    if (rw_shadow_home((a >> 3) + 1, rw_shadow_mask) >> 4 == want)
      line[n++] = a;
  CHECK(n == 8, "%d lines found", n);
  int placed = 0;
  for (int l = 0; l < n; l++)
    for (int w = 0; w < 16; w++)
      placed += rw_shadow_get(line[l] + 8 * (uintptr_t)w, 1) != NULL;
  rw_shadow_stats st;
  rw_shadow_get_stats(&st);
  CHECK(placed == 16 * n && st.untracked == 0, "%d of %d placed, %llu untracked", placed,
        16 * n, (unsigned long long)st.untracked);
}

/* Freed, an address has no cell; its next access takes the same cell back
 * (malloc reuses addresses: one cell per address, not one per life). */
static void test_reuse_keeps_one_cell(fake_thread *t1) {
  static long obj[4];
  fresh_table(64);
  touch(t1, &re_w, &obj[1]);
  rw_shadow_cell *c = rw_shadow_get((uintptr_t)&obj[1], 0);
  CHECK(c != NULL && live_now() == 1);
  free_block(t1, obj, sizeof obj);
  CHECK(rw_shadow_get((uintptr_t)&obj[1], 0) == NULL);
  CHECK(live_now() == 0);
  for (int round = 0; round < 100; round++) {
    touch(t1, &re_w, &obj[1]);
    CHECK(rw_shadow_get((uintptr_t)&obj[1], 0) == c);
    free_block(t1, obj, sizeof obj);
  }
  CHECK(live_now() == 0);
}

/* An address with the same home cell as `a`, from `pool`. */
static long *same_home(const void *a, long *pool, size_t n) {
  uintptr_t key = ((uintptr_t)a >> 3) + 1;
  size_t home = rw_shadow_home(key, rw_shadow_mask);
  for (size_t i = 0; i < n; i++)
    if (&pool[i] != a && rw_shadow_home(((uintptr_t)&pool[i] >> 3) + 1, rw_shadow_mask) == home)
      return &pool[i];
  return NULL;
}

/* A freed address's cell goes to another address first on its way; a
 * thread whose memo still names that cell for the freed address does not
 * record there (it would race with the other address's accesses). */
static void test_cell_moves_memo_follows(fake_thread *t1, fake_thread *t2) {
  static long pool[1 << 14];
  fresh_table(64);
  long *a = &pool[0], *b = same_home(a, pool, sizeof pool / sizeof pool[0]);
  CHECK(b != NULL);
  if (!b)
    return;
  unsigned before = rw_detector_race_count();
  touch(t1, &mo_w1, a);                      /* t1's memo: a's cell */
  rw_shadow_cell *c = rw_shadow_get((uintptr_t)a, 0);
  free_block(t1, a, 8);
  touch(t2, &mo_w2, b);                      /* b takes a's tomb */
  CHECK(c != NULL && rw_shadow_get((uintptr_t)b, 0) == c);
  touch(t1, &mo_r, a);                       /* a again: its own cell */
  rw_shadow_cell *ca = rw_shadow_get((uintptr_t)a, 0);
  CHECK(ca != NULL && ca != c);
  CHECK(rw_detector_race_count() == before);
  touch(t2, &mo_w2, a);                      /* and still checked */
  CHECK(rw_detector_race_count() == before + 1);
  CHECK(live_now() == 2);
}

/* ---- the stress: threads create and free addresses whose chains
 * overlap (two home blocks); a few shared addresses are created by all
 * at once.  Invariants are counted by the threads, checked by main. ---- */

#define ST_THREADS 4
#define ST_KEYS 96           /* per thread */
#define ST_SHARED 4
#define ST_LIVE 6            /* live addresses per thread at most */
#define ST_ROUNDS 20000

static uintptr_t st_own[ST_THREADS][ST_KEYS], st_shared[ST_SHARED];
static atomic_int st_bad;

static int count_cells(uintptr_t addr) {
  rw_shadow_cell *tab = atomic_load(&rw_shadow_ready);
  uintptr_t key = (addr >> 3) + 1;
  size_t home = rw_shadow_home(key, rw_shadow_mask);
  int n = 0;
  for (size_t d = 0; d < 80; d++)
    n += atomic_load(&tab[(home + d) & rw_shadow_mask].key) == key;
  return n;
}

static void *stress(void *arg) {
  int me = (int)(intptr_t)arg, nlive = 0;
  rw_shadow_cell *cell[ST_KEYS] = {0};
  uint64_t x = 0x9e3779b97f4a7c15ull * (uint64_t)(me + 1);
  for (int r = 0; r < ST_ROUNDS; r++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    if (x % 8 == 0) {
      uintptr_t a = st_shared[x / 8 % ST_SHARED];
      rw_shadow_cell *c = rw_shadow_get(a, 1);
      if (!c || atomic_load(&c->key) != (a >> 3) + 1)
        atomic_fetch_add(&st_bad, 1);
      continue;
    }
    int i = (int)(x / 8 % ST_KEYS);
    uintptr_t a = st_own[me][i];
    if (cell[i]) {
      if (rw_shadow_get(a, 0) != cell[i])
        atomic_fetch_add(&st_bad, 1);
      rw_shadow_forget(a, 8, NULL, NULL);
      if (rw_shadow_get(a, 0) != NULL)
        atomic_fetch_add(&st_bad, 1);
      cell[i] = NULL;
      nlive--;
    } else if (nlive < ST_LIVE) {
      rw_shadow_cell *c = rw_shadow_get(a, 1);
      if (!c || atomic_load(&c->key) != (a >> 3) + 1 || rw_shadow_get(a, 0) != c ||
          count_cells(a) != 1)
        atomic_fetch_add(&st_bad, 1);
      cell[i] = c;
      nlive += c != NULL;
    }
  }
  for (int i = 0; i < ST_KEYS; i++)    /* leave them for main to check */
    if (cell[i] && rw_shadow_get(st_own[me][i], 0) != cell[i])
      atomic_fetch_add(&st_bad, 1);
  return NULL;
}

/* Keys of groups (16 addresses, 128 bytes) whose home block is one of two
 * neighbours: every chain crosses the others. */
static int pick_keys(void) {
  uintptr_t base = 0x7f0000000000ull, b0 = 0;
  int n = 0, shared = 0;
  for (uintptr_t g = 0; g < (1u << 20) && n < ST_THREADS * ST_KEYS; g++) {
    uintptr_t key0 = ((base >> 3) + 1 + g * 16) & ~(uintptr_t)15;
    size_t blk = rw_shadow_home(key0, rw_shadow_mask) >> 4;
    if (!b0)
      b0 = blk + 1;
    if (blk + 1 != b0 && blk != b0)
      continue;
    for (uintptr_t j = 0; j < 16 && n < ST_THREADS * ST_KEYS; j++) {
      uintptr_t addr = (key0 + j - 1) << 3;
      if (shared < ST_SHARED && j == 5)
        st_shared[shared++] = addr;
      else
        st_own[n % ST_THREADS][n / ST_THREADS] = addr, n++;
    }
  }
  return n == ST_THREADS * ST_KEYS && shared == ST_SHARED;
}

static void test_stress(void) {
  fresh_table(256);
  CHECK(pick_keys());
  pthread_t th[ST_THREADS];
  for (int t = 0; t < ST_THREADS; t++)
    pthread_create(&th[t], NULL, stress, (void *)(intptr_t)t);
  for (int t = 0; t < ST_THREADS; t++)
    pthread_join(th[t], NULL);
  CHECK(atomic_load(&st_bad) == 0, "%d invariants broken", atomic_load(&st_bad));
  /* Quiescent: every live key has one cell, and the count agrees.  A
   * shared key created by all threads at once may have a duplicate in the
   * rare case shadow.c accepts: at most one per thread. */
  size_t live = 0;
  int dups = 0;
  for (int t = 0; t < ST_THREADS; t++)
    for (int i = 0; i < ST_KEYS; i++) {
      int n = count_cells(st_own[t][i]);
      CHECK(n <= 1);
      live += (size_t)n;
    }
  for (int s = 0; s < ST_SHARED; s++) {
    int n = count_cells(st_shared[s]);
    CHECK(n >= 1 && n <= ST_THREADS);
    live += (size_t)n;
    dups += n - 1;
  }
  CHECK(live_now() == live, "%zu counted, %zu found", live_now(), live);
  for (int t = 0; t < ST_THREADS; t++)
    for (int i = 0; i < ST_KEYS; i++)
      rw_shadow_forget(st_own[t][i], 8, NULL, NULL);
  for (int s = 0; s < ST_SHARED; s++)
    rw_shadow_forget(st_shared[s], 8, NULL, NULL);
  CHECK(live_now() == 0, "%zu live", live_now());
  printf("test_shadow: stress, %d duplicate cells\n", dups);
}

int main(void) {
  detector_env();
  fake_thread *t1 = thread_named(), *t2 = thread_named();
  test_churn_past_capacity(t1, t2);
  test_reuse_keeps_one_cell(t1);
  test_cell_moves_memo_follows(t1, t2);
  test_crowded_block();
  test_stress();
  rw_sync_hb_destroy(&t1->hb);
  rw_sync_hb_destroy(&t2->hb);
  free(t1);
  free(t2);
  return check_summary("test_shadow");
}

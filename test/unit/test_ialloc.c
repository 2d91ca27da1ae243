/* test_ialloc.c - the runtime's own allocator (common/ialloc.c): the
 * runtime's blocks stay out of the C library's arenas, freed blocks are
 * reused, its memory is bounded by the blocks live at once per class even
 * when other threads free them, large free blocks give their pages back
 * past a warm share per class, calloc clears only what may not be zero,
 * and blocks it does not own (the C library's) are passed on. */
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "resident.h"
#include "common/ialloc.h"
#include "common/rawalloc.h"

/* ---- rw_raw_* never grows the C library's arenas ---- */

#define OUT_THREADS 4
#define OUT_BLOCKS 256

static void *out_blocks[OUT_THREADS][OUT_BLOCKS];

/* An application thread's runtime memory: clocks growing by doubling. */
static void *alloc_clocks(void *arg) {
  void **mine = arg;
  for (int i = 0; i < OUT_BLOCKS; i++) {
    uint64_t *c = rw_raw_calloc(8, sizeof *c);
    for (size_t cap = 16; c && cap <= 256; cap *= 2)
      c = rw_raw_realloc(c, cap * sizeof *c);
    mine[i] = c;
  }
  return 0;
}

static void test_out_of_arenas(void) {
#ifndef RW_RAWALLOC_IS_MALLOC
  struct mallinfo2 before = mallinfo2();
  pthread_t th[OUT_THREADS];
  for (int i = 0; i < OUT_THREADS; i++)
    pthread_create(&th[i], 0, alloc_clocks, out_blocks[i]);
  for (int i = 0; i < OUT_THREADS; i++)
    pthread_join(th[i], 0);
  struct mallinfo2 after = mallinfo2();
  /* 4 x 256 blocks of 2 KiB live: 2 MiB, none of it the C library's. */
  size_t grew = (after.uordblks + after.hblkhd) - (before.uordblks + before.hblkhd);
  CHECK(grew < 64 * 1024, "the C library's heap grew %zu bytes", grew);
  int owned = 0;
  for (int i = 0; i < OUT_THREADS; i++)
    for (int j = 0; j < OUT_BLOCKS; j++) {
      owned += rw_ia_owns(out_blocks[i][j]);
      rw_raw_free(out_blocks[i][j]);   /* freed by another thread */
    }
  CHECK(owned == OUT_THREADS * OUT_BLOCKS, "owned %d", owned);
#endif
}

/* ---- reuse, realloc, blocks not owned ---- */

static void test_reuse_and_realloc(void) {
  void *a = rw_ia_malloc(100);
  CHECK(a && rw_ia_owns(a) && ((uintptr_t)a & 15) == 0);
  rw_ia_free(a);
  void *b = rw_ia_malloc(120);      /* the same class: the freed block */
  CHECK(b == a, "%p, freed %p", b, a);
  memset(b, 7, 120);
  char *c = rw_ia_realloc(b, 128);  /* fits its class: stays */
  CHECK(c == b);
  c = rw_ia_realloc(c, 1000);
  CHECK(c && c != b && c[0] == 7 && c[119] == 7);
  char *z = rw_ia_calloc(10, 100);
  CHECK(z && z[0] == 0 && z[999] == 0);
  rw_ia_free(z);
  rw_ia_free(c);
  rw_ia_free(0);

  void *big = rw_ia_malloc(RW_IA_MAX + 1);    /* beyond the classes */
  CHECK(big && !rw_ia_owns(big));
  rw_ia_free(big);
  void *lib = __libc_malloc(64);              /* not the allocator's */
  CHECK(!rw_ia_owns(lib));
  lib = rw_ia_realloc(lib, 4096);
  CHECK(lib && !rw_ia_owns(lib));
  rw_ia_free(lib);
}

/* ---- large free blocks give their pages back past the warm share ---- */

/* Resident pages among the whole pages inside block p of n bytes. */
static int resident_pages(char *p, size_t n) {
  size_t ps = (size_t)sysconf(_SC_PAGESIZE);
  char *from = (char *)(((uintptr_t)p + ps - 1) & ~(ps - 1));
  return (int)resident_count(from, (n - ps) / ps * ps);
}

/* 256 KiB blocks: the class keeps RW_IA_WARM (1 MiB) of them resident,
 * 3 with their headers; the 4th and 5th freed give their pages back.
 * Reuse takes the resident ones first. */
#define WARM_N 3
#define ALL_N 5
static void test_release(void) {
  size_t n = 256 * 1024;
  char *p[ALL_N];
  for (int i = 0; i < ALL_N; i++) {
    p[i] = rw_ia_malloc(n);
    CHECK(p[i] && rw_ia_owns(p[i]));
    if (!p[i])
      return;
    memset(p[i], 1, n);
  }
  for (int i = 0; i < ALL_N; i++)
    rw_ia_free(p[i]);
  int kept = 0, gone = 0;
  for (int i = 0; i < WARM_N; i++)
    kept += resident_pages(p[i], n) > 0;
  for (int i = WARM_N; i < ALL_N; i++)
    gone += resident_pages(p[i], n) == 0;
  CHECK(kept == WARM_N, "%d of %d blocks within the warm share resident", kept, WARM_N);
  CHECK(gone == ALL_N - WARM_N, "%d of %d blocks past it released", gone, ALL_N - WARM_N);
  char *q[ALL_N];
  for (int i = 0; i < ALL_N; i++) {
    q[i] = rw_ia_malloc(n);        /* reused, and writable again */
    if (q[i])
      memset(q[i], 2, n);
  }
  CHECK(q[0] == p[WARM_N - 1] && q[WARM_N - 1] == p[0], "resident blocks first");
  CHECK(q[ALL_N - 1] == p[WARM_N] || q[ALL_N - 1] == p[ALL_N - 1]);
  for (int i = 0; i < ALL_N; i++)
    rw_ia_free(q[i]);
}

/* ---- calloc clears only what may not be zero ---- */

static int all_zero(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i])
      return 0;
  return 1;
}

/* A new block is not written (its pages stay out of memory until used);
 * a reused one is cleared, a cold one around the pages it gave back (its
 * header's page and the tail it shares with the next block): each must
 * read zero.  After test_release: its class holds resident and cold
 * blocks written with 2. */
static void test_calloc_zero(void) {
  size_t n = 512 * 1024;
  char *fresh = rw_ia_calloc(1, n);
  CHECK(fresh && rw_ia_owns(fresh) && resident_pages(fresh, n) == 0,
        "a new block's pages were written: %d resident", fresh ? resident_pages(fresh, n) : -1);
  CHECK(fresh && all_zero(fresh, n));
  rw_ia_free(fresh);
  size_t m = 256 * 1024;
  char *p[ALL_N];
  int zero = 0;
  for (int i = 0; i < ALL_N; i++) {
    p[i] = rw_ia_calloc(m / 1024, 1024);
    zero += p[i] && all_zero(p[i], m);
    if (p[i])
      memset(p[i], 3, m);
  }
  CHECK(zero == ALL_N, "%d of %d reused blocks read zero", zero, ALL_N);
  for (int i = 0; i < ALL_N; i++)
    rw_ia_free(p[i]);
  zero = 0;
  for (int i = 0; i < ALL_N; i++) {   /* again: the cold ones were written too */
    p[i] = rw_ia_calloc(1, m - 100);
    zero += p[i] && all_zero(p[i], m - 100);
  }
  CHECK(zero == ALL_N, "%d of %d reused blocks read zero, second round", zero, ALL_N);
  for (int i = 0; i < ALL_N; i++)
    rw_ia_free(p[i]);
}

/* ---- threads: blocks handed to another thread to free; bounded ---- */

#define T 4
#define ROUNDS 20000
#define HELD 16          /* blocks a thread holds at once, per class used */

typedef struct handoff {
  pthread_mutex_t mu;
  void *q[T * HELD];
  int n;
} handoff;

static handoff box = {PTHREAD_MUTEX_INITIALIZER, {0}, 0};
static _Atomic int corrupt;

/* Widths like a thread's clocks: 64 bytes to 2 KiB, the class by round. */
static size_t width(int r) { return (size_t)64 << (r % 6); }

static void *churn(void *arg) {
  uintptr_t id = (uintptr_t)arg;
  void *held[HELD] = {0};
  for (int r = 0; r < ROUNDS; r++) {
    int i = r % HELD;
    if (held[i]) {       /* the other threads free it */
      pthread_mutex_lock(&box.mu);
      if (box.n < T * HELD) {
        box.q[box.n++] = held[i];
        held[i] = 0;
      }
      pthread_mutex_unlock(&box.mu);
      if (held[i]) {
        rw_ia_free(held[i]);
        held[i] = 0;
      }
    }
    pthread_mutex_lock(&box.mu);
    void *other = box.n ? box.q[--box.n] : 0;
    pthread_mutex_unlock(&box.mu);
    if (other) {
      uint64_t *o = other;
      if (o[1] != ~o[0])
        corrupt++;
      rw_ia_free(other);
    }
    size_t w = width(r);
    uint64_t *b = rw_ia_malloc(w);
    if (!b)
      continue;
    b[0] = (id << 32) | (uint64_t)r;
    b[1] = ~b[0];
    ((char *)b)[w - 1] = 1;
    held[i] = b;
  }
  for (int i = 0; i < HELD; i++)
    rw_ia_free(held[i]);
  return 0;
}

static void test_threads_bounded(void) {
  rw_ia_stats before;
  rw_ia_get_stats(&before);
  pthread_t th[T];
  for (uintptr_t i = 0; i < T; i++)
    pthread_create(&th[i], 0, churn, (void *)i);
  for (int i = 0; i < T; i++)
    pthread_join(th[i], 0);
  for (int i = 0; i < box.n; i++)
    rw_ia_free(box.q[i]);
  box.n = 0;
  rw_ia_stats after;
  rw_ia_get_stats(&after);
  CHECK(corrupt == 0, "%d blocks changed while held", (int)corrupt);
  /* At most T x HELD of one class held by the threads and T x HELD in the
   * box at once: 32 x 2 KiB for the widest; each class at most a chunk
   * beyond what it ever held. */
  uint64_t bound = 6 * (RW_IA_CHUNK + 2 * T * HELD * (2048 + 16));
  uint64_t grew = after.mapped - before.mapped;
  CHECK(grew <= bound, "mapped grew %llu bytes, bound %llu", (unsigned long long)grew,
        (unsigned long long)bound);
  CHECK(after.reused - before.reused > (uint64_t)T * ROUNDS / 2, "reused %llu of %d",
        (unsigned long long)(after.reused - before.reused), T * ROUNDS);
  CHECK(after.live == before.live, "live %llu, before %llu", (unsigned long long)after.live,
        (unsigned long long)before.live);
}

int main(void) {
  test_out_of_arenas();
  test_reuse_and_realloc();
  test_release();
  test_calloc_zero();
  test_threads_bounded();
  return check_summary("test_ialloc");
}

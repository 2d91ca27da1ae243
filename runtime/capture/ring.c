/*
 * ring.c - creation and lazy mapping of the per-thread event rings; the
 * push/pop fast paths are inline in ring.h.
 */
#include "capture/ring.h"
#include "common/budget.h"
#include "common/rawalloc.h"

#include <stdlib.h>
#include <sys/mman.h>

/* LeakSanitizer does not scan mmap'ed memory: the records' ext pointers
 * would be reported as leaks while still queued.  Register the records as
 * a root region in sanitizer builds. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RW_LSAN 1
#endif
#endif
#if defined(RW_LSAN) || defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define lsan_watch(p, n) __lsan_register_root_region(p, n)
#define lsan_unwatch(p, n) __lsan_unregister_root_region(p, n)
#else
#define lsan_watch(p, n) ((void)0)
#define lsan_unwatch(p, n) ((void)0)
#endif

void rw_ring_ext_free(rw_ext *e) {
  if (!e)
    return;
  rw_raw_free(e->vc);
  free(e->json);      /* malloc'd by its producer (rw_emit_json_owned) */
  free(e->clock_json);
  rw_raw_free(e->args);
  if (e->charged)
    rw_budget_give(RW_BUDGET_EXTRAS, e->charged);
  rw_raw_free(e);
}

rw_ring *rw_ring_create(uint64_t cap) {
  uint64_t n = 8;
  while (n < cap && n < (1ull << 40))
    n <<= 1;
  rw_ring *r = aligned_alloc(64, sizeof(rw_ring));
  if (!r)
    return 0;
  /* Halve until the budget has room; none even for the minimum: a ring
   * whose every record is dropped and counted. */
  while (n > RW_RING_MIN &&
         rw_budget_take(RW_BUDGET_RINGS, n * sizeof(rw_rec)) != 0)
    n >>= 1;
  r->charged = 0;
  if (n > RW_RING_MIN ||
      rw_budget_take(RW_BUDGET_RINGS, n * sizeof(rw_rec)) == 0)
    r->charged = n * sizeof(rw_rec);
  atomic_init(&r->head, 0);
  atomic_init(&r->tail, 0);
  atomic_init(&r->dropped, 0);
  atomic_init(&r->reentered, 0);
  r->cap = n;
  r->data_limit = n - n / 8;
  r->tail_cache = (uint64_t)0 - n;
  r->drops_until_recheck = 0;
  r->recs = 0;
  r->map_failed = r->charged == 0;
  r->retired = 0;
  return r;
}

static rw_rec *drop(rw_ring *r) {
  atomic_store_explicit(&r->dropped,
      atomic_load_explicit(&r->dropped, memory_order_relaxed) + 1, memory_order_relaxed);
  return 0;
}

rw_rec *rw_ring_reserve_slow(rw_ring *r, int sync) {
  uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
  uint64_t limit = sync ? r->cap : r->data_limit;
  if (r->drops_until_recheck && !sync) {
    r->drops_until_recheck--;
    return drop(r);
  }
  r->tail_cache = atomic_load_explicit(&r->tail, memory_order_acquire);
  if (head - r->tail_cache >= limit) {
    r->drops_until_recheck = RW_RING_RECHECK_DROPS;
    return drop(r);
  }
  r->drops_until_recheck = 0;
  if (!r->recs && rw_ring_map(r) != 0) {
    r->tail_cache = head - r->cap;   /* no records: the fast path never has room */
    return drop(r);
  }
  return &r->recs[head & (r->cap - 1)];
}

int rw_ring_map(rw_ring *r) {
  if (r->map_failed)
    return -1;
  /* MAP_NORESERVE: a thread that records little touches few pages. */
  void *p = mmap(0, r->cap * sizeof(rw_rec), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    r->map_failed = 1;
    return -1;
  }
  r->recs = p;
  lsan_watch(p, r->cap * sizeof(rw_rec));
  return 0;
}

void rw_ring_retire(rw_ring *r) {
  if (r->recs) {
    lsan_unwatch(r->recs, r->cap * sizeof(rw_rec));
    munmap(r->recs, r->cap * sizeof(rw_rec));
  }
  r->recs = 0;
  r->retired = 1;
}

void rw_ring_destroy(rw_ring *r) {
  if (!r)
    return;
  if (r->charged)
    rw_budget_give(RW_BUDGET_RINGS, r->charged);
  if (r->recs) {
    lsan_unwatch(r->recs, r->cap * sizeof(rw_rec));
    munmap(r->recs, r->cap * sizeof(rw_rec));
  }
  free(r);
}

uint64_t rw_ring_discard(rw_ring *r, uint64_t *last) {
  uint64_t n = 0;
  const rw_rec *rec;
  while ((rec = rw_ring_peek(r))) {
    *last = rec->seq;
    /* Pop before freeing: a fork child inherits the ring as it is, and
     * must not see (and free again) extras already freed here. */
    rw_ext *ext = rec->ext;
    rw_ring_pop(r);
    rw_ring_ext_free(ext);
    n++;
  }
  return n;
}

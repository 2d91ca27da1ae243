/*
 * ring.c - creation and lazy mapping of the per-thread event rings; the
 * push/pop fast paths are inline in ring.h.
 */
#include "capture/ring.h"
#include "common/budget.h"
#include "common/export.h"
#include "common/rawalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* LeakSanitizer does not scan mmap'ed memory: the records' ext pointers
 * would be reported as leaks while still queued.  Register the records as
 * a root region in sanitizer builds. */
#if RW_ASAN
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
  if (e->vc != e->vc_inline)
    rw_raw_free(e->vc);
  /* (NULL tested here: most extras carry neither, a call costs) */
  if (e->json)
    rw_raw_free(e->json);      /* (capture.c: raw_copy) */
  if (e->clock_json)
    rw_raw_free(e->clock_json);
  if (e->args)
    rw_raw_free(e->args);
  if (e->charged)
    rw_budget_give(RW_BUDGET_EXTRAS, e->charged);
  if (e->pool)   /* ring order: everything before it is free too */
    atomic_store_explicit(&e->pool->xtail, e->pool_end, memory_order_release);
  else
    rw_raw_free(e);
}

/* A segment of n records: the records, then its extras area. */
static uint64_t seg_bytes(uint64_t n) { return n * (sizeof(rw_rec) + RW_RING_XBYTES); }

/* Half of a ring at its full size; a smaller ring grows when full, or
 * wakes the flusher then (rw_ring_reserve_slow): waking it at half of 256
 * records sent batches of a few dozen events. */
static uint64_t wake_at(uint64_t cap, uint64_t max) { return cap == max ? cap / 2 : UINT64_MAX; }

static void (*_Atomic wake_fn)(void);

/* The extras area is full: the ring is as full as when its records are
 * (the flusher frees both in ring order), but the producer, which drops
 * every record carrying extras now, never finds the records full, so
 * nothing else would wake the flusher before its interval (thread per
 * connection: the flusher slept most of the time and delivered a third of
 * what it does with this wake, bench/RESULTS.md).  Once per
 * RW_RING_RECHECK_DROPS refusals, as for full records. */
static void xarea_full(rw_ring *r) {
  if (r->xrefused++ % RW_RING_RECHECK_DROPS != 0)
    return;
  void (*wake)(void) = atomic_load_explicit(&wake_fn, memory_order_acquire);
  if (wake)
    wake();
}

rw_ext *rw_ring_ext_alloc(rw_ring *r, size_t bytes) {
  rw_ring_seg *s = &r->seg[r->pseg % RW_RING_SEGS];
  uint64_t size = s->cap * RW_RING_XBYTES;
  bytes = (bytes + 15) & ~(size_t)15;
  if (!s->xbuf || bytes > rw_ring_xmax(r))
    return 0;
  uint64_t at = s->xhead, off = at & (size - 1);
  if (off + bytes > size)   /* a block never wraps: skip to the start */
    at += size - off;
  if (at + bytes - atomic_load_explicit(&s->xtail, memory_order_acquire) > size) {
    xarea_full(r);
    return 0;
  }
  s->xhead = at + bytes;
  rw_ext *e = (rw_ext *)(s->xbuf + (at & (size - 1)));
  memset(e, 0, bytes);
  e->pool = s;
  e->pool_end = at + bytes;
  return e;
}

/* The header from the runtime's allocator, not the creating thread's
 * malloc arena (the flusher frees it, often much later), aligned by hand:
 * the block's start is kept just before it. */
static rw_ring *header_alloc(void) {
  char *raw = rw_raw_malloc(sizeof(rw_ring) + 64);
  if (!raw)
    return 0;
  rw_ring *r = (rw_ring *)(((uintptr_t)raw + 64) & ~(uintptr_t)63);
  ((void **)r)[-1] = raw;
  return r;
}

static void header_free(rw_ring *r) { rw_raw_free(((void **)r)[-1]); }

rw_ring *rw_ring_create(uint64_t cap) {
  uint64_t max = 8;
  while (max < cap && max < (1ull << 40))
    max <<= 1;
  rw_ring *r = header_alloc();
  if (!r)
    return 0;
  uint64_t n = max < RW_RING_START ? max : RW_RING_START;
  atomic_init(&r->head, 0);
  atomic_init(&r->tail, 0);
  atomic_init(&r->dropped, 0);
  atomic_init(&r->reentered, 0);
  for (int i = 0; i < RW_RING_SEGS; i++) {
    r->seg[i] = (rw_ring_seg){0};
    atomic_init(&r->seg[i].end, UINT64_MAX);
  }
  /* No room even for the start: a ring whose every record is dropped and
   * counted. */
  if (rw_budget_take(RW_BUDGET_RINGS, seg_bytes(n)) == 0)
    r->seg[0].charged = seg_bytes(n);
  r->seg[0].cap = n;
  r->pseg = 0;
  atomic_init(&r->cseg, 0);
  r->cap = n;
  r->max_cap = max;
  r->data_limit = n - n / 8;
  r->sync_limit = n - rw_ring_critical_room(n);
  r->wake_at = wake_at(n, max);
  r->tail_cache = (uint64_t)0 - n;
  r->drops_until_recheck = 0;
  r->xrefused = 0;
  r->recs = 0;
  r->map_failed = r->seg[0].charged == 0;
  r->retired = 0;
  return r;
}

static rw_rec *drop(rw_ring *r) {
  atomic_store_explicit(&r->dropped,
      atomic_load_explicit(&r->dropped, memory_order_relaxed) + 1, memory_order_relaxed);
  return 0;
}

/* Start-size mappings given back, kept for the next threads' rings: a
 * thread per request mapped one on its first event and the flusher
 * unmapped it when it ended, each unmap a TLB shootdown of every core
 * (the banking demo, a thread per connection: 0.7 mmap and munmap per
 * request, bench/RESULTS.md).  Lock-free (the producer maps, the flusher
 * gives back); at most RW_RING_SPARE of them (8 MiB): with 64, the
 * flusher still unmapped 439 in 3 s of that demo under strace, given back
 * in bursts per pass while new threads mapped others. */
static _Atomic(void *) spare[RW_RING_SPARE];

/* Full-size mappings given back, kept for the next ring that grows: a
 * new mapping's every page costs a fault when first written (8-14 us a
 * page on a paravirtualised VM, bench/RESULTS.md), a kept one's pages
 * are resident.  One size only, the first given back (a process's rings
 * share RACEWAY_MAX_BUFFERED), up to RW_RING_SPARE_FULL_BYTES in all. */
static _Atomic(void *) spare_full[RW_RING_SPARE_FULL];
static _Atomic uint64_t spare_full_cap;

static void *spare_take(_Atomic(void *) *set, int n) {
  for (int i = 0; i < n; i++)
    if (atomic_load_explicit(&set[i], memory_order_relaxed)) {
      void *p = atomic_exchange_explicit(&set[i], 0, memory_order_acquire);
      if (p)
        return p;
    }
  return 0;
}

static int spare_give(_Atomic(void *) *set, int n, void *p) {
  for (int i = 0; i < n; i++) {
    void *none = 0;
    if (!atomic_load_explicit(&set[i], memory_order_relaxed) &&
        atomic_compare_exchange_strong_explicit(&set[i], &none, p, memory_order_release,
                                                memory_order_relaxed))
      return 1;
  }
  return 0;
}

/* How many mappings like segment s are kept in spare_full: none but of
 * the one full size kept, and none past RW_RING_SPARE_FULL_BYTES. */
static int spare_full_count(const rw_ring_seg *s, uint64_t max) {
  uint64_t kept = 0;
  if (s->cap <= RW_RING_START || s->cap != max)
    return 0;
  atomic_compare_exchange_strong_explicit(&spare_full_cap, &kept, max, memory_order_relaxed,
                                          memory_order_relaxed);
  if (kept && kept != max)
    return 0;
  uint64_t n = RW_RING_SPARE_FULL_BYTES / seg_bytes(max);
  return n < RW_RING_SPARE_FULL ? (int)n : RW_RING_SPARE_FULL;
}

/* The spare list that keeps mappings like segment s, and in *n how many
 * of them it keeps (0: none): one answer for map_seg and unmap_seg. */
static _Atomic(void *) *spares_for(const rw_ring_seg *s, uint64_t max, int *n) {
  if (s->cap == RW_RING_START) {
    *n = RW_RING_SPARE;
    return spare;
  }
  *n = spare_full_count(s, max);
  return spare_full;
}

/* Segments up to this size are made resident when mapped (map_seg); a
 * larger one (a larger RACEWAY_MAX_BUFFERED) faults its pages in as they
 * are written, so that a ring of a gigabyte does not take it at once. */
#define RING_POPULATE_MAX (8u << 20)

/* Map segment s's records and extras area (cap set); 0, or -1.  A larger
 * segment than the start is mapped only when a full ring changes size, so
 * its records will be written through: its pages are made resident in one
 * call (MAP_POPULATE) rather than faulted in one by one. */
static int map_seg(rw_ring_seg *s, uint64_t max) {
  int populate = s->cap > RW_RING_START && seg_bytes(s->cap) <= RING_POPULATE_MAX, n;
  _Atomic(void *) *set = spares_for(s, max, &n);
  void *p = spare_take(set, n);
  /* MAP_NORESERVE: a start ring that records little touches few pages. */
  if (!p)
    p = mmap(0, seg_bytes(s->cap), PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                 (populate ? MAP_POPULATE : 0), -1, 0);
  if (p == MAP_FAILED)
    return -1;
  lsan_watch(p, seg_bytes(s->cap));
  s->recs = p;
  s->xbuf = (uint8_t *)p + s->cap * sizeof(rw_rec);
  s->xhead = 0;
  atomic_store_explicit(&s->xtail, 0, memory_order_relaxed);
  return 0;
}

static void unmap_seg(rw_ring_seg *s, uint64_t max) {
  if (s->recs) {
    lsan_unwatch(s->recs, seg_bytes(s->cap));
    int n;
    _Atomic(void *) *set = spares_for(s, max, &n);
    if (!spare_give(set, n, s->recs))
      munmap(s->recs, seg_bytes(s->cap));
  }
  s->recs = 0;
  s->xbuf = 0;
}

/* Rings grow only while all rings together stay under this share of the
 * budget (8 MiB of the default 128): growth goes to the threads that fill
 * their rings first (a test's few threads get full-size rings).  The rest
 * of the rings part (its cap) is for the start rings of the threads
 * alive. */
#define RING_GROW_SHARE 16

static _Atomic int behind;

void rw_ring_set_wake(void (*wake)(void)) {
  atomic_store_explicit(&wake_fn, wake, memory_order_release);
}


void rw_ring_set_behind(int b) { atomic_store_explicit(&behind, b, memory_order_relaxed); }

/* The size a full ring of n records changes to, or n: while the flusher
 * keeps up, the largest up to the full size that the rings' share has
 * room for (straight to the full size: doubling wrote every page of every
 * size on the way, twice the full ring's pages, each a page fault, and
 * unmapped each size); halved while it is behind, since longer rings
 * would only hold events it cannot send. */
static uint64_t next_cap(rw_ring *r) {
  uint64_t n = r->cap, total = rw_budget_total();
  if (atomic_load_explicit(&behind, memory_order_relaxed))
    return n > RW_RING_START ? n / 2 : n;
  for (uint64_t m = r->max_cap; m > n; m /= 2)
    if (!total || rw_budget_used(RW_BUDGET_RINGS) + seg_bytes(m) <= total / RING_GROW_SHARE)
      return m;
  return n;
}

/* Full at head: continue in a segment of another size, if the ring should
 * change and a segment entry is free; 0 when it did. */
static int resize(rw_ring *r, uint64_t head) {
  uint32_t k = r->pseg + 1;
  uint64_t n = next_cap(r), bytes = seg_bytes(n);
  if (!r->recs || n == r->cap ||
      k - atomic_load_explicit(&r->cseg, memory_order_acquire) >= RW_RING_SEGS)
    return -1;
  if (rw_budget_take(RW_BUDGET_RINGS, bytes) != 0)
    return -1;
  rw_ring_seg *s = &r->seg[k % RW_RING_SEGS];
  s->cap = n;
  if (map_seg(s, r->max_cap) != 0) {
    rw_budget_give(RW_BUDGET_RINGS, bytes);
    return -1;
  }
  s->start = head;
  s->charged = bytes;
  /* Published with the next record (commit's release of head). */
  atomic_store_explicit(&s->end, UINT64_MAX, memory_order_relaxed);
  atomic_store_explicit(&r->seg[r->pseg % RW_RING_SEGS].end, head, memory_order_relaxed);
  r->pseg = k;
  r->recs = s->recs;
  r->cap = n;
  r->data_limit = n - n / 8;
  r->sync_limit = n - rw_ring_critical_room(n);
  r->wake_at = wake_at(n, r->max_cap);
  r->tail_cache = head;
  return 0;
}

static inline uint64_t seen_tail(rw_ring *r) {
  uint64_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
  uint64_t start = r->seg[r->pseg % RW_RING_SEGS].start;
  return tail > start ? tail : start;
}
uint64_t rw_ring_seen_tail(rw_ring *r) { return seen_tail(r); }

/* The ring looked full for a record after `ahead` others and no recheck
 * is due: look at the tail again, resize (a new segment starts at head:
 * room for all of them) or drop (the part of rw_ring_reserve_slow that
 * needs a frame). */
static RW_NOINLINE rw_rec *reserve_recheck(rw_ring *r, int cls, uint64_t ahead) {
  uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
  r->tail_cache = seen_tail(r);
  if (head + ahead - r->tail_cache >= rw_ring_limit(r, cls)) {
    if (resize(r, head) == 0)
      return &r->recs[head & (r->cap - 1)];
    r->drops_until_recheck = RW_RING_RECHECK_DROPS;
    void (*wake)(void) = atomic_load_explicit(&wake_fn, memory_order_acquire);
    if (wake && r->wake_at == UINT64_MAX)   /* no half-full wake-up came */
      wake();
    return drop(r);
  }
  r->drops_until_recheck = 0;
  if (!r->recs && rw_ring_map(r) != 0) {
    r->tail_cache = head - r->cap;   /* no records: the fast path never has room */
    return drop(r);
  }
  return &r->recs[head & (r->cap - 1)];
}

/* While the ring stays full (the key-value store's default mode drops
 * four events in five), a data record is a decrement and a count, with no
 * frame.  A synchronisation record looks at the tail every time (its
 * room, the last 1/8, may be back), but a ring found full a moment ago is
 * not resized nor the flusher woken again before the recheck (every lock
 * event did both: 250 instructions per key-value operation with the
 * reserve's frame).  The cached view said a record of class cls does not
 * fit after `ahead` others. */
static RW_ALWAYS_INLINE rw_rec *reserve_full(rw_ring *r, int cls, uint64_t ahead) {
  if (!RW_LIKELY(r->drops_until_recheck))
    return reserve_recheck(r, cls, ahead);
  r->drops_until_recheck--;
  if (cls != RW_RING_DATA) {
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    r->tail_cache = seen_tail(r);
    if (head + ahead - r->tail_cache < rw_ring_limit(r, cls) && r->recs)
      return &r->recs[head & (r->cap - 1)];
  }
  return drop(r);
}

rw_rec *rw_ring_reserve_slow(rw_ring *r, int cls) { return reserve_full(r, cls, 0); }

rw_rec *rw_ring_fits_after(rw_ring *r, uint64_t ahead) {
  if (!rw_ring_data_full(r, ahead))
    return &r->recs[atomic_load_explicit(&r->head, memory_order_relaxed) & (r->cap - 1)];
  return reserve_full(r, RW_RING_DATA, ahead);
}

uint64_t rw_ring_room(rw_ring *r, int cls) {
  if (!r->recs)   /* mapped by the first reserve (if that fails: dropped, counted) */
    return rw_ring_limit(r, cls);
  r->tail_cache = seen_tail(r);
  uint64_t used = atomic_load_explicit(&r->head, memory_order_relaxed) - r->tail_cache;
  uint64_t limit = rw_ring_limit(r, cls);
  return used < limit ? limit - used : 0;
}

int rw_ring_map(rw_ring *r) {
  if (r->map_failed)
    return -1;
  rw_ring_seg *s = &r->seg[r->pseg % RW_RING_SEGS];
  if (map_seg(s, r->max_cap) != 0) {
    r->map_failed = 1;
    return -1;
  }
  s->start = atomic_load_explicit(&r->head, memory_order_relaxed);
  r->recs = s->recs;
  return 0;
}

rw_ring_seg *rw_ring_next_seg(rw_ring *r, uint64_t tail) {
  uint32_t i = atomic_load_explicit(&r->cseg, memory_order_relaxed);
  rw_ring_seg *s;
  while (tail >= atomic_load_explicit(&(s = &r->seg[i % RW_RING_SEGS])->end,
                                      memory_order_relaxed)) {
    unmap_seg(s, r->max_cap);
    if (s->charged)
      rw_budget_give(RW_BUDGET_RINGS, s->charged);
    s->charged = 0;
    i++;
  }
  /* Release: the producer reuses the entries left only after this. */
  atomic_store_explicit(&r->cseg, i, memory_order_release);
  return s;
}

uint64_t rw_ring_bytes(rw_ring *r) {
  uint64_t n = 0;
  for (int i = 0; i < RW_RING_SEGS; i++)
    n += r->seg[i].charged;
  return n;
}

void rw_ring_retire(rw_ring *r) {
  for (int i = 0; i < RW_RING_SEGS; i++)
    unmap_seg(&r->seg[i], r->max_cap);
  r->retired = 1;
}

void rw_ring_destroy(rw_ring *r) {
  if (!r)
    return;
  for (int i = 0; i < RW_RING_SEGS; i++) {
    unmap_seg(&r->seg[i], r->max_cap);
    if (r->seg[i].charged)
      rw_budget_give(RW_BUDGET_RINGS, r->seg[i].charged);
  }
  header_free(r);
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

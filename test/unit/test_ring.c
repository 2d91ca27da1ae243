/* test_ring.c - the per-thread SPSC event ring: capacity, the sync
 * reserve, drop accounting, growth across segments, the rings' memory
 * with many live threads, and order/loss under a concurrent consumer;
 * start-size and full-size mappings handed from drained rings to new ones;
 * which ended thread's slot a new thread reuses (capture/slots.c). */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "resident.h"
#include "capture/ring.h"
#include "capture/slots.h"
#include "common/budget.h"

/* Bytes a ring takes per record of capacity: the record, its extras area. */
#define RB (sizeof(rw_rec) + RW_RING_XBYTES)

static int push(rw_ring *r, int sync, uint64_t seq) {
  rw_rec *rec = rw_ring_reserve(r, sync);
  if (!rec)
    return 0;
  rec->seq = seq;
  rec->ext = 0;
  rw_ring_commit(r);
  return 1;
}

/* Room for one more data record (without taking it). */
static int head_room(rw_ring *r) {
  return rw_ring_used(r) < r->data_limit;
}

static void test_capacity_and_reserve(void) {
  rw_ring *r = rw_ring_create(100);       /* rounds up to 128 */
  CHECK(r && r->cap == 128, "cap %llu", r ? (unsigned long long)r->cap : 0ull);
  uint64_t data = 0;
  while (push(r, 0, data))
    data++;
  CHECK(data == 112, "data records accepted %llu, want 112 (7/8)", (unsigned long long)data);
  uint64_t sync = 0;
  while (push(r, RW_RING_SYNC, data + sync))
    sync++;
  CHECK(sync == 8, "sync records in reserve %llu, want 8 (1/8 less the critical room)",
        (unsigned long long)sync);
  CHECK(rw_ring_room(r, RW_RING_SYNC) == 0 && rw_ring_room(r, RW_RING_CRITICAL) == 8,
        "room: sync %llu, critical %llu", (unsigned long long)rw_ring_room(r, RW_RING_SYNC),
        (unsigned long long)rw_ring_room(r, RW_RING_CRITICAL));
  uint64_t crit = 0;
  while (push(r, RW_RING_CRITICAL, data + sync + crit))
    crit++;
  CHECK(crit == 8, "critical records in reserve %llu, want 8 (1/16)", (unsigned long long)crit);
  CHECK(rw_ring_produced(r) == 128 + 3, "produced %llu",
        (unsigned long long)rw_ring_produced(r));
  CHECK(atomic_load(&r->dropped) == 3, "dropped %llu", (unsigned long long)atomic_load(&r->dropped));
  /* Consume one: a critical record fits again, the others still do not. */
  const rw_rec *first = rw_ring_peek(r);
  CHECK(first && first->seq == 0, "first seq");
  rw_ring_pop(r);
  CHECK(!push(r, RW_RING_DATA, 999), "data record must not use the sync reserve");
  CHECK(!push(r, RW_RING_SYNC, 999), "sync record must not use the critical room");
  CHECK(push(r, RW_RING_CRITICAL, 999), "critical record fits after a pop");
  uint64_t n = 0;
  while (rw_ring_peek(r)) {
    rw_ring_pop(r);
    n++;
  }
  CHECK(n == 128, "drained %llu", (unsigned long long)n);
  rw_ring_cancel(r);
  CHECK(atomic_load(&r->dropped) == 6, "cancel counts as dropped: %llu",
        (unsigned long long)atomic_load(&r->dropped));
  rw_ring_destroy(r);
}

/* A ring starts at RW_RING_START records and grows when full straight to
 * its capacity; records keep their order across segments, and a segment
 * the consumer left is unmapped and its bytes given back. */
static void test_growth(void) {
  rw_ring *r = rw_ring_create(1024);
  CHECK(r && r->cap == RW_RING_START && r->max_cap == 1024, "start cap %llu",
        r ? (unsigned long long)r->cap : 0ull);
  uint64_t seq = 0;
  while (push(r, 0, seq))
    seq++;
  /* 256 -> 1024, each full at its 7/8 of data records. */
  CHECK(r->cap == 1024 && seq == 224 + 896, "grew to %llu after %llu records",
        (unsigned long long)r->cap, (unsigned long long)seq);
  CHECK(rw_ring_bytes(r) == (256 + 1024) * RB, "bytes %llu",
        (unsigned long long)rw_ring_bytes(r));
  uint64_t n = 0, disorder = 0;
  const rw_rec *rec;
  while ((rec = rw_ring_peek(r))) {
    CHECK(rw_ring_at(r, n) == rec, "ring_at(%llu) is not the record peeked",
          (unsigned long long)n);
    disorder += rec->seq != n;
    rw_ring_pop(r);
    n++;
    if (n == 300)   /* inside the second segment: the first is gone */
      CHECK(rw_ring_bytes(r) == 1024 * RB, "bytes after the first %llu",
            (unsigned long long)rw_ring_bytes(r));
  }
  CHECK(n == seq && disorder == 0, "drained %llu of %llu, %llu out of order",
        (unsigned long long)n, (unsigned long long)seq, (unsigned long long)disorder);
  CHECK(push(r, 1, seq), "room after draining");   /* sync: no recheck wait */
  CHECK(rw_ring_peek(r) && rw_ring_peek(r)->seq == seq, "the record after the drain");
  rw_ring_pop(r);
  CHECK(rw_ring_bytes(r) == 1024 * RB, "bytes at the end %llu",
        (unsigned long long)rw_ring_bytes(r));
  rw_ring_destroy(r);
}

/* Extras come from the segment's area, first in first out: a full area
 * refuses, freeing the oldest block makes room again (also across the
 * wrap: a block never wraps), and a freed block's memory is reused. */
static void test_ext_area(void) {
  rw_ring *r = rw_ring_create(RW_RING_START);
  CHECK(push(r, 1, 0), "mapped");
  uint64_t area = RW_RING_START * RW_RING_XBYTES, got = 0;
  rw_ext *e[1024];
  while (got < 1024 && (e[got] = rw_ring_ext_alloc(r, 200)))
    got++;
  CHECK(got == area / 208, "%llu blocks of 208 in %llu bytes", (unsigned long long)got,
        (unsigned long long)area);
  CHECK(e[0]->pool && e[0]->flags == 0 && e[0]->vc == 0, "zeroed, from the area");
  CHECK(!rw_ring_ext_alloc(r, area / 2 + 16), "over half of the area: refused");
  rw_ring_ext_free(e[0]);
  rw_ext *w = rw_ring_ext_alloc(r, 200);   /* wraps: skips the tail end */
  CHECK(w == e[0], "reused the oldest block's memory");
  CHECK(!rw_ring_ext_alloc(r, 200), "full again");
  rw_ring_ext_free(e[1]);
  for (uint64_t i = 2; i < got; i++)
    rw_ring_ext_free(e[i]);
  rw_ring_ext_free(w);
  for (uint64_t i = 0; i < got; i++)
    CHECK((e[i] = rw_ring_ext_alloc(r, 200)) != 0, "room again after every free");
  while (rw_ring_peek(r))
    rw_ring_pop(r);
  rw_ring_destroy(r);
}

/* A full extras area wakes the flusher like full records do, once per
 * RW_RING_RECHECK_DROPS refusals: the producer then drops every record
 * with extras and never finds the records full, so before this nothing
 * woke the flusher until its interval. */
static int wakes;
static void count_wake(void) { wakes++; }

static void test_ext_full_wakes(void) {
  rw_ring *r = rw_ring_create(RW_RING_START);
  CHECK(push(r, 1, 0), "mapped");
  rw_ring_set_wake(count_wake);
  wakes = 0;
  rw_ext *e[1024];
  uint64_t got = 0;
  while (got < 1024 && (e[got] = rw_ring_ext_alloc(r, 200)))
    got++;
  CHECK(got < 1024 && wakes == 1, "the first refusal wakes: %d wake-ups", wakes);
  CHECK(head_room(r), "the records are not full");
  for (int i = 1; i < RW_RING_RECHECK_DROPS; i++)
    CHECK(!rw_ring_ext_alloc(r, 200), "still full");
  CHECK(wakes == 1, "no wake-up for the next %d refusals: %d", RW_RING_RECHECK_DROPS - 1,
        wakes);
  CHECK(!rw_ring_ext_alloc(r, 200), "still full");
  CHECK(wakes == 2, "the %dth refusal wakes again: %d", RW_RING_RECHECK_DROPS + 1, wakes);
  CHECK(!rw_ring_ext_alloc(r, RW_RING_START * RW_RING_XBYTES),
        "too large for the area: refused");
  CHECK(wakes == 2, "a block too large wakes nobody (it goes to malloc): %d", wakes);
  rw_ring_set_wake(0);
  for (uint64_t i = 0; i < got; i++)
    rw_ring_ext_free(e[i]);
  while (rw_ring_peek(r))
    rw_ring_pop(r);
  rw_ring_destroy(r);
}

/* A ring that stays full: the first refusal rechecks, tries to resize and
 * wakes the flusher; the next RW_RING_RECHECK_DROPS records of either
 * class are dropped without either (synchronisation records used to
 * recheck, resize and wake on every drop), and a synchronisation record
 * still takes the room a pop gives back. */
static void test_full_ring_quiet(void) {
  rw_ring_set_behind(1);                  /* no growth: stays at the start size */
  rw_ring *r = rw_ring_create(4 * RW_RING_START);
  rw_ring_set_wake(count_wake);
  wakes = 0;
  uint64_t seq = 0;
  while (push(r, RW_RING_CRITICAL, seq))
    seq++;
  CHECK(seq == RW_RING_START && wakes == 1, "full at %llu records, %d wake-ups",
        (unsigned long long)seq, wakes);
  for (int i = 1; i < RW_RING_RECHECK_DROPS; i++)
    CHECK(!push(r, i & 1, 0), "still full");
  CHECK(wakes == 1, "no wake-up for the next %d drops: %d", RW_RING_RECHECK_DROPS - 1, wakes);
  rw_ring_pop(r);
  CHECK(push(r, RW_RING_CRITICAL, seq), "a critical record takes the popped record's room");
  CHECK(wakes == 1, "still quiet: %d", wakes);
  CHECK(!push(r, 1, 0) && wakes == 2, "the next drop rechecks and wakes: %d", wakes);
  CHECK(atomic_load(&r->dropped) == RW_RING_RECHECK_DROPS + 1, "dropped %llu",
        (unsigned long long)atomic_load(&r->dropped));
  rw_ring_set_wake(0);
  rw_ring_set_behind(0);
  while (rw_ring_peek(r))
    rw_ring_pop(r);
  rw_ring_destroy(r);
}

/* rw_ring_fits_after: a data record after `ahead` synchronisation records
 * (held-back lock acquisitions).  With one data slot left it fits alone
 * but not after one more; the ring then grows if it may (a new segment:
 * room for both), and when it may not, the record is refused, counted as
 * one drop, and nothing is reserved. */
static void test_fits_after(void) {
  rw_ring *r = rw_ring_create(1024);
  uint64_t seq = 0;
  CHECK(rw_ring_fits_after(r, 0) && r->recs, "an empty ring maps its records");
  while (rw_ring_used(r) + 1 < r->data_limit)
    CHECK(push(r, 0, seq++), "filling");
  CHECK(rw_ring_fits_after(r, 0) && r->cap == RW_RING_START, "the last data slot fits alone");
  CHECK(rw_ring_fits_after(r, 1) && r->cap == 1024, "after one more: grown, cap %llu",
        (unsigned long long)r->cap);
  CHECK(push(r, 1, seq++) && push(r, 0, seq++), "both fit in the new segment");
  CHECK(atomic_load(&r->dropped) == 0, "nothing dropped");
  while (rw_ring_peek(r))
    rw_ring_pop(r);
  rw_ring_destroy(r);

  r = rw_ring_create(RW_RING_START);      /* at its largest: cannot grow */
  while (rw_ring_used(r) + 1 < r->data_limit)
    CHECK(push(r, 0, seq++), "filling");
  uint64_t head = atomic_load(&r->head);
  CHECK(rw_ring_fits_after(r, 0), "one data slot left");
  CHECK(!rw_ring_fits_after(r, 1), "not after one more record");
  CHECK(atomic_load(&r->dropped) == 1 && atomic_load(&r->head) == head,
        "one drop counted, nothing reserved: dropped %llu",
        (unsigned long long)atomic_load(&r->dropped));
  rw_ring_pop(r);
  rw_ring_pop(r);   /* the flusher makes room, but the producer's view is stale */
  CHECK(!rw_ring_fits_after(r, 1) && atomic_load(&r->dropped) == 2,
        "dropped without a look at the tail until the recheck is due");
  while (rw_ring_peek(r))
    rw_ring_pop(r);
  rw_ring_destroy(r);
}

/* While the flusher is behind, a full ring shrinks (to the start size)
 * instead of growing; the records of the larger segment still come out
 * first, in order. */
static void test_shrink_when_behind(void) {
  rw_ring *r = rw_ring_create(1024);
  uint64_t seq = 0;
  while (r->cap < 1024 && push(r, 1, seq))
    seq++;
  rw_ring_set_behind(1);
  uint64_t pops = 0;
  for (int round = 0; round < 4; round++) {
    while (push(r, 1, seq))
      seq++;
    for (int i = 0; i < 64 && rw_ring_peek(r); i++, pops++) {
      CHECK(rw_ring_peek(r)->seq == pops, "seq %llu at %llu",
            (unsigned long long)rw_ring_peek(r)->seq, (unsigned long long)pops);
      rw_ring_pop(r);
    }
  }
  CHECK(r->cap == RW_RING_START, "behind: cap %llu, want %u", (unsigned long long)r->cap,
        RW_RING_START);
  while (rw_ring_peek(r)) {
    CHECK(rw_ring_peek(r)->seq == pops, "seq after the shrink");
    rw_ring_pop(r);
    pops++;
  }
  CHECK(pops == seq && rw_ring_bytes(r) == RW_RING_START * RB,
        "popped %llu of %llu, %llu bytes left", (unsigned long long)pops,
        (unsigned long long)seq, (unsigned long long)rw_ring_bytes(r));
  rw_ring_set_behind(0);
  rw_ring_destroy(r);
}

/* Issue #13: 53 live threads that all outrun the flusher (the banking
 * demo, a thread per connection) must not each get a full ring: at the
 * default budget, all rings together stay within the growth share
 * (1/16 of the budget) plus a start ring per thread.  Before: 53 full
 * rings of 8192 records, 26.5 MiB. */
#define LIVE 53
static void test_many_live_rings(void) {
  const uint64_t total = 128ull << 20;
  rw_budget_init(total);
  rw_ring *r[LIVE];
  for (int i = 0; i < LIVE; i++)
    r[i] = rw_ring_create(8192);
  for (int round = 0; round < 8; round++)    /* every thread keeps filling */
    for (int i = 0; i < LIVE; i++)
      while (push(r[i], 0, 0)) {}
  uint64_t bytes = 0, full = 0;
  for (int i = 0; i < LIVE; i++) {
    bytes += rw_ring_bytes(r[i]);
    full += r[i]->cap == 8192;
  }
  uint64_t bound = total / 16 + LIVE * RW_RING_START * RB;
  rw_budget_stats st;
  rw_budget_get_stats(&st);
  CHECK(bytes <= bound && st.part_peak[RW_BUDGET_RINGS] <= bound,
        "rings of %d live threads: %llu KiB (peak %llu KiB), bound %llu KiB", LIVE,
        (unsigned long long)bytes >> 10,
        (unsigned long long)st.part_peak[RW_BUDGET_RINGS] >> 10,
        (unsigned long long)bound >> 10);
  CHECK(full >= 1 && full < LIVE, "%llu full-size rings", (unsigned long long)full);
  for (int i = 0; i < LIVE; i++) {
    while (rw_ring_peek(r[i]))
      rw_ring_pop(r[i]);
    rw_ring_destroy(r[i]);
  }
  rw_budget_get_stats(&st);
  CHECK(st.used[RW_BUDGET_RINGS] == 0, "rings give back everything: %llu left",
        (unsigned long long)st.used[RW_BUDGET_RINGS]);
  rw_budget_init(0);
}

#define N 500000   /* ~500 wraps of the ring; bounded time under ASan on a loaded machine */
static _Atomic int producer_done;

/* Lossless mode retries a full ring (each refused try counts as offered
 * and dropped); lossy mode offers each record once. */
static int lossless;

static void *producer(void *arg) {
  rw_ring *r = arg;
  for (uint64_t i = 1; i <= N; i++)
    while (!push(r, (i % 16) == 0, i) && lossless)
      sched_yield();
  atomic_store(&producer_done, 1);
  return 0;
}

static void test_two_threads(int retry) {
  lossless = retry;
  atomic_store(&producer_done, 0);
  rw_ring *r = rw_ring_create(1024);
  pthread_t th;
  pthread_create(&th, 0, producer, r);
  uint64_t got = 0, last = 0, disorder = 0;
  for (;;) {
    const rw_rec *rec = rw_ring_peek(r);
    if (!rec) {
      if (atomic_load(&producer_done) && !rw_ring_peek(r))
        break;
      sched_yield();   /* a loaded machine: let the producer run */
      continue;
    }
    if (rec->seq <= last)
      disorder++;
    last = rec->seq;
    rw_ring_pop(r);
    got++;
  }
  pthread_join(th, 0);
  uint64_t dropped = atomic_load(&r->dropped);
  CHECK(disorder == 0, "%llu records out of order", (unsigned long long)disorder);
  uint64_t produced = rw_ring_produced(r);
  CHECK(produced == got + dropped, "produced %llu != got %llu + dropped %llu",
        (unsigned long long)produced, (unsigned long long)got, (unsigned long long)dropped);
  if (retry)
    CHECK(got == N && last == N, "lossless: got %llu, last %llu", (unsigned long long)got,
          (unsigned long long)last);
  else
    CHECK(produced == N && got > 0, "lossy: produced %llu", (unsigned long long)produced);
  printf("two threads: %llu consumed, %llu dropped\n", (unsigned long long)got,
         (unsigned long long)dropped);
  rw_ring_destroy(r);
}

/* A new thread reuses an ended thread's slot when its clock covers that
 * thread's end.  Under a thread per connection the newest ended threads
 * are not joined yet: an allowed slot among older ones must still be
 * found, and one allowed later must not be lost behind those that are
 * not. */
#define ENDED 100
static uint32_t claim(uint32_t tid, const rw_vc *start) {
  uint64_t epoch, seq;
  return rw_slots_claim(tid, NULL, start, &epoch, &seq);
}

static void test_slot_reuse(void) {
  uint32_t slot[ENDED];
  for (int i = 0; i < ENDED; i++)
    slot[i] = claim(1000 + i, NULL);
  for (int i = 0; i < ENDED; i++)
    rw_slots_release(slot[i], 5, 7);
  rw_vc joined;                          /* the 30 oldest were joined */
  rw_vc_init(&joined);
  for (int i = 0; i < 30; i++)
    rw_vc_set(&joined, slot[i], 5);
  uint32_t got = claim(2000, &joined);
  CHECK(got == slot[0], "reused slot %u, want %u (the oldest joined)", got, slot[0]);
  rw_vc_free(&joined);
  rw_vc last;                            /* only the newest was joined */
  rw_vc_init(&last);
  rw_vc_set(&last, slot[ENDED - 1], 5);
  uint32_t end = rw_slots_end(), a = claim(2001, &last), b = claim(2002, &last);
  CHECK(a == slot[ENDED - 1] || b == slot[ENDED - 1],
        "the newest ended slot %u was not reused in two claims (%u, %u)",
        slot[ENDED - 1], a, b);
  CHECK(rw_slots_end() <= end + 1, "%u new slots for two threads", rw_slots_end() - end);
  rw_vc_free(&last);
}

/* A drained ring's start mapping goes to the next ring (ring.c: spare),
 * which reads its own records there, never the earlier ring's; past
 * RW_RING_SPARE given back, the rest are unmapped. */
static void test_spare_mappings(void) {
  rw_ring *a = rw_ring_create(RW_RING_START);
  for (uint64_t i = 1; i <= 10; i++)
    push(a, 0, 100 + i);
  rw_rec *old = a->recs;
  uint64_t last = 0;
  CHECK(rw_ring_discard(a, &last) == 10 && last == 110);
  rw_ring_destroy(a);
  rw_ring *b = rw_ring_create(RW_RING_START);
  CHECK(push(b, 0, 7) && push(b, 1, 8));
  /* (a new mapping would be zeroes there: the same address comes back
   * from mmap too) */
  CHECK(b->recs == old && b->recs[5].seq == 106, "the new ring mapped anew");
  const rw_rec *rec = rw_ring_peek(b);
  CHECK(rec && rec->seq == 7);
  rw_ring_pop(b);
  CHECK((rec = rw_ring_peek(b)) && rec->seq == 8);
  rw_ring_pop(b);
  CHECK(!rw_ring_peek(b));
  rw_ring_destroy(b);
  enum { NS = RW_RING_SPARE + 8 };
  rw_ring *r[NS];
  for (int i = 0; i < NS; i++) {
    r[i] = rw_ring_create(RW_RING_START);
    CHECK(push(r[i], 0, 1));
  }
  for (int i = 0; i < NS; i++)
    rw_ring_destroy(r[i]);   /* (64 kept, 8 unmapped) */
  int fresh = 0;
  for (int i = 0; i < NS; i++) {
    r[i] = rw_ring_create(RW_RING_START);
    CHECK(push(r[i], 0, 2));
    const rw_rec *x = rw_ring_peek(r[i]);
    CHECK(x && x->seq == 2);
    for (int k = 0; k < NS; k++)   /* a mapping is handed out once */
      fresh += k < i && r[k]->recs == r[i]->recs;
  }
  CHECK(fresh == 0, "%d rings share a mapping", fresh);
  for (int i = 0; i < NS; i++)
    rw_ring_destroy(r[i]);
}

/* Fill a new ring of `cap` past its start size (it grows), writing seq
 * base + 1, base + 2, ...; drain it unless asked not to. */
static rw_ring *grown_ring(uint64_t cap, uint64_t base, int drain) {
  rw_ring *r = rw_ring_create(cap);
  for (uint64_t i = 1; r->cap < cap && push(r, 0, base + i); i++) {}
  while (drain && rw_ring_peek(r))
    rw_ring_pop(r);
  return r;
}

/* A full-size segment given back goes to the next ring that grows, with
 * its pages (the earlier ring's records still there: a new mapping would
 * be zeroes), handed out once; at most RW_RING_SPARE_FULL are kept.
 * Runs first: the kept size is the first full size given back. */
static void test_full_spare(void) {
  enum { CAP = 1024, NR = RW_RING_SPARE_FULL + 2 };
  rw_ring *a = grown_ring(CAP, 1000, 0);
  while (push(a, 0, 5000)) {}             /* fill the full-size segment */
  rw_rec *full = a->recs;
  while (rw_ring_peek(a))
    rw_ring_pop(a);
  rw_ring_destroy(a);
  rw_ring *b = grown_ring(CAP, 0, 1);
  CHECK(b->cap == CAP && b->recs == full && b->recs[500].seq == 5000,
        "the grown ring mapped anew (cap %llu, stale seq %llu)", (unsigned long long)b->cap,
        (unsigned long long)b->recs[500].seq);
  rw_ring_destroy(b);
  rw_ring *r[NR];
  for (int i = 0; i < NR; i++) {
    r[i] = grown_ring(CAP, 0, 0);
    while (push(r[i], 0, 7000 + i)) {}
    while (rw_ring_peek(r[i]))
      rw_ring_pop(r[i]);
  }
  for (int i = 0; i < NR; i++)
    rw_ring_destroy(r[i]);
  int stale = 0, shared = 0;
  for (int i = 0; i < NR; i++) {
    r[i] = grown_ring(CAP, 0, 1);
    stale += r[i]->recs[500].seq >= 7000;
    for (int k = 0; k < i; k++)
      shared += r[k]->recs == r[i]->recs;
  }
  CHECK(stale == RW_RING_SPARE_FULL && shared == 0,
        "%d of %d grown rings got a kept mapping (want %d), %d shared", stale, NR,
        RW_RING_SPARE_FULL, shared);
  for (int i = 0; i < NR; i++)
    rw_ring_destroy(r[i]);
}

/* A grown segment is made resident when mapped, but not one over 8 MiB
 * (a larger RACEWAY_MAX_BUFFERED): that one's pages come as written.
 * (Sizes no other test keeps as spares, so both are new mappings.) */
static void test_populate(void) {
  size_t ps = (size_t)sysconf(_SC_PAGESIZE);
  rw_ring *a = grown_ring(2048, 0, 0);    /* 256 KiB */
  size_t in = resident_count(a->recs, 2048 * RB);
  CHECK(a->cap == 2048 && in == 2048 * RB / ps, "grown to %llu: %zu of %zu pages resident",
        (unsigned long long)a->cap, in, 2048 * RB / ps);
  rw_ring *b = grown_ring(131072, 0, 0);  /* 16 MiB */
  in = resident_count(b->recs, 131072 * RB);
  CHECK(b->cap == 131072 && in < 16, "grown to %llu: %zu pages resident, want a few",
        (unsigned long long)b->cap, in);
  rw_ring_destroy(a);
  rw_ring_destroy(b);
}

int main(void) {
  test_full_spare();
  test_spare_mappings();
  test_slot_reuse();
  test_capacity_and_reserve();
  test_growth();
  test_many_live_rings();
  test_shrink_when_behind();
  test_ext_area();
  test_ext_full_wakes();
  test_full_ring_quiet();
  test_fits_after();
  test_two_threads(1);
  test_two_threads(0);
  test_populate();   /* last: its 16 MiB ring would stay in the rings' peak */
  return check_summary("test_ring");
}

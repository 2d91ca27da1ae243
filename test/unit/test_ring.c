/* test_ring.c - the per-thread SPSC event ring: capacity, the sync
 * reserve, drop accounting, and order/loss under a concurrent consumer;
 * which ended thread's slot a new thread reuses (capture/slots.c). */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "capture/ring.h"
#include "capture/slots.h"

static int push(rw_ring *r, int sync, uint64_t seq) {
  rw_rec *rec = rw_ring_reserve(r, sync);
  if (!rec)
    return 0;
  rec->seq = seq;
  rec->ext = 0;
  rw_ring_commit(r);
  return 1;
}

static void test_capacity_and_reserve(void) {
  rw_ring *r = rw_ring_create(100);       /* rounds up to 128 */
  CHECK(r && r->cap == 128, "cap %llu", r ? (unsigned long long)r->cap : 0ull);
  uint64_t data = 0;
  while (push(r, 0, data))
    data++;
  CHECK(data == 112, "data records accepted %llu, want 112 (7/8)", (unsigned long long)data);
  uint64_t sync = 0;
  while (push(r, 1, data + sync))
    sync++;
  CHECK(sync == 16, "sync records in reserve %llu, want 16", (unsigned long long)sync);
  CHECK(rw_ring_produced(r) == 128 + 2, "produced %llu",
        (unsigned long long)rw_ring_produced(r));
  CHECK(atomic_load(&r->dropped) == 2, "dropped %llu", (unsigned long long)atomic_load(&r->dropped));
  /* Consume one: a sync record fits again, a data record still does not. */
  const rw_rec *first = rw_ring_peek(r);
  CHECK(first && first->seq == 0, "first seq");
  rw_ring_pop(r);
  CHECK(!push(r, 0, 999), "data record must not use the sync reserve");
  CHECK(push(r, 1, 999), "sync record fits after a pop");
  uint64_t n = 0;
  while (rw_ring_peek(r)) {
    rw_ring_pop(r);
    n++;
  }
  CHECK(n == 128, "drained %llu", (unsigned long long)n);
  rw_ring_cancel(r);
  CHECK(atomic_load(&r->dropped) == 4, "cancel counts as dropped: %llu",
        (unsigned long long)atomic_load(&r->dropped));
  rw_ring_destroy(r);
}

#define N 2000000
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

int main(void) {
  test_slot_reuse();
  test_capacity_and_reserve();
  test_two_threads(1);
  test_two_threads(0);
  return check_summary("test_ring");
}

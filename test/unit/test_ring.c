/* test_ring.c - the per-thread SPSC event ring: capacity, the sync
 * reserve, drop accounting, and order/loss under a concurrent consumer. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "capture/ring.h"

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

int main(void) {
  test_capacity_and_reserve();
  test_two_threads(1);
  test_two_threads(0);
  return check_summary("test_ring");
}

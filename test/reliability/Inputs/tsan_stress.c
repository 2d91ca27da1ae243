/*
 * tsan_stress.c - drives the runtime's own concurrency for
 * ThreadSanitizer (tools/run-sanitized.sh thread).
 *
 * Built with the runtime sources minus intercept_*.c (TSan interposes the
 * same pthread functions; without raceway's interceptors the runtime is
 * reached only through the hooks and the public API below, and thread
 * exit through its pthread key destructor).  What runs at the same time:
 *   - WORKERS threads writing tracked state through __raceway_write (own
 *     slots, plus one shared variable so the detector reports races), with
 *     manual lock events and custom events: rings, detector, report; and
 *     release-storing and acquiring an untracked flag through the atomic
 *     hooks: sync-table buckets and the summaries an acquire reads
 *     without their lock (hb/syncsum.h);
 *   - a churn thread starting short-lived threads: registry growth and
 *     the flusher retiring rings of exited threads;
 *   - a thread calling raceway_flush and raceway_get_stats, and sweeping
 *     every slot as a detached threads' sweep does (rt/sweep.c): it forgets
 *     accesses and sync summaries while threads record and lock, which
 *     costs races, and must race with nothing in the runtime's memory;
 *   - the flusher encoding and sending (file or HTTP sink, from RACEWAY_*).
 * Exits 1 unless delivered + dropped == produced after raceway_shutdown.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "raceway/abi.h"
#include "raceway/raceway.h"

#define WORKERS 6
#define WRITES 20000           /* per worker; STRESS_WRITES overrides */
#define CHURN 64

static const raceway_site slot_site = {
    "slot", 0, "tsan_stress.c", 40, 5, 0, RACEWAY_ACCESS_WRITE,
    RACEWAY_VALUE_SINT, 8, 0, 0, {0}};
static const raceway_site shared_site = {
    "shared", 0, "tsan_stress.c", 41, 5, 0, RACEWAY_ACCESS_WRITE,
    RACEWAY_VALUE_SINT, 8, 0, 0, {0}};
static const raceway_site flag_store = {
    0, 0, "tsan_stress.c", 42, 5, 0, RACEWAY_ACCESS_ATOMIC_WRITE,
    RACEWAY_VALUE_SINT, 8, 0, RACEWAY_ORDER_RELEASE, {0}};
static const raceway_site flag_load = {
    0, 0, "tsan_stress.c", 43, 5, 0, RACEWAY_ACCESS_ATOMIC_READ,
    RACEWAY_VALUE_SINT, 8, 0, RACEWAY_ORDER_ACQUIRE, {0}};

/* Internal, from the runtime's objects linked in (detect/detector.h,
 * hb/sync.h). */
void rw_detector_forget_threads(const uint8_t *dead, uint32_t n);
void rw_sync_forget_threads(const uint8_t *dead, uint32_t n);

static long slots[WORKERS + CHURN];
static long writes = WRITES;
static long shared;            /* written by everyone: a race, on purpose */
static atomic_long flag;       /* released and acquired by every worker */
static atomic_int workers_left = WORKERS;
static int lock_token;         /* address used as a manual lock id */

static void *worker(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < writes; i++) {
    __raceway_write(&slot_site, &slots[id], (uint64_t)i);
    slots[id] = i;
    if (i % 100 == 0) {
      raceway_lock_acquire(&lock_token, "Mutex", "tsan_stress.c:50");
      raceway_capture_custom("tick", "{\"i\":1}");
      raceway_lock_release(&lock_token, "Mutex", "tsan_stress.c:52");
    }
    if (i % 1000 == 0)
      __raceway_write(&shared_site, &shared, (uint64_t)i);
    if (id % 2 == 0 && i % 10 == 0) {   /* half the workers release, all acquire */
      __raceway_atomic_pre(&flag_store, &flag);
      atomic_store_explicit(&flag, i, memory_order_release);
      __raceway_atomic_post(&flag_store, &flag, 0, (uint64_t)i);
    }
    __raceway_atomic_pre(&flag_load, &flag);
    long v = atomic_load_explicit(&flag, memory_order_acquire);
    __raceway_atomic_post(&flag_load, &flag, (uint64_t)v, (uint64_t)v);
  }
  atomic_fetch_sub(&workers_left, 1);
  return 0;
}

static void *short_lived(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < 200; i++)
    __raceway_write(&slot_site, &slots[id], (uint64_t)i);
  return 0;
}

static void *churn(void *arg) {
  (void)arg;
  for (long i = 0; i < CHURN; i++) {
    pthread_t t;
    if (pthread_create(&t, 0, short_lived, (void *)(WORKERS + i)) == 0)
      pthread_join(t, 0);
  }
  return 0;
}

static void *observer(void *arg) {
  (void)arg;
  uint8_t dead[WORKERS + CHURN + 4];
  memset(dead, 1, sizeof dead);
  for (unsigned round = 0; atomic_load(&workers_left) > 0; round++) {
    if (round % 8 == 0) {      /* not always: races must still be found */
      rw_detector_forget_threads(dead, sizeof dead);
      rw_sync_forget_threads(dead, sizeof dead);
    }
    raceway_stats st;
    raceway_get_stats(&st);
    raceway_flush(20);
    free(raceway_race_report_json());
  }
  return 0;
}

int main(void) {
  const char *n = getenv("STRESS_WRITES");  /* fewer for a slow sink */
  if (n && atol(n) > 0)
    writes = atol(n);
  raceway_init(0);
  pthread_t w[WORKERS], c, o;
  for (long i = 0; i < WORKERS; i++)
    pthread_create(&w[i], 0, worker, (void *)i);
  pthread_create(&c, 0, churn, 0);
  pthread_create(&o, 0, observer, 0);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(w[i], 0);
  pthread_join(c, 0);
  pthread_join(o, 0);
  raceway_shutdown();
  raceway_stats st;
  raceway_get_stats(&st);
  printf("stress: produced %llu delivered %llu dropped %llu races %u\n",
         (unsigned long long)st.produced, (unsigned long long)st.delivered,
         (unsigned long long)st.dropped, raceway_race_count());
  return st.delivered + st.dropped == st.produced && st.produced > 0 ? 0 : 1;
}

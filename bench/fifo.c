/*
 * fifo.c - a lock-free single-producer single-consumer FIFO (a ring of
 * 1024 slots, C11 atomics, release on publish, acquire on consume) with
 * one annotated field: the slot's payload.  The producer writes a slot
 * (tracked store), then publishes it with a release store of `tail`; the
 * consumer acquires `tail`, reads the slot (tracked load) and releases it
 * back with a release store of `head`.  The detector must see the
 * release/acquire edges to stay silent.  Waiting spins 64 times, then
 * yields (the machine may have fewer free cores than threads).
 *
 *   fifo ITEMS [same|apart]
 *
 * same: both threads on CPU 0; apart: the producer on CPU 0, the consumer
 * on CPU 1.  Unpinned, the scheduler picks either, and the cost differs
 * by 3-10x: on one CPU the threads take turns (a yield each 1024 items,
 * no line moves between caches), on two they run at once and every
 * shared line moves per item (bench/RESULTS.md, FIFO third pass).
 *
 * Prints the consumer's sum and checks it.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef RACEWAY_BENCH
#include <raceway/raceway.h>
#else
#define RACEWAY_TRACKED(type, name) type name
#endif

#define CAP 1024

struct slot {
  RACEWAY_TRACKED(long, payload);
};

static struct slot slots[CAP];
static _Alignas(64) atomic_size_t head; /* next slot to consume */
static _Alignas(64) atomic_size_t tail; /* next slot to fill */
static long items;
static long consumed_sum;
static int place = -1; /* -1: unpinned; 0: same; 1: apart */

/* Pin the calling thread to CPU `cpu` (place apart) or 0 (same). */
static void pin(int cpu) {
  if (place < 0)
    return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(place ? cpu : 0, &set);
  if (pthread_setaffinity_np(pthread_self(), sizeof set, &set)) {
    fprintf(stderr, "fifo: cannot pin to CPU %d\n", place ? cpu : 0);
    exit(2);
  }
}

static void backoff(unsigned *spins) {
  if (++*spins > 64) {
    sched_yield();
    *spins = 0;
  }
}

static void *producer(void *arg) {
  (void)arg;
  pin(0);
  size_t t = 0, h = 0;
  for (long i = 0; i < items; i++) {
    unsigned spins = 0;
    while (t - h == CAP) {
      h = atomic_load_explicit(&head, memory_order_acquire);
      if (t - h == CAP)
        backoff(&spins);
    }
    slots[t % CAP].payload = i + 1;
    atomic_store_explicit(&tail, ++t, memory_order_release);
  }
  return 0;
}

static void *consumer(void *arg) {
  (void)arg;
  pin(1);
  size_t h = 0, t = 0;
  long sum = 0;
  for (long i = 0; i < items; i++) {
    unsigned spins = 0;
    while (h == t) {
      t = atomic_load_explicit(&tail, memory_order_acquire);
      if (h == t)
        backoff(&spins);
    }
    sum += slots[h % CAP].payload;
    atomic_store_explicit(&head, ++h, memory_order_release);
  }
  consumed_sum = sum;
  return 0;
}

int main(int argc, char **argv) {
  items = argc > 1 ? atol(argv[1]) : 2000000;
  if (argc > 2)
    place = !strcmp(argv[2], "apart") ? 1 : !strcmp(argv[2], "same") ? 0 : -2;
  if (items < 1 || place == -2) {
    fprintf(stderr, "usage: %s ITEMS [same|apart]\n", argv[0]);
    return 2;
  }
  pthread_t p, c;
  if (pthread_create(&c, 0, consumer, 0) || pthread_create(&p, 0, producer, 0))
    return 1;
  pthread_join(p, 0);
  pthread_join(c, 0);
  if (consumed_sum != items * (items + 1) / 2) {
    fprintf(stderr, "fifo: sum %ld, expected %ld\n", consumed_sum, items * (items + 1) / 2);
    return 1;
  }
  printf("items=%ld sum=%ld\n", items, consumed_sum);
  return 0;
}

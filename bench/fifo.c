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
 *   fifo ITEMS
 *
 * Prints the consumer's sum and checks it.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

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

static void backoff(unsigned *spins) {
  if (++*spins > 64) {
    sched_yield();
    *spins = 0;
  }
}

static void *producer(void *arg) {
  (void)arg;
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
  if (items < 1) {
    fprintf(stderr, "usage: %s ITEMS\n", argv[0]);
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

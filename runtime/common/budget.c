/*
 * budget.c - the memory budget: one atomic total of bytes in use, checked
 * with a compare-and-swap so that concurrent takes never pass the limit
 * together; per part, its use, peak and refusals.
 */
#include "common/budget.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t limit;                       /* 0: unlimited */
static _Atomic uint64_t in_use, peak, refused;
static _Atomic uint64_t used[RW_BUDGET_PARTS], part_peak[RW_BUDGET_PARTS],
    part_refused[RW_BUDGET_PARTS];

static const char *const part_names[RW_BUDGET_PARTS] = {
    "rings", "extras", "clocks", "shadow", "sync", "names", "window", "batch", "frags",
    "history", "encoder"};

/* Parts that may hold at most this percent of the total (0: no cap of
 * their own).  Rings grow with threads; the races window holds an entry
 * per held event for as long as the program runs; extras ride on the
 * records buffered in the rings.  Without a cap each fills the whole
 * budget, and then every event that carries extras (each one after a
 * lock) is dropped: the banking demo under load in RACEWAY_SEND=races
 * dropped 98% of its events, with the window at 63 MiB; with a thread per
 * connection, 53 rings held 27 MiB and their extras took the 41 MiB left
 * (bench/soak.sh).  The rings' 25% (32 MiB of the default) is what keeps
 * a thread-per-request service within 64 MB of its start when the flusher
 * is starved: at 40%, ended threads' undrained 32 KiB rings took 52 MiB
 * (banking demo, closing connections, load 17-33).  The encoder's history
 * grows with thread slots times the runs each slot's threads made, up to
 * 320 KiB a slot. */
static const unsigned part_cap_pct[RW_BUDGET_PARTS] = {
    [RW_BUDGET_RINGS] = 25, [RW_BUDGET_EXTRAS] = 10, [RW_BUDGET_WINDOW] = 25,
    [RW_BUDGET_HISTORY] = 10};

void rw_budget_init(uint64_t total) { limit = total; }

uint64_t rw_budget_total(void) { return limit; }

const char *rw_budget_part_name(enum rw_budget_part part) {
  return (unsigned)part < RW_BUDGET_PARTS ? part_names[part] : "?";
}

static void note_peak(_Atomic uint64_t *p, uint64_t now) {
  uint64_t v = atomic_load_explicit(p, memory_order_relaxed);
  while (now > v && !atomic_compare_exchange_weak(p, &v, now)) {}
}

static void add_part(enum rw_budget_part part, uint64_t n) {
  uint64_t now = atomic_fetch_add_explicit(&used[part], n, memory_order_relaxed) + n;
  note_peak(&part_peak[part], now);
}

static int refuse(enum rw_budget_part part) {
  atomic_fetch_add_explicit(&refused, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&part_refused[part], 1, memory_order_relaxed);
  return -1;
}

uint64_t rw_budget_cap(enum rw_budget_part part) {
  return limit && part_cap_pct[part] ? limit / 100 * part_cap_pct[part] : UINT64_MAX;
}

uint64_t rw_budget_used(enum rw_budget_part part) {
  return atomic_load_explicit(&used[part], memory_order_relaxed);
}

/* The part's cap; racy against concurrent takes of the same part, which
 * may pass it by one take each: a cap shares the total out, the total
 * itself is exact. */
static int over_cap(enum rw_budget_part part, uint64_t n) {
  return limit && part_cap_pct[part] &&
         atomic_load_explicit(&used[part], memory_order_relaxed) + n > rw_budget_cap(part);
}

int rw_budget_take(enum rw_budget_part part, uint64_t n) {
  if (over_cap(part, n))
    return refuse(part);
  uint64_t cur = atomic_load_explicit(&in_use, memory_order_relaxed);
  do {
    if (limit && (cur + n < cur || cur + n > limit))
      return refuse(part);
  } while (!atomic_compare_exchange_weak_explicit(&in_use, &cur, cur + n,
                                                  memory_order_relaxed,
                                                  memory_order_relaxed));
  add_part(part, n);
  note_peak(&peak, cur + n);
  return 0;
}

void rw_budget_count(enum rw_budget_part part, uint64_t n) {
  uint64_t now = atomic_fetch_add_explicit(&in_use, n, memory_order_relaxed) + n;
  add_part(part, n);
  note_peak(&peak, now);
}

void rw_budget_give(enum rw_budget_part part, uint64_t n) {
  atomic_fetch_sub_explicit(&in_use, n, memory_order_relaxed);
  atomic_fetch_sub_explicit(&used[part], n, memory_order_relaxed);
}

void *rw_budget_alloc(enum rw_budget_part part, size_t n, int zeroed) {
  if (rw_budget_take(part, n) != 0)
    return NULL;
  void *p = zeroed ? calloc(1, n) : malloc(n);
  if (!p)
    rw_budget_give(part, n);
  return p;
}

uint64_t rw_budget_left(void) {
  uint64_t cur = atomic_load_explicit(&in_use, memory_order_relaxed);
  return !limit ? UINT64_MAX : cur >= limit ? 0 : limit - cur;
}

uint64_t rw_budget_room(enum rw_budget_part part) {
  uint64_t left = rw_budget_left();
  if (!limit || !part_cap_pct[part])
    return left;
  uint64_t cap = rw_budget_cap(part);
  uint64_t used_now = atomic_load_explicit(&used[part], memory_order_relaxed);
  uint64_t in_cap = used_now >= cap ? 0 : cap - used_now;
  return in_cap < left ? in_cap : left;
}

void rw_budget_get_stats(rw_budget_stats *out) {
  out->total = limit;
  for (int i = 0; i < RW_BUDGET_PARTS; i++) {
    out->used[i] = atomic_load_explicit(&used[i], memory_order_relaxed);
    out->part_peak[i] = atomic_load_explicit(&part_peak[i], memory_order_relaxed);
    out->part_refused[i] = atomic_load_explicit(&part_refused[i], memory_order_relaxed);
  }
  out->peak = atomic_load_explicit(&peak, memory_order_relaxed);
  out->refused = atomic_load_explicit(&refused, memory_order_relaxed);
}

static unsigned long long kib(uint64_t n) { return (unsigned long long)((n + 1023) >> 10); }

/* snprintf at out[*at], keeping *at inside the buffer. */
#define APPEND(out, len, at, ...)                                  \
  do {                                                             \
    int n_ = snprintf((out) + *(at), (len) - *(at), __VA_ARGS__);  \
    if (n_ > 0)                                                    \
      *(at) += (size_t)n_ < (len) - *(at) ? (size_t)n_ : (len) - *(at) - 1; \
  } while (0)

void rw_budget_describe(char *out, size_t len) {
  rw_budget_stats st;
  rw_budget_get_stats(&st);
  size_t at = 0;
  if (len == 0)
    return;
  out[0] = 0;
  APPEND(out, len, &at, "memory KiB used/peak of %llu:", kib(st.total));
  const char *sep = " ";
  for (int i = 0; i < RW_BUDGET_PARTS; i++) {
    if (!st.part_peak[i] && !st.part_refused[i])
      continue;
    APPEND(out, len, &at, "%s%s %llu/%llu", sep, part_names[i], kib(st.used[i]),
           kib(st.part_peak[i]));
    if (st.part_refused[i])
      APPEND(out, len, &at, " (%llu refused)", (unsigned long long)st.part_refused[i]);
    sep = ", ";
  }
}

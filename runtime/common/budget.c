/*
 * budget.c - the memory budget: one atomic total of bytes in use, checked
 * with a compare-and-swap so that concurrent takes never pass the limit
 * together.
 */
#include "common/budget.h"

#include <stdatomic.h>

static uint64_t limit;                       /* 0: unlimited */
static _Atomic uint64_t in_use, peak, refused;
static _Atomic uint64_t used[RW_BUDGET_PARTS];

void rw_budget_init(uint64_t total) { limit = total; }

static void note_peak(uint64_t now) {
  uint64_t p = atomic_load_explicit(&peak, memory_order_relaxed);
  while (now > p && !atomic_compare_exchange_weak(&peak, &p, now)) {}
}

int rw_budget_take(enum rw_budget_part part, uint64_t n) {
  uint64_t cur = atomic_load_explicit(&in_use, memory_order_relaxed);
  do {
    if (limit && (cur + n < cur || cur + n > limit)) {
      atomic_fetch_add_explicit(&refused, 1, memory_order_relaxed);
      return -1;
    }
  } while (!atomic_compare_exchange_weak_explicit(&in_use, &cur, cur + n,
                                                  memory_order_relaxed,
                                                  memory_order_relaxed));
  atomic_fetch_add_explicit(&used[part], n, memory_order_relaxed);
  note_peak(cur + n);
  return 0;
}

void rw_budget_count(enum rw_budget_part part, uint64_t n) {
  uint64_t now = atomic_fetch_add_explicit(&in_use, n, memory_order_relaxed) + n;
  atomic_fetch_add_explicit(&used[part], n, memory_order_relaxed);
  note_peak(now);
}

void rw_budget_give(enum rw_budget_part part, uint64_t n) {
  atomic_fetch_sub_explicit(&in_use, n, memory_order_relaxed);
  atomic_fetch_sub_explicit(&used[part], n, memory_order_relaxed);
}

uint64_t rw_budget_left(void) {
  uint64_t cur = atomic_load_explicit(&in_use, memory_order_relaxed);
  return !limit ? UINT64_MAX : cur >= limit ? 0 : limit - cur;
}

void rw_budget_get_stats(rw_budget_stats *out) {
  out->total = limit;
  for (int i = 0; i < RW_BUDGET_PARTS; i++)
    out->used[i] = atomic_load_explicit(&used[i], memory_order_relaxed);
  out->peak = atomic_load_explicit(&peak, memory_order_relaxed);
  out->refused = atomic_load_explicit(&refused, memory_order_relaxed);
}

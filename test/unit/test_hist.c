/* test_hist.c - what a full set of trace components may skip: a slot's
 * kept history stretches (transport/hist.h: rw_hist_may_add,
 * rw_hist_kept) and the table of their holders (transport/trslots.h),
 * against what rw_hist_upto adds, on random histories: never "adds
 * nothing" when it adds one of the set's traces.  The holders' table is
 * checked against a plain model through adds, drops and regrowth. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/budget.h"
#include "transport/cvec.h"
#include "transport/hist.h"
#include "transport/tcacc.h"
#include "transport/trslots.h"

#define SLOTS 6
#define POOL 2000           /* traces; slot s mostly uses 40 of its own */

static uint64_t rng = 88172645463325252ull;
static uint32_t rnd(uint32_t n) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

static uint8_t pool[POOL][16];
static uint64_t counts[POOL];
static rw_hist hist[SLOTS + 1];

/* Slot s notes `events` events: epochs rise now and then, traces switch
 * between a few every sw events or so (some shared with other slots),
 * counts sometimes restart
 * (an evicted trace counter). */
static void grow(uint32_t s, uint32_t events, uint32_t sw, uint64_t *epoch) {
  uint32_t cur = rnd(POOL);
  for (uint32_t i = 0; i < events; i++) {
    if (rnd(4) == 0)
      ++*epoch;
    if (rnd(sw) == 0)
      cur = rnd(8) == 0 ? rnd(POOL) : (s * 31 + rnd(40)) % POOL;
    if (rnd(500) == 0)
      counts[cur] = 0;
    rw_hist_note(&hist[s], *epoch, pool[cur], ++counts[cur]);
  }
}

typedef struct { const rw_tcacc *a; int hit; } probe;
static void add_probe(void *ctx, const uint8_t trace[16], uint64_t n) {
  probe *p = ctx;
  (void)n;
  for (uint32_t i = 0; i < p->a->n; i++)
    if (memcmp(p->a->e[i].trace, trace, 16) == 0)
      p->hit = 1;
}
static int hit(void *a, uint32_t hash) { return rw_tcacc_may_have(a, hash); }

/* Does slot s's kept stretches hold trace t (the holders' model)? */
static int holds(uint32_t s, const uint8_t t[16]) {
  const rw_hist *h = &hist[s];
  uint32_t want = rw_cvec_trace_hash(t, UINT32_MAX);
  uint32_t ns = h->nstretch;
  for (uint32_t k = ns > RW_HIST_STRETCH ? ns - RW_HIST_STRETCH : 0; k < ns; k++)
    if (h->st_hash[k % RW_HIST_STRETCH] == want)
      return 1;
  return 0;
}

static int skipped, asked;

static void check_queries(uint64_t epoch) {
  for (int q = 0; q < 200; q++) {
    rw_tcacc a;
    rw_tcacc_init(&a);
    while (a.n < RW_CVEC_MAX_TC)   /* now and then one a slot uses */
      rw_tcacc_add(&a, pool[rnd(8) ? rnd(POOL) : (rnd(SLOTS) * 31 + rnd(40)) % POOL], 1);
    rw_tcacc_holders(&a);
    for (uint32_t s = 1; s <= SLOTS; s++) {
      uint64_t upto = rnd(3) == 0 ? UINT64_MAX : rnd((uint32_t)epoch + 2);
      probe p = {&a, 0};
      rw_hist_upto(&hist[s], upto, RW_HIST_RUNS, add_probe, &p);
      int may = rw_hist_may_add(&hist[s], upto, hit, &a);
      CHECK(may || !p.hit, "slot %u upto %llu: may_add 0 but it adds", s,
            (unsigned long long)upto);
      int holder = a.many;
      for (uint32_t k = 0; k < a.nholder; k++)
        holder |= a.holder[k] == s;
      if (!holder && rw_hist_kept(&hist[s], upto)) {
        CHECK(!p.hit, "slot %u upto %llu: kept and no holder, but it adds", s,
              (unsigned long long)upto);
        skipped++;
      }
      asked++;
    }
  }
  for (uint32_t t = 0; t < POOL; t++) {
    uint32_t got = rw_trslots_holder(rw_cvec_trace_hash(pool[t], UINT32_MAX)), n = 0, one = 0;
    for (uint32_t s = 1; s <= SLOTS; s++)
      if (holds(s, pool[t]))
        n++, one = s;
    CHECK(n == 0 ? got == 0 : n == 1 ? got == one || got == RW_TRSLOTS_MANY
                             : got == RW_TRSLOTS_MANY,
          "trace %u: holder %u, %u slots hold it", t, got, n);
  }
}

/* The table alone: random adds and drops against counts per hash. */
static void table_model(void) {
  enum { N = 5000 };
  static uint32_t refs[N], owner[N];
  for (int i = 0; i < 400000; i++) {
    uint32_t k = rnd(N), hash = 0x40000000u + k * 7919u;
    if (refs[k] && rnd(2)) {
      rw_trslots_drop(hash);
      refs[k]--;
    } else {
      uint32_t s = 100 + rnd(2);
      rw_trslots_add(hash, s);
      owner[k] = refs[k]++ ? (owner[k] == s ? s : RW_TRSLOTS_MANY) : s;
    }
  }
  int bad = 0;
  for (uint32_t k = 0; k < N; k++) {
    uint32_t got = rw_trslots_holder(0x40000000u + k * 7919u);
    bad += refs[k] ? got != owner[k] : got != 0;
  }
  CHECK(bad == 0, "%d of %d hashes answered wrong", bad, N);
  for (uint32_t k = 0; k < N; k++)
    while (refs[k]--)
      rw_trslots_drop(0x40000000u + k * 7919u);
}

int main(void) {
  rw_budget_init(1ull << 30);
  table_model();
  for (uint32_t t = 0; t < POOL; t++)
    for (int b = 0; b < 16; b++)
      pool[t][b] = (uint8_t)rnd(256);
  for (uint32_t s = 1; s <= SLOTS; s++)
    hist[s].slot = s;
  uint64_t epoch = 1;
  /* Short histories (all stretches kept), then long ones (stretches
   * replaced, segments overwritten past RW_HIST_NSEG), then a clear. */
  for (int round = 0; round < 6; round++) {
    for (uint32_t s = 1; s <= SLOTS; s++)
      grow(s, round < 2 ? 60 : 6000, round % 2 ? 1 : 6, &epoch);
    check_queries(epoch);
  }
  rw_hist_clear(&hist[2]);
  grow(2, 50, 6, &epoch);
  check_queries(epoch);
  CHECK(skipped > asked / 10, "only %d of %d skipped: the test does not reach it", skipped,
        asked);
  return check_summary("test_hist");
}

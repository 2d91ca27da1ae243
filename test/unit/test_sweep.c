/*
 * test_sweep.c - slots of detached threads given back (rt/sweep.c, the
 * slot registry's unjoinable slots, the shadow table's sweep), driven with
 * hand-made threads: linked with the layers common, hb, capture, detect
 * and rt/sweep.c alone, no pass, no hooks.
 */
#include <stdio.h>
#include <stdlib.h>

#include "capture/slots.h"
#include "check.h"
#include "detector_env.h"
#include "detect/detector.h"
#include "hb/sync.h"
#include "rt/sweep.h"

static uint64_t epoch(const fake_thread *t) { return rw_vc_get(&t->hb.vc, t->hb.slot); }

/* A thread created with initial clock start (NULL: none known), in a
 * reused slot where the registry allows, else a new one. */
static fake_thread *thread_start(const rw_vc *start) {
  static uint32_t tid = 100;
  uint64_t first, seq;
  uint32_t slot = rw_slots_claim(++tid, NULL, start, &first, &seq);
  fake_thread *t = calloc(1, sizeof *t);
  rw_sync_hb_init(&t->hb, slot);
  if (start)
    rw_vc_join(&t->hb.vc, start);
  if (first)                     /* a reused slot: its epochs go on */
    rw_vc_set(&t->hb.vc, slot, first);
  t->seq = seq;
  return t;
}

/* The thread ends; detached: no join will ever cover its end. */
static void thread_end(fake_thread *t, int detached) {
  uint32_t slot = t->hb.slot;
  uint64_t final = epoch(t);
  rw_slots_release(slot, final, t->seq);
  if (detached)
    rw_sweep_unjoinable(slot, final);
  rw_sync_hb_destroy(&t->hb);
  free(t);
}

static void touch(fake_thread *t, const raceway_site *s, const void *addr) {
  rw_detector_access(&t->hb, &t->memo, t->seq, s, (uintptr_t)addr, s->access, 1, 1, NULL);
  t->seq++;
}

#define SITE(name, var, line) \
  static const raceway_site name = {var, NULL, "s.c", line, 5, 0, RACEWAY_ACCESS_WRITE, \
                                    RACEWAY_VALUE_SINT, 8, 0, 0, {0}}
SITE(live_w1, "live", 1);
SITE(live_w2, "live", 2);
SITE(ended_w1, "ended", 3);
SITE(ended_w2, "ended", 4);
SITE(swept_w1, "swept", 5);
SITE(swept_w2, "swept", 6);

/* Detached threads that end one after another, with nothing in between
 * that orders them: n of them, starting from creator's clock. */
static void churn(const fake_thread *creator, int n) {
  for (int i = 0; i < n; i++)
    thread_end(thread_start(&creator->hb.vc), 1);
}

/* A race with a detached thread that ended is reported until its slot is
 * swept; then forgotten, and the slot goes to a thread not ordered after
 * it, whose epochs go on from its last.  A live thread's accesses stay. */
static void test_sweep(fake_thread *main_t) {
  static long live, ended, swept;
  fake_thread *l = thread_start(&main_t->hb.vc);
  touch(l, &live_w1, &live);
  fake_thread *d = thread_start(&main_t->hb.vc);
  uint32_t d_slot = d->hb.slot;
  touch(d, &ended_w1, &ended);
  touch(d, &swept_w1, &swept);
  uint64_t d_final = epoch(d);
  thread_end(d, 1);
  unsigned before = rw_detector_race_count();
  touch(main_t, &ended_w2, &ended);              /* d ended, not swept */
  CHECK(rw_detector_race_count() == before + 1);
  uint64_t sweeps = rw_slots_sweeps();
  uint32_t end = rw_slots_end();
  churn(main_t, RW_SLOTS_SWEEP_MIN - 2);
  CHECK(rw_slots_sweeps() == sweeps);            /* 63 wait: not yet */
  churn(main_t, 1);
  CHECK(rw_slots_sweeps() == sweeps + 1);
  /* Slots grow by at most the threads that waited for it (the swept slots
   * of test_detached_late went first). */
  CHECK(rw_slots_end() <= end + 1, "%u slots, %u before", rw_slots_end(), end);
  end = rw_slots_end();
  /* No clock covers d's end, yet its slot is taken now. */
  fake_thread *e[RW_SLOTS_SWEEP_MIN];
  int took_d = -1;
  for (int i = 0; i < RW_SLOTS_SWEEP_MIN; i++) {
    e[i] = thread_start(NULL);
    if (e[i]->hb.slot == d_slot)
      took_d = i;
  }
  CHECK(took_d >= 0 && epoch(e[took_d]) == d_final + 1);
  CHECK(rw_slots_end() == end);                  /* all in swept slots */
  before = rw_detector_race_count();
  touch(main_t, &swept_w2, &swept);              /* d's write: forgotten */
  CHECK(rw_detector_race_count() == before);
  touch(main_t, &live_w2, &live);                /* l's: kept */
  CHECK(rw_detector_race_count() == before + 1);
  for (int i = 0; i < RW_SLOTS_SWEEP_MIN; i++)
    thread_end(e[i], 0);
  thread_end(l, 0);
}

/* A thread detached after it ended counts; a slot that a joiner's thread
 * took meanwhile does not (it is not free, and its end is covered). */
static void test_detached_late(fake_thread *main_t) {
  uint64_t sweeps = rw_slots_sweeps();
  fake_thread *j = thread_start(&main_t->hb.vc);
  uint32_t j_slot = j->hb.slot;
  uint64_t j_final = epoch(j);
  thread_end(j, 0);
  rw_vc_set(&main_t->hb.vc, j_slot, j_final);    /* main joined j */
  fake_thread *k = thread_start(&main_t->hb.vc);
  CHECK(k->hb.slot == j_slot);
  rw_sweep_unjoinable(j_slot, j_final);          /* stale: not counted */
  churn(main_t, RW_SLOTS_SWEEP_MIN - 1);
  CHECK(rw_slots_sweeps() == sweeps);
  uint32_t k_slot = k->hb.slot;
  uint64_t k_final = epoch(k);
  thread_end(k, 0);
  rw_sweep_unjoinable(k_slot, k_final);          /* detached after its end */
  CHECK(rw_slots_sweeps() == sweeps + 1);
}

int main(void) {
  detector_env();
  fake_thread *main_t = thread_start(NULL);
  test_detached_late(main_t);    /* first: j's slot heads the free queue */
  test_sweep(main_t);
  thread_end(main_t, 0);
  return check_summary("test_sweep");
}

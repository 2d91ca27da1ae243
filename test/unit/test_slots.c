/* test_slots.c - why a thread takes a new slot (the counts in the
 * RACEWAY_DEBUG exit line), and a reused slot whose earlier rings the
 * flusher has not drained yet: the ended thread's ring waits behind them
 * and the slot is still reused, up to RW_SLOTS_WAITING_MAX waiting rings
 * (RW_SLOTS_PAST in one slot);
 * threads never joined presumed leaked, joined ones passed over at the cap
 * not (capture/slots.c). */
#include <stdio.h>

#include "check.h"
#include "capture/ring.h"
#include "capture/slots.h"

static uint32_t claim(uint32_t tid, rw_ring *ring, const rw_vc *start) {
  uint64_t epoch, seq;
  return rw_slots_claim(tid, ring, start, &epoch, &seq);
}

static uint64_t made(int why) {
  rw_slots_stats st;
  rw_slots_get_stats(&st);
  return st.made[why];
}

/* A start clock that covers (or not) slot k's end at epoch e. */
static void start_at(rw_vc *vc, uint32_t k, uint64_t e) {
  rw_vc_init(vc);
  rw_vc_set(vc, k, e);
}

static void test_new_slot_reasons(void) {
  uint32_t a = claim(1, NULL, NULL);
  CHECK(a == 1 && made(RW_SLOT_NEW_EMPTY) == 1, "slot %u, none free: %llu", a,
        (unsigned long long)made(RW_SLOT_NEW_EMPTY));
  rw_slots_release(a, 5, 7);
  uint32_t b = claim(2, NULL, NULL);       /* no start clock: a not allowed */
  CHECK(b == 2 && made(RW_SLOT_NEW_NO_START) == 1, "slot %u, no start: %llu", b,
        (unsigned long long)made(RW_SLOT_NEW_NO_START));
  rw_vc early;                             /* created before a was joined */
  start_at(&early, a, 4);
  uint32_t c = claim(3, NULL, &early);
  CHECK(c == 3 && made(RW_SLOT_NEW_UNJOINED) == 1, "slot %u, not joined: %llu", c,
        (unsigned long long)made(RW_SLOT_NEW_UNJOINED));
  rw_vc joined;
  start_at(&joined, a, 5);
  CHECK(claim(4, NULL, &joined) == a, "a joined thread's slot not reused");
  rw_slots_release(a, 9, 11);              /* detached: waits for a sweep */
  rw_slots_unjoinable(a, 9);
  uint32_t *list;
  CHECK(rw_slots_sweep_begin(1, &list) == 1);
  rw_vc later;
  start_at(&later, a, 9);                  /* (a sweep in progress wins) */
  uint32_t d = claim(5, NULL, &later);
  CHECK(d == 4 && made(RW_SLOT_NEW_SWEEPING) == 1, "slot %u, being swept: %llu", d,
        (unsigned long long)made(RW_SLOT_NEW_SWEEPING));
  rw_slots_sweep_end(list, 1, 1);
  CHECK(claim(6, NULL, NULL) == a, "a swept slot not reused");
  CHECK(made(RW_SLOT_NEW_EMPTY) == 1 && made(RW_SLOT_NEW_NO_START) == 1 &&
        made(RW_SLOT_NEW_UNJOINED) == 1 && made(RW_SLOT_NEW_SWEEPING) == 1);
  rw_vc_free(&early);
  rw_vc_free(&joined);
  rw_vc_free(&later);
}

static rw_ring *ring_with_record(void) {
  rw_ring *r = rw_ring_create(RW_RING_START);
  rw_rec *rec = r ? rw_ring_reserve(r, 0) : 0;
  if (rec) {
    rec->seq = 1;
    rec->ext = 0;
    rw_ring_commit(r);
  }
  return r;
}

/* The flusher is behind (it drains nothing here): a joined thread's slot
 * is reused again and again, its rings waiting in order (before, past the
 * first one waiting, each thread took a new slot until 256). */
static void test_rings_wait(void) {
  rw_slots_set_reaper();                   /* a flusher exists: rings kept */
  uint32_t end = rw_slots_end();
  rw_ring *r1 = ring_with_record(), *r2 = ring_with_record(), *r3 = ring_with_record();
  uint32_t s = claim(10, r1, NULL);
  rw_slots_release(s, 20, 30);
  rw_vc j;
  start_at(&j, s, 20);
  CHECK(claim(11, r2, &j) == s, "reused");
  rw_slots_release(s, 21, 31);
  rw_vc_set(&j, s, 21);
  uint32_t again = claim(12, r3, &j);
  CHECK(again == s, "slot %u with a ring waiting not reused (got %u)", s, again);
  CHECK(rw_slots_end() == end + 1, "%u new slots for three threads", rw_slots_end() - end);
  rw_slot *e = rw_slots_get(s);
  CHECK(e->prev_ring == r1 && r1->wait_next == r2 && e->ring == r3, "rings out of order");
  rw_slots_stats st;
  rw_slots_get_stats(&st);
  CHECK(st.waited == 1 && st.waiting_peak == 2, "waited %llu, peak %u",
        (unsigned long long)st.waited, st.waiting_peak);
  uint64_t p, d;
  rw_slots_counts(&p, &d);
  CHECK(p >= 3, "records of waiting rings not counted: %llu", (unsigned long long)p);
  uint64_t last;                           /* the flusher drains the oldest */
  rw_ring_discard(r1, &last);
  rw_slots_retire_ring(s, r1);
  CHECK(e->prev_ring == r2 && e->wait_tail == r2, "next waiting ring not first");
  rw_ring_discard(r2, &last);
  rw_slots_retire_ring(s, r2);
  CHECK(!e->prev_ring && !e->wait_tail && e->ring == r3);
  rw_ring_discard(r3, &last);
  rw_vc_free(&j);
}

/* Rings given up in slot s: what they held popped and counted. */
static int reap_all(uint32_t s) {
  rw_ring *g;
  int n = 0;
  uint64_t last;
  while ((g = rw_slots_gone(s)) && n < 100) {
    rw_slots_reap(s, g, rw_ring_discard(g, &last));
    n++;
  }
  return n;
}

/* k more threads in slot s, each joined before the next starts. */
static void churn(uint32_t s, int k, uint64_t *epoch) {
  rw_vc j;
  rw_vc_init(&j);
  for (int i = 0; i < k; i++, (*epoch)++) {
    rw_slots_release(s, *epoch, *epoch + 1000);
    rw_vc_set(&j, s, *epoch);
    CHECK(claim(21, ring_with_record(), &j) == s, "slot %u not reused", s);
  }
  rw_vc_free(&j);
}

/* The flusher drains slot s's waiting rings. */
static void drain_waiting(uint32_t s) {
  uint64_t last;
  for (rw_ring *r; (r = rw_slots_get(s)->prev_ring);) {
    rw_ring_discard(r, &last);
    rw_slots_retire_ring(s, r);
  }
}

/* A joined thread's slot passed over only because its rings wait at the
 * cap (below RW_SLOTS_GIVE_UP slots) is not presumed leaked, however many
 * claims pass it: its thread was joined, nothing is wrong with it. */
static void test_behind_not_leaked(void) {
  rw_slots_stats st;
  rw_slots_get_stats(&st);
  uint64_t leaked = st.leaked, epoch = 300;
  uint32_t c = claim(30, ring_with_record(), NULL), w = claim(31, NULL, NULL);
  churn(c, RW_SLOTS_PAST, &epoch);
  rw_slots_release(c, epoch, epoch + 1000);        /* ended, then joined: */
  rw_vc j;
  start_at(&j, c, epoch);                          /* every claim covers c */
  uint32_t *list;
  for (uint64_t i = 1; i <= RW_SLOTS_LEAKED_AGE + 8; i++) {
    rw_slots_release(w, 400 + i, 500 + i);
    rw_vc_set(&j, w, 400 + i);
    uint32_t got = claim(32, NULL, &j);
    if (got != w) {
      CHECK(got == w, "claim %llu took slot %u, not %u (c=%u)", (unsigned long long)i, got, w, c);
      break;
    }
  }
  rw_slots_get_stats(&st);
  CHECK(st.leaked == leaked && rw_slots_sweep_begin(1, &list) == 0,
        "a joined slot at its waiting cap presumed leaked (%llu)",
        (unsigned long long)(st.leaked - leaked));
  drain_waiting(c);                                /* the flusher catches up */
  CHECK(claim(33, NULL, &j) == c, "slot %u not reused once drained", c);
  drain_waiting(c);
  rw_vc_free(&j);
}

/* A slot with RW_SLOTS_PAST rings waiting (so that it still names each
 * waiting ring's thread) is passed over below RW_SLOTS_GIVE_UP slots: the
 * thread takes a new slot, nothing is given up.  From there on it is
 * reused and its oldest waiting ring given up (its records dropped by the
 * flusher), as past RW_SLOTS_WAITING_MAX waiting in all. */
static void test_waiting_bounded(void) {
  uint64_t given = rw_slots_given_up(), epoch = 100;
  uint32_t s = claim(20, ring_with_record(), NULL);
  churn(s, RW_SLOTS_PAST, &epoch);
  CHECK(rw_slots_get(s)->nwait == RW_SLOTS_PAST, "%u waiting", rw_slots_get(s)->nwait);
  uint64_t behind = made(RW_SLOT_NEW_BEHIND);
  rw_vc j;
  start_at(&j, s, epoch);
  rw_slots_release(s, epoch, epoch + 1000);
  uint32_t t = claim(21, NULL, &j);
  CHECK(t != s && made(RW_SLOT_NEW_BEHIND) == behind + 1 && rw_slots_given_up() == given,
        "slot %u with full waiting rings: got %u, %llu given up", s, t,
        (unsigned long long)(rw_slots_given_up() - given));
  while (rw_slots_end() <= RW_SLOTS_GIVE_UP)
    claim(23, NULL, NULL);
  CHECK(claim(21, ring_with_record(), &j) == s, "slot %u not reused past %u slots", s,
        RW_SLOTS_GIVE_UP);
  CHECK(rw_slots_given_up() - given == 1, "%llu given up in one slot, want 1",
        (unsigned long long)(rw_slots_given_up() - given));
  epoch++;
  churn(s, 5, &epoch);
  CHECK(rw_slots_given_up() - given == 6, "%llu given up in one slot, want 6",
        (unsigned long long)(rw_slots_given_up() - given));
  CHECK(rw_slots_get(s)->nwait == RW_SLOTS_PAST && reap_all(s) == 6);
  rw_vc_free(&j);
  drain_waiting(s);                        /* the flusher catches up */
  /* 100 slots, 3 threads each after the first: the first 85 slots' rings
   * wait (255), then each slot's second and third thread give one up. */
  enum { SLOTS = 100 };
  uint32_t many[SLOTS];
  for (int i = 0; i < SLOTS; i++)
    many[i] = claim(22, ring_with_record(), NULL);
  given = rw_slots_given_up();
  for (int i = 0; i < SLOTS; i++)
    churn(many[i], 3, &epoch);
  rw_slots_stats st;
  rw_slots_get_stats(&st);
  CHECK(rw_slots_given_up() - given == 30, "%llu given up, want 30",
        (unsigned long long)(rw_slots_given_up() - given));
  CHECK(st.waiting_peak == RW_SLOTS_WAITING_MAX + 14, "peak %u", st.waiting_peak);
  int reaped = 0;
  for (int i = 0; i < SLOTS; i++)
    reaped += reap_all(many[i]);
  CHECK(reaped == 30, "%d rings to reap", reaped);
}

/* A joinable thread that ended and was not joined while
 * RW_SLOTS_LEAKED_AGE later threads claimed slots is presumed leaked: its
 * slot waits for a sweep, then any thread takes it.  One not that old is
 * not (a thread per connection joined late by a polling loop). */
static void test_presumed_leaked(void) {
  rw_slots_stats st;
  rw_slots_get_stats(&st);
  uint64_t leaked = st.leaked;
  uint32_t l = claim(40, NULL, NULL), w = claim(41, NULL, NULL);
  rw_slots_release(l, 50, 60);             /* ended, never joined */
  rw_vc j;
  rw_vc_init(&j);
  uint32_t *list;
  for (uint64_t i = 1; i <= RW_SLOTS_LEAKED_AGE; i++) {
    rw_slots_release(w, 100 + i, 200 + i);
    rw_vc_set(&j, w, 100 + i);
    CHECK(claim(42, NULL, &j) == w, "worker slot not reused at %llu", (unsigned long long)i);
    rw_slots_get_stats(&st);
    if (i == RW_SLOTS_LEAKED_AGE - 1)
      CHECK(st.leaked == leaked && rw_slots_sweep_begin(1, &list) == 0,
            "presumed leaked %llu claims after its end", (unsigned long long)i);
  }
  CHECK(st.leaked == leaked + 1, "not presumed leaked");
  CHECK(rw_slots_sweep_begin(1, &list) == 1 && list[0] == l, "leaked slot not swept");
  rw_slots_sweep_end(list, 1, 1);
  CHECK(claim(43, NULL, NULL) == l, "the swept slot not reused");
  rw_vc_free(&j);
}

/* More than 64 free slots, none covered by the new thread's start clock
 * among the 64 oldest it looks at (a thread it was created after the join
 * of is further back): counted apart from "all looked at". */
static void test_not_joined_of_more(void) {
  enum { N = 70 };
  uint32_t slot[N];
  for (int i = 0; i < N; i++)
    slot[i] = claim(500 + i, NULL, NULL);
  for (int i = 0; i < N; i++)
    rw_slots_release(slot[i], 5, 7);
  uint64_t unseen = made(RW_SLOT_NEW_UNSEEN), unjoined = made(RW_SLOT_NEW_UNJOINED);
  rw_vc last;
  start_at(&last, slot[N - 1], 5);
  uint32_t got = claim(600, NULL, &last);
  CHECK(got != slot[N - 1] && made(RW_SLOT_NEW_UNSEEN) == unseen + 1 &&
            made(RW_SLOT_NEW_UNJOINED) == unjoined,
        "slot %u; not joined of the 64 oldest: %llu", got,
        (unsigned long long)(made(RW_SLOT_NEW_UNSEEN) - unseen));
  CHECK(claim(601, NULL, &last) == slot[N - 1], "now among the oldest: not reused");
  rw_vc_free(&last);
}

int main(void) {
  test_new_slot_reasons();
  test_rings_wait();
  test_behind_not_leaked();
  test_waiting_bounded();
  test_presumed_leaked();
  test_not_joined_of_more();
  return check_summary("test_slots");
}

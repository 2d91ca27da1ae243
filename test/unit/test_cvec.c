/* test_cvec.c - a thread's causality vector on the wire (transport/cvec.h):
 * the whole vector, and what grew since the last event taken: new and
 * raised "pid:tid" entries, trace components that are new or larger, a
 * new request clock, entries of a slot that got a new thread (named after
 * the thread whose epochs hold them, with the earlier threads a join
 * covered), and
 * what another thread's vector (an event's parent) lacks, and trace
 * components the server holds on the chain beyond the list (held). */
#include <stdio.h>
#include <string.h>

#include "capture/slots.h"
#include "check.h"
#include "transport/cvec.h"

static uint32_t slot_a, slot_b;
static char name_a[32], name_b[32];

static uint32_t new_slot(uint32_t tid, char *name) {
  uint64_t epoch, seq;
  uint32_t s = rw_slots_claim(tid, NULL, NULL, &epoch, &seq);
  snprintf(name, 32, "%s", rw_slots_name(s));
  return s;
}

static void merge2(rw_cvec *v, uint32_t s, uint64_t e) {
  uint64_t p[2] = {s, e};
  rw_cvec_merge(v, p, 1);
}

static rw_cvec_tc trace(uint8_t b, uint64_t n) {
  rw_cvec_tc t;
  memset(t.trace, b, 16);
  t.n = n;
  return t;
}

static void test_clock_entries(rw_cvec *v) {
  char want[160];
  uint64_t p[4] = {slot_a, 1, slot_b, 2};
  rw_cvec_merge(v, p, 2);
  snprintf(want, sizeof want, "[[\"%s\",1],[\"%s\",2]]", name_a, name_b);
  CHECK_STR(rw_cvec_take(v, 1), want);
  CHECK_STR(rw_cvec_take(v, 0), "[]");           /* nothing grew */
  merge2(v, slot_a, 3);
  snprintf(want, sizeof want, "[[\"%s\",3]]", name_a);
  CHECK_STR(rw_cvec_take(v, 0), want);           /* only what grew */
  CHECK(rw_cvec_get(v, slot_a) == 3 && rw_cvec_get(v, slot_b) == 2, "get");
  snprintf(want, sizeof want, "[[\"%s\",3],[\"%s\",2]]", name_a, name_b);
  CHECK_STR(rw_cvec_take(v, 1), want);           /* whole: rebuilt */
}

static void test_traces_and_clock(rw_cvec *v) {
  char want[400];
  rw_cvec_tc t[2] = {trace(0x11, 5), trace(0x22, 7)};
  rw_cvec_set_traces(v, t, 2);
  CHECK_STR(rw_cvec_take(v, 0), "[[\"11111111-1111-1111-1111-111111111111\",5],"
                                "[\"22222222-2222-2222-2222-222222222222\",7]]");
  t[0].n = 6;   /* larger */
  t[1].n = 3;   /* smaller: the server keeps the parent's 7 */
  rw_cvec_set_traces(v, t, 2);
  CHECK_STR(rw_cvec_take(v, 0), "[[\"11111111-1111-1111-1111-111111111111\",6]]");
  rw_cvec_set_traces(v, t, 2);
  CHECK_STR(rw_cvec_take(v, 0), "[]");
  rw_cvec_set_clock(v, "[\"svc#i\",4]");
  CHECK_STR(rw_cvec_take(v, 0), "[[\"svc#i\",4]]");
  rw_cvec_set_clock(v, "[\"svc#i\",4]");
  CHECK_STR(rw_cvec_take(v, 0), "[]");           /* the same clock */
  snprintf(want, sizeof want, "[[\"%s\",3],[\"%s\",2],[\"svc#i\",4],"
           "[\"11111111-1111-1111-1111-111111111111\",6],"
           "[\"22222222-2222-2222-2222-222222222222\",3]]", name_a, name_b);
  CHECK_STR(rw_cvec_take(v, 1), want);           /* order: clock, request, traces */
}

/* A new thread in slot_b, created after a join of the one before (its
 * epochs from 3 on): an entry of the earlier thread keeps its name; one
 * of the new thread brings the earlier one's at its final epoch (2), once;
 * past a thread taken after a sweep (not covered), nothing before it. */
static void test_reuse(rw_cvec *v) {
  char want[200], *nb = name_b;
  rw_slots_renew(slot_b, 4242, NULL, 3, 1);
  CHECK_STR(rw_cvec_take(v, 0), "[]");           /* the entry is still name_b's */
  merge2(v, slot_b, 5);
  snprintf(want, sizeof want, "[[\"%s\",2],[\"%s\",5]]", nb, rw_slots_name(slot_b));
  CHECK_STR(rw_cvec_take(v, 0), want);           /* the earlier thread with it */
  merge2(v, slot_b, 6);
  snprintf(want, sizeof want, "[[\"%s\",6]]", rw_slots_name(slot_b));
  CHECK_STR(rw_cvec_take(v, 0), want);           /* once */
  rw_cvec c = {0};
  merge2(&c, slot_b, 6);
  snprintf(want, sizeof want, "[[\"%s\",2],[\"%s\",6]]", nb, rw_slots_name(slot_b));
  CHECK_STR(rw_cvec_take(&c, 0), want);          /* a new vector: with it too */
  rw_cvec d = {0};
  merge2(&d, slot_b, 6);
  snprintf(want, sizeof want, "[[\"%s\",6]]", rw_slots_name(slot_b));
  CHECK_STR(rw_cvec_take(&d, 1), want);          /* a thread's first, whole: its
                                                    parent (spawn) holds them */
  rw_cvec_free(&d);
  char mid[32];
  snprintf(mid, sizeof mid, "%s", rw_slots_name(slot_b));
  rw_slots_renew(slot_b, 4243, NULL, 7, 1);      /* two reuses at once */
  merge2(&c, slot_b, 8);
  snprintf(want, sizeof want, "[[\"%s\",6],[\"%s\",8]]", mid, rw_slots_name(slot_b));
  CHECK_STR(rw_cvec_take(&c, 0), want);          /* back to the one sent */
  rw_cvec_free(&c);
  merge2(v, slot_b, 8);
  snprintf(want, sizeof want, "[[\"%s\",6],[\"%s\",8]]", mid, rw_slots_name(slot_b));
  CHECK_STR(rw_cvec_take(v, 0), want);
  /* The races window's held event, sent off its thread's chain: the
   * earlier threads go although the pair's tag (v's, just sent) is the
   * present thread's name; the tag is left as it was. */
  uint64_t held[2] = {v->vc[2], v->vc[3]};
  rw_buf b = {0};
  rw_cvec_put_whole(&b, held, 1, NULL, NULL, 0);
  rw_buf_putc(&b, 0);
  snprintf(want, sizeof want, "[[\"%s\",6],[\"%s\",2],[\"%s\",8]]", mid, nb,
           rw_slots_name(slot_b));
  CHECK(v->vc[2 + 0] >> 32 && held[0] == v->vc[2], "held pair untouched");
  CHECK_STR(b.p, want);
  rw_buf_free(&b);
  rw_slots_renew(slot_b, 4244, NULL, 9, 0);      /* after a sweep: not covered */
  merge2(v, slot_b, 9);
  snprintf(want, sizeof want, "[[\"%s\",9]]", rw_slots_name(slot_b));
  CHECK_STR(rw_cvec_take(v, 0), want);
}

static void test_clear(rw_cvec *v) {
  char want[160];
  rw_cvec_clear(v);
  CHECK_STR(rw_cvec_take(v, 1), "[]");
  merge2(v, slot_b, 9);
  snprintf(want, sizeof want, "[[\"%s\",9]]", rw_slots_name(slot_b));
  CHECK_STR(rw_cvec_take(v, 0), want);
  rw_cvec_skip(v);
  CHECK_STR(rw_cvec_take(v, 0), "[]");
}

/* A child whose parent is another thread's event (vector p): only what p
 * lacks or holds smaller, or under another name. */
static void test_take_over(void) {
  char want[400];
  rw_cvec c = {0}, p = {0};
  uint64_t pp[4] = {slot_a, 5, slot_b, 2}, cp[4] = {slot_a, 5, slot_b, 3};
  rw_cvec_merge(&p, pp, 2);
  rw_cvec_tc pt[2] = {trace(0x11, 4), trace(0x22, 9)};
  rw_cvec_set_traces(&p, pt, 2);
  rw_cvec_set_clock(&p, "[\"svc#i\",4]");
  rw_cvec_take(&p, 1);
  rw_cvec_merge(&c, cp, 2);
  rw_cvec_tc ct[3] = {trace(0x11, 4), trace(0x22, 10), trace(0x33, 1)};
  rw_cvec_set_traces(&c, ct, 3);
  rw_cvec_set_clock(&c, "[\"svc#i\",4]");
  snprintf(want, sizeof want, "[[\"%s\",3],"
           "[\"22222222-2222-2222-2222-222222222222\",10],"
           "[\"33333333-3333-3333-3333-333333333333\",1]]", rw_slots_name(slot_b));
  CHECK_STR(rw_cvec_take_over(&c, &p), want);
  CHECK_STR(rw_cvec_take(&c, 0), "[]");          /* then from c's own */
  merge2(&c, slot_a, 6);
  snprintf(want, sizeof want, "[[\"%s\",6]]", rw_slots_name(slot_a));
  CHECK_STR(rw_cvec_take(&c, 0), want);
  /* slot_a has a new thread (after a join of the one p sent): c's entry
   * of it goes, with the earlier thread back to the one p sent */
  rw_slots_renew(slot_a, 4343, NULL, 7, 1);
  rw_cvec_clear(&c);
  uint64_t c2[2] = {slot_a, 7};
  rw_cvec_merge(&c, c2, 1);
  snprintf(want, sizeof want, "[[\"%s\",6],[\"%s\",7]]", name_a, rw_slots_name(slot_a));
  CHECK_STR(rw_cvec_take_over(&c, &p), want);
  rw_cvec_free(&c);
  rw_cvec_free(&p);
}

/* A trace component that left the list (at most 32) is still on the
 * server's chain: not sent again when it comes back, neither in what grew
 * nor to a child taking over; a whole vector forgets it. */
static void test_held(void) {
  const char *t11 = "[[\"11111111-1111-1111-1111-111111111111\",5]]";
  rw_cvec p = {0}, c = {0}, s = {0};
  rw_cvec_tc a = trace(0x11, 5), b = trace(0x22, 7);
  rw_cvec_set_traces(&p, &a, 1);
  CHECK_STR(rw_cvec_take(&p, 1), t11);
  rw_cvec_set_traces(&p, &b, 1);                 /* 0x11 leaves the list */
  rw_cvec_take(&p, 0);
  rw_cvec_set_traces(&p, &a, 1);                 /* and comes back */
  CHECK_STR(rw_cvec_take(&p, 0), "[]");
  rw_cvec_set_traces(&p, &b, 1);
  rw_cvec_take(&p, 0);
  CHECK(rw_cvec_copy(&s, &p) == 0, "copy");      /* as a spawn keeps it */
  rw_cvec_set_traces(&c, &a, 1);
  CHECK_STR(rw_cvec_take_over(&c, &s), "[]");    /* held by the parent */
  rw_cvec_set_traces(&c, &b, 1);
  rw_cvec_take(&c, 0);
  rw_cvec_set_traces(&c, &a, 1);                 /* c's chain holds it now */
  CHECK_STR(rw_cvec_take(&c, 0), "[]");
  rw_cvec_set_traces(&c, &b, 1);                 /* 0x11 held again */
  rw_cvec_take(&c, 0);
  rw_cvec_take(&c, 1);                           /* whole (any parent): 0x22 */
  rw_cvec_set_traces(&c, &a, 1);
  CHECK_STR(rw_cvec_take(&c, 0), t11);           /* 0x11 forgotten: sent */
  rw_cvec_free(&p);
  rw_cvec_free(&c);
  rw_cvec_free(&s);
}

int main(void) {
  rw_cvec v = {0};
  slot_a = new_slot(4000, name_a);
  slot_b = new_slot(4001, name_b);
  CHECK(slot_a && slot_b && slot_a < slot_b, "slots %u %u", slot_a, slot_b);
  test_clock_entries(&v);
  test_traces_and_clock(&v);
  test_take_over();   /* (before the reuse of slot_b) */
  test_reuse(&v);
  test_clear(&v);
  test_held();
  rw_cvec_free(&v);
  return check_summary("test_cvec");
}

/* test_frag.c - pre-encoded fragments (transport/frag.h): every access
 * record and metadata block encodes to the same bytes with the cache on
 * and off, through hits, misses, replaced entries, a named, renamed and
 * forgotten object, escapes and a text too long to keep; the memory is
 * counted in the budget.  Lock kinds and the locations of lock and fence
 * records: the bytes rw_wire_lock and rw_wire_fence write from the label
 * texts, through a named, renamed and reused lock and a manual lock type;
 * the lock set (held.h) from the kept ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/budget.h"
#include "common/names.h"
#include "common/label.h"
#include "common/clock.h"
#include "common/ids.h"
#include "transport/evtext.h"
#include "transport/frag.h"
#include "transport/held.h"
#include "transport/kind.h"

/* The kind object of r with the cache on, then off: must be equal. */
static void same_kind(const rw_rec *r, const char *want_part) {
  rw_buf on = {0}, off = {0};
  rw_frag_set_enabled(1);
  rw_kind_encode(&on, 1, r);
  rw_frag_set_enabled(0);
  rw_kind_encode(&off, 1, r);
  rw_frag_set_enabled(1);
  CHECK(on.p && off.p, "encoded nothing");
  if (on.p && off.p)
    CHECK_STR(on.p, off.p);
  if (want_part && off.p)
    CHECK(strstr(off.p, want_part) != 0, "%s lacks %s", off.p, want_part);
  rw_buf_free(&on);
  rw_buf_free(&off);
}

static rw_rec access(const raceway_site *s, uintptr_t addr, uint64_t old, uint64_t nv) {
  rw_rec r = {.type = RW_REC_ACCESS, .flags = RW_RECF_HAS_OLD, .site = s, .addr = addr,
              .a = old, .b = nv};
  return r;
}

static void test_sites(void) {
  static const raceway_site global = {"counter", 0, "src/w.c", 12, 5, 0,
                                      RACEWAY_ACCESS_WRITE, RACEWAY_VALUE_SINT, 4};
  static const raceway_site odd = {"a\"b\\c\n\xff", 0, "dir/\t\xc3\xa9.c", 0, 0, 0,
                                   RACEWAY_ACCESS_READ, RACEWAY_VALUE_UINT, 8};
  static const raceway_site field = {"balance", "Account", "bank.c", 40, 0, 8,
                                     RACEWAY_ACCESS_ATOMIC_RMW, RACEWAY_VALUE_SINT, 8,
                                     RACEWAY_SITE_FIELD};
  static const raceway_site redact = {"secret", 0, "k.c", 3, 1, 0, RACEWAY_ACCESS_WRITE,
                                      RACEWAY_VALUE_SINT, 8, RACEWAY_SITE_REDACT};
  for (uint64_t i = 0; i < 3; i++) {   /* a miss, then hits */
    rw_rec r = access(&global, 0x1000, i, i + 1);
    same_kind(&r, "\"location\":\"src/w.c:12:5\"");
    r = access(&odd, 0x2000, i, ~i);
    same_kind(&r, 0);
    r = access(&redact, 0x3000, i, i);
    same_kind(&r, 0);
  }
  CHECK(rw_frag_bytes() > 0, "nothing kept");
  /* A field: per object; named, renamed, forgotten (a freed object). */
  uintptr_t obj = 0x10000, obj2 = 0x20000;
  rw_rec r = access(&field, obj + 8, 1, 2);
  same_kind(&r, "\"variable\":\"Account@0x10000.balance\"");
  r = access(&field, obj2 + 8, 1, 2);
  same_kind(&r, "\"variable\":\"Account@0x20000.balance\"");
  CHECK(rw_names_set(RW_NAMES_OBJECT, obj, "alice") == 0, "name");
  r = access(&field, obj + 8, 2, 3);
  same_kind(&r, "\"variable\":\"alice.balance\"");
  CHECK(rw_names_set(RW_NAMES_OBJECT, obj, "bob") == 0, "rename");
  same_kind(&r, "\"variable\":\"bob.balance\"");
  rw_names_forget(obj, 64);
  same_kind(&r, "\"variable\":\"Account@0x10000.balance\"");
  CHECK(rw_names_set(RW_NAMES_OBJECT, obj, "alice") == 0, "name again");
  same_kind(&r, "\"variable\":\"alice.balance\"");
  /* A variable name too long to keep: the long way, same bytes. */
  static char longname[480];
  memset(longname, 'v', sizeof longname - 1);
  raceway_site big = global;
  big.variable = longname;
  r = access(&big, 0x4000, 0, 1);
  same_kind(&r, longname);
  /* More sites than entries: replaced entries, every one still right. */
  enum { N = 3000 };
  raceway_site *many = calloc(N, sizeof *many);
  for (int round = 0; many && round < 2; round++)
    for (int i = 0; i < N; i++) {
      many[i] = global;
      many[i].line = (uint32_t)i + 1;
      r = access(&many[i], 0x5000, (uint64_t)i, (uint64_t)round);
      same_kind(&r, 0);
    }
  /* A site whose bytes changed at the same address (an unloaded module's
   * memory reused): a miss, not the old text. */
  if (many) {
    r = access(&many[7], 0x5000, 1, 2);
    same_kind(&r, 0);   /* now kept */
    many[7].line = 99999;
    same_kind(&r, ":99999:5\"");
  }
  free(many);
  rw_budget_stats st;
  rw_budget_get_stats(&st);
  CHECK(st.used[RW_BUDGET_FRAGS] == rw_frag_bytes(), "budget %llu, held %llu",
        (unsigned long long)st.used[RW_BUDGET_FRAGS], (unsigned long long)rw_frag_bytes());
  CHECK(rw_frag_bytes() <= 1024 * (128 + 512), "bound: %llu bytes",
        (unsigned long long)rw_frag_bytes());
}

/* The block from the cache equals rw_wire_metadata's. */
static void same_meta(rw_frag_meta *c, const rw_meta *m, int want_cached) {
  rw_buf b = {0};
  rw_wire_metadata(&b, m);
  size_t len = 0;
  const char *t = rw_frag_meta_get(c, m, &len);
  CHECK((t != 0) == want_cached, "cached %d", t != 0);
  if (t && b.p)
    CHECK(len == b.len && memcmp(t, b.p, len) == 0, "got %.*s\nwant %s", (int)len, t, b.p);
  rw_buf_free(&b);
}

static void test_meta(void) {
  rw_frag_meta c = {0};
  char thread[24] = "42:43";
  char span[17] = "", up[17] = "";
  rw_meta m = {thread, 42, "svc \"q\"", "dev", 0, span, up};
  same_meta(&c, &m, 1);
  same_meta(&c, &m, 1);
  snprintf(thread, sizeof thread, "42:44");   /* a reused slot's new thread */
  same_meta(&c, &m, 1);
  snprintf(span, sizeof span, "a1b2c3d4e5f60718");
  same_meta(&c, &m, 1);
  snprintf(up, sizeof up, "0f1e2d3c4b5a6978");
  same_meta(&c, &m, 1);
  span[0] = 0;
  same_meta(&c, &m, 1);
  m.process_id = 77;                           /* after fork */
  same_meta(&c, &m, 1);
  m.instance_id = "host";                      /* not kept */
  same_meta(&c, &m, 0);
  rw_frag_set_enabled(0);
  m.instance_id = 0;
  same_meta(&c, &m, 0);
  rw_frag_set_enabled(1);
  rw_frag_meta_free(&c);
  uint64_t before = rw_frag_bytes();
  same_meta(&c, &m, 1);
  CHECK(rw_frag_bytes() > before, "block not counted");
  rw_frag_meta_free(&c);
  CHECK(rw_frag_bytes() == before, "block not given back");
}

/* r's kind, cached (twice: miss and hit) and not, against want. */
static void lock_is(const rw_rec *r, const char *want) {
  for (int i = 0; i < 3; i++) {
    rw_buf b = {0};
    rw_frag_set_enabled(i < 2);
    rw_kind_encode(&b, 1, r);
    CHECK(b.p != 0, "encoded nothing");
    if (b.p)
      CHECK_STR(b.p, want);
    rw_buf_free(&b);
  }
  rw_frag_set_enabled(1);
}

static void want_lock(rw_buf *w, const rw_rec *r, const char *type, const char *loc) {
  char id[128];
  rw_label_lock((uintptr_t)r->addr, r->aux, r->sub, id, sizeof id);
  w->len = 0;
  rw_wire_lock(w, r->flags & RW_RECF_ACQUIRE, id, type, loc);
  const rw_frag_lock *f = rw_frag_lock_get(r);
  CHECK(f && strcmp(f->id, id) == 0, "lock id %s, want %s", f ? f->id : "-", id);
}

/* One lock operation on h, with the record's fragments (frag: 1) or the
 * long way (0), then h's lock set is want (NULL: none held). */
static void held_is(rw_held *h, const rw_rec *r, int frag, const char *want) {
  rw_held_update(h, r, frag ? rw_frag_lock_get(r) : 0);
  CHECK(want ? h->json && strcmp(h->json, want) == 0 : h->json == 0, "%s, want %s",
        h->json ? h->json : "-", want ? want : "-");
}

/* The lock set, patched per operation: releases of the last, a middle and
 * the only lock held, with and without the lock fragments, and the cap. */
static void test_held(const rw_rec *acq) {
  for (int frag = 0; frag < 2; frag++) {
    rw_held h = {0};
    rw_rec a = *acq, b = *acq, c = *acq;
    b.addr = 0x6000, b.aux = 0;
    c.addr = 0x7000, c.aux = 0;
    rw_rec ua = a, ub = b, uc = c;
    ua.flags = ub.flags = uc.flags = 0;
    const rw_rec *op[] = {&a, &b, &c, &ua, &ub, &uc};
    /* Operations (a b c acquire, A B C release) and the lock set after. */
#define A5 "\"mutex@0x5000#2\""
#define A6 "\"mutex@0x6000\""
#define A7 "\"mutex@0x7000\""
    static const struct { char op; const char *want; } steps[] = {
        {'a', "[" A5 "]"}, {'b', "[" A5 "," A6 "]"}, {'A', "[" A6 "]"}, {'B', 0},
        {'a', "[" A5 "]"}, {'b', "[" A5 "," A6 "]"}, {'c', "[" A5 "," A6 "," A7 "]"},
        {'B', "[" A5 "," A7 "]"}, {'B', "[" A5 "," A7 "]"} /* not held */,
        {'C', "[" A5 "]"}, {'c', "[" A5 "," A7 "]"}, {'A', "[" A7 "]"}, {'C', 0},
        /* Recursive: the same lock twice, released once. */
        {'a', "[" A5 "]"}, {'a', "[" A5 "," A5 "]"}, {'A', "[" A5 "]"}};
#undef A5
#undef A6
#undef A7
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
      char o = steps[i].op;
      held_is(&h, op[o >= 'a' ? o - 'a' : 3 + o - 'A'], frag, steps[i].want);
    }
    /* Past RW_HELD_MAX: the extra ones are not in the set. */
    for (uint32_t i = 1; i < RW_HELD_MAX + 4; i++) {
      rw_rec x = *acq;
      x.addr = 0x10000 + 0x100 * i, x.aux = 0;
      rw_held_update(&h, &x, frag ? rw_frag_lock_get(&x) : 0);
    }
    CHECK(h.n == RW_HELD_MAX, "held %u", h.n);
    CHECK(strstr(h.json, "mutex@0x10f00") && !strstr(h.json, "mutex@0x11000"), "%s", h.json);
    rw_held_clear(&h);
    CHECK(h.json == 0, "lock set after clear");
    held_is(&h, &c, frag, "[\"mutex@0x7000\"]");
    rw_buf_free(&h.text);
  }
}

static void test_locks(void) {
  static const raceway_site at = {0, 0, "dir/l\"k.c", 7, 3};
  static const char text[] = "x\ty.c:9";
  rw_rec acq = {.type = RW_REC_LOCK, .flags = RW_RECF_ACQUIRE, .sub = RW_LOCK_MUTEX,
                .addr = 0x5000, .site = &at};
  rw_rec rel = {.type = RW_REC_LOCK, .flags = RW_RECF_TEXT, .sub = RW_LOCK_MUTEX,
                .addr = 0x5000, .site = text};
  rw_buf w = {0};
  want_lock(&w, &acq, "Mutex", "dir/l\"k.c:7:3");
  lock_is(&acq, w.p);
  want_lock(&w, &rel, "Mutex", text);
  lock_is(&rel, w.p);
  CHECK(rw_names_set(RW_NAMES_LOCK, 0x5000, "stripe \"0\"") == 0, "name");
  want_lock(&w, &acq, "Mutex", "dir/l\"k.c:7:3");
  CHECK(strstr(w.p, "stripe") != 0, "%s", w.p);
  lock_is(&acq, w.p);
  CHECK(rw_names_set(RW_NAMES_LOCK, 0x5000, "stripe 1") == 0, "rename");
  want_lock(&w, &acq, "Mutex", "dir/l\"k.c:7:3");
  lock_is(&acq, w.p);
  rw_names_forget(0x5000, 8);
  acq.aux = 2;   /* the address reused by another lock */
  want_lock(&w, &acq, "Mutex", "dir/l\"k.c:7:3");
  CHECK(strstr(w.p, "mutex@0x5000#2") != 0, "%s", w.p);
  lock_is(&acq, w.p);
  rw_rec man = acq;
  man.sub = RW_LOCK_MANUAL, man.a = (uintptr_t)"Semaphore";
  want_lock(&w, &man, "Semaphore", "dir/l\"k.c:7:3");
  lock_is(&man, w.p);
  rw_rec fence = {.type = RW_REC_FENCE, .sub = 5, .site = &at};
  w.len = 0;
  rw_wire_fence(&w, 5, "dir/l\"k.c:7:3");
  lock_is(&fence, w.p);
  test_held(&acq);
  rw_buf_free(&w);
}

/* t's head must be the bytes rw_wire_event_head writes afresh. */
static void head_is(const rw_evtext *t, uint32_t slot, uint64_t seq, uint32_t pslot,
                    uint64_t pseq, const char *trace, uint64_t ns) {
  char id[37], parent[37], want[RW_WIRE_HEAD_MAX + 1];
  rw_ids_event(slot, seq, id);
  if (pseq)
    rw_ids_event(pslot, pseq, parent);
  rw_event e = {.id = id, .parent_id = pseq ? parent : 0, .trace_id = trace, .ts_ns = ns};
  char *end = rw_wire_event_head(want, &e);
  *end = 0;
  CHECK(t->len == (size_t)(end - want) && memcmp(t->head, want, t->len) == 0,
        "head %.*s, want %s", (int)t->len, t->head, want);
}

static void step(rw_evtext *t, uint32_t slot, uint64_t seq, uint32_t pslot, uint64_t pseq,
                 const char *trace, uint64_t ns) {
  rw_evtext_event(t, slot, seq, pslot, pseq, trace);
  rw_evtext_ts(t, ns);
  head_is(t, slot, seq, pslot, pseq, trace, ns);
}

/* Event heads from the previous ones: the bytes of the function that
 * writes them afresh, across id carries, parents (the previous event,
 * another's, none), slots, traces, a new process id and timestamps. */
static void test_evtext(void) {
  static const char tr1[] = "0f8fad5b-d9cb-469f-a165-70867728950e",
                    tr2[] = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  rw_evtext t = {0};
  rw_ids_pid = 4242;
  uint64_t at = 1700000000000000000ull;
  static const uint64_t seqs[] = {1, 2, 9, 10, 15, 16, 17, 0xff, 0x100, 0xfff, 0x1000,
                                  0xffffffff, 0x100000000ull, 0x100000001ull, 7, 8,
                                  0xfffffffffeull, 0xffffffffffull, 0x10000000000ull,
                                  0x10000000001ull};
  for (uint32_t slot = 1; slot <= 3; slot += 2)
    for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++)
      step(&t, slot, seqs[i], slot, i ? seqs[i - 1] : 0, tr1, ++at);
  for (uint64_t seq = 1; seq < 5000; seq++) {
    uint32_t pslot = seq % 97 == 0 ? 5 : 2;   /* another thread's event */
    uint64_t pseq = seq % 97 == 0 ? 40 : seq % 1013 == 0 ? 0 : seq - 1;
    if (seq % 1000 == 0) {   /* a new trace */
      t.trace_ok = 0;
      step(&t, 2, seq, pslot, pseq, seq % 2000 ? tr2 : tr1, at += seq);
      continue;
    }
    if (seq == 3000)
      rw_ids_pid = 4343;    /* (a fork child's ids are written afresh) */
    step(&t, 2, seq, pslot, pseq, (seq / 1000) % 2 ? tr2 : tr1, at += seq % 3 ? 1 : 7);
  }
  static const uint64_t ns[] = {1700000000000000000ull, 1700000000000000001ull,
                                1700000000000000009ull, 1700000000000000010ull,
                                1700000000000000999ull, 1700000000000001000ull,
                                1700000000000999999ull, 1700000000123456789ull,
                                1700000000999999999ull, 1700000001000000000ull,
                                1700000001000000000ull, 1700000001999999998ull,
                                1700000002000000005ull, 1700000000500000000ull,
                                1700000009000000001ull, 1700000009000000002ull};
  uint64_t seq = 5000;
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++, seq++)
    step(&t, 2, seq, 2, seq - 1, tr1, ns[i]);
  /* Steps of every size within a second and across seconds. */
  at = 1700000100000000000ull;
  for (int i = 0; i < 3000; i++, seq++) {
    at += (uint64_t)i * (uint64_t)i * 7919 % 100003 * (i % 7 ? 1 : 10007) + (i % 3 == 0);
    step(&t, 2, seq, 2, seq - 1, tr1, at);
  }
  /* Small steps (the last digits only, or a carry past them). */
  for (int i = 0; i < 20000; i++, seq++) {
    at += (uint64_t)i * 37 % 12000 + 1;
    step(&t, 2, seq, 2, seq - 1, tr1, at);
  }
}

int main(void) {
  test_evtext();
  test_sites();
  test_locks();
  test_meta();
  return check_summary("test_frag");
}

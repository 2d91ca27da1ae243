/*
 * cvec.c - one thread's causality vector on the wire (cvec.h).
 *
 * The whole vector is kept encoded (rebuilt only when it changed); the
 * changes since the last event taken are kept as a list, so an event
 * whose vector did not change costs "[]" and one after an acquire costs
 * the few entries the acquire raised, whatever the number of threads.
 *
 * A slot's thread changes when a new thread takes the slot, and its epochs
 * go on from the last one's (capture/slots.h).  An entry is named after
 * the thread whose epochs hold its value ("pid:tid" of the slot's thread
 * then, rw_slots_occupants), not the slot's present one: a thread that
 * learns an earlier thread's epoch after its slot was reused orders after
 * that thread's events on the server too (test/server/slot-reuse.test).
 * And the server compares names, not slots: an entry of a later thread
 * whose start covered the earlier one's end (a join) orders after the
 * earlier one's events only if the earlier name comes with it.  So each
 * entry keeps a tag (a hash of the name it was last sent under) in the
 * upper half of its slot word, and when its name changes from the one
 * sent, the earlier threads' names go with it at their final epochs, back
 * to the one sent (at most RW_SLOTS_PAST: past those, the server orders
 * less).
 *
 * The trace part is recomputed whole (at most 32 components, recenc.c),
 * and a component that drops out of it is still on the server's chain:
 * `held` remembers up to 64 of those, so it is not sent again when it
 * comes back (a new thread of a reused slot lists the slot's earlier
 * threads' traces, which its spawner's chain mostly holds already).
 */
#include "transport/cvec.h"

#include <stdlib.h>
#include <string.h>

#include "capture/slots.h"
#include "common/budget.h"
#include "common/hash.h"
#include "common/json.h"
#include "common/uuid.h"

#define SLOT(w) ((uint32_t)(w))
#define TAG(w) ((uint32_t)((w) >> 32))

static uint32_t name_tag(const char *name) {
  uint32_t h = (uint32_t)rw_hash_bytes(name, strlen(name));
  return h ? h : 1;   /* 0: never sent */
}

static void stale(rw_cvec *v) {
  if (v->full)
    rw_budget_give(RW_BUDGET_ENCODER, v->full_len + 1);
  free(v->full);
  v->full = NULL;
}

/* Index of slot in v->vc, or where it would go. */
static uint32_t find(const rw_cvec *v, uint32_t slot) {
  uint32_t lo = 0, hi = v->nvc;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (SLOT(v->vc[2 * mid]) < slot) lo = mid + 1; else hi = mid;
  }
  return lo;
}

uint64_t rw_cvec_get(const rw_cvec *v, uint32_t slot) {
  uint32_t i = find(v, slot);
  return i < v->nvc && SLOT(v->vc[2 * i]) == slot ? v->vc[2 * i + 1] : 0;
}

/* fresh: slot is not in the list (a merge's pairs are distinct and the
 * list was empty): no scan, so a new thread's whole clock costs O(n). */
static void note_change(rw_cvec *v, uint32_t slot, uint64_t epoch, int fresh) {
  for (uint32_t k = 0; !fresh && k < v->nchg; k++)
    if (SLOT(v->chg[2 * k]) == slot) {
      v->chg[2 * k + 1] = epoch;
      return;
    }
  if (v->nchg == v->chgcap) {
    uint32_t cap = v->chgcap ? 2 * v->chgcap : 8;
    uint64_t *p = realloc(v->chg, (size_t)cap * 2 * sizeof *p);
    if (!p) {
      v->chg_lost = 1;   /* the next event sends the whole vector */
      return;
    }
    rw_budget_count(RW_BUDGET_ENCODER, (uint64_t)(cap - v->chgcap) * 2 * sizeof *p);
    v->chg = p, v->chgcap = cap;
  }
  v->chg[2 * v->nchg] = slot;
  v->chg[2 * v->nchg + 1] = epoch;
  v->nchg++;
}

/* Pairs with a slot v has not: one merge into a new array. */
static void merge_new(rw_cvec *v, const uint64_t *e, uint32_t n) {
  uint64_t bytes = (uint64_t)(v->nvc + n) * 2 * sizeof(uint64_t);
  uint64_t *m = malloc(bytes);
  if (!m)
    return;                        /* out of memory: the old vector stays */
  rw_budget_count(RW_BUDGET_ENCODER, bytes);
  rw_budget_give(RW_BUDGET_ENCODER, v->vc_bytes);
  v->vc_bytes = bytes;
  uint32_t i = 0, j = 0, k = 0;
  while (i < v->nvc || j < n) {
    int take_e = j < n && (i == v->nvc || SLOT(e[2 * j]) <= SLOT(v->vc[2 * i]));
    if (take_e) {
      uint32_t slot = SLOT(e[2 * j]);
      uint64_t tag = 0;
      if (i < v->nvc && SLOT(v->vc[2 * i]) == slot)
        tag = v->vc[2 * i++] >> 32;   /* replaced */
      m[2 * k] = slot | tag << 32;
      m[2 * k + 1] = e[2 * j + 1];
      j++;
    } else {
      m[2 * k] = v->vc[2 * i];
      m[2 * k + 1] = v->vc[2 * i + 1];
      i++;
    }
    k++;
  }
  free(v->vc);
  v->vc = m;
  v->nvc = k;
}

void rw_cvec_merge(rw_cvec *v, const uint64_t *e, uint32_t n) {
  int fresh = 0;
  for (uint32_t j = 0; j < n; j++) {
    uint32_t i = find(v, SLOT(e[2 * j]));
    if (i < v->nvc && SLOT(v->vc[2 * i]) == SLOT(e[2 * j]))
      v->vc[2 * i + 1] = e[2 * j + 1];   /* in place: no new slot */
    else
      fresh = 1;
  }
  if (fresh)
    merge_new(v, e, n);
  int none = v->nchg == 0;
  for (uint32_t j = 0; j < n; j++)
    note_change(v, SLOT(e[2 * j]), e[2 * j + 1], none);
  if (n)
    stale(v);
}

/* ---- held: trace components on the server beyond tc (cvec.h) ---- */

#define HELD_PROBES 8

static void held_put(rw_cvec *v, const rw_cvec_tc *t) {
  uint32_t h = rw_cvec_trace_hash(t->trace, RW_CVEC_HELD - 1);
  for (uint32_t k = 0; k < HELD_PROBES; k++, h = (h + 1) & (RW_CVEC_HELD - 1)) {
    rw_cvec_tc *s = &v->held[h];
    if (!s->n) {
      *s = *t;
      v->nheld++;
      return;
    }
    if (memcmp(s->trace, t->trace, 16) == 0) {
      s->n = t->n > s->n ? t->n : s->n;
      return;
    }
  }
}

static uint64_t held_n(const rw_cvec *v, const uint8_t trace[16]) {
  uint32_t h = rw_cvec_trace_hash(trace, RW_CVEC_HELD - 1);
  for (uint32_t k = 0; k < HELD_PROBES && v->held[h].n; k++, h = (h + 1) & (RW_CVEC_HELD - 1))
    if (memcmp(v->held[h].trace, trace, 16) == 0)
      return v->held[h].n;
  return 0;
}

static void held_reset(rw_cvec *v) {
  if (v->nheld)
    memset(v->held, 0, sizeof v->held);
  v->nheld = 0;
}

void rw_cvec_set_traces(rw_cvec *v, const rw_cvec_tc *tc, uint32_t n) {
  uint64_t bits = 0, kept = 0;
  n = n < RW_CVEC_MAX_TC ? n : RW_CVEC_MAX_TC;
  for (uint32_t i = 0; i < n; i++) {
    int grew = 1;
    for (uint32_t k = 0; k < v->ntc; k++)
      if (memcmp(v->tc[k].trace, tc[i].trace, 16) == 0) {
        grew = tc[i].n > v->tc[k].n || (v->tc_new >> k & 1);
        kept |= 1ull << k;
        break;
      }
    if (grew && v->nheld && held_n(v, tc[i].trace) >= tc[i].n)
      grew = 0;   /* sent before, still on the server's chain */
    bits |= (uint64_t)grew << i;
  }
  /* Sent entries that leave the list stay on the server: held. */
  for (uint32_t k = 0; k < v->ntc; k++)
    if (!(kept >> k & 1) && !(v->tc_new >> k & 1))
      held_put(v, &v->tc[k]);
  if (n != v->ntc || memcmp(v->tc, tc, n * sizeof *tc) != 0)
    stale(v);
  memcpy(v->tc, tc, n * sizeof *tc);
  v->ntc = n;
  v->tc_new = bits;
}

void rw_cvec_set_clock(rw_cvec *v, const char *items) {
  if (!v->clock && !items)
    return;
  int same = v->clock && items && strcmp(v->clock, items) == 0;
  if (same)
    return;
  free(v->clock);
  v->clock = items ? strdup(items) : NULL;
  v->clock_new = v->clock != NULL;
  stale(v);
}

void rw_cvec_skip(rw_cvec *v) {
  v->nchg = 0;
  v->tc_new = 0;
  v->clock_new = 0;
  v->chg_lost = 0;
}

void rw_cvec_clear(rw_cvec *v) {
  v->nvc = 0;
  v->ntc = 0;
  v->named = 0;
  held_reset(v);
  rw_cvec_set_clock(v, NULL);
  rw_cvec_skip(v);
  stale(v);
}

/* Each slot's entry head ["pid:tid", and name tag for its present
 * thread, encoded once per name: valid while the slot's name_seq
 * (capture/slots.h, bumped by 2 on every rename) is the one it was read
 * under, for epochs from `first` on.  Direct-mapped by slot, fixed size
 * (NAMES entries of 56 bytes); an epoch of an earlier thread is encoded
 * each time, in `past` (rare: an entry learned from a thread that ended). */
#define NAMES 1024
static struct name_head {
  uint64_t first;
  uint32_t slot, seq, tag;
  uint8_t valid, len;
  char text[34];
} names[NAMES], past;

/* h's text and tag for name; 0 if the name does not fit. */
static int head_of(struct name_head *h, const char *name) {
  rw_buf t = {0};
  rw_buf_putc(&t, '[');
  rw_json_string(&t, name);
  rw_buf_putc(&t, ',');
  int ok = !t.oom && t.len <= sizeof h->text;
  if (ok) {
    h->tag = name_tag(name), h->len = (uint8_t)t.len;
    memcpy(h->text, t.p, t.len);
  }
  rw_buf_free(&t);
  return ok;
}

/* The head of the entry (slot, epoch): named after the slot's thread at
 * epoch; NULL if that thread is no longer known (the entry is left out:
 * orders less).  Valid until the next call. */
static const struct name_head *name_head(uint32_t slot, uint64_t epoch) {
  rw_slot *s = rw_slots_get(slot);
  if (!s)
    return 0;
  struct name_head *h = &names[slot % NAMES];
  uint32_t seq = atomic_load_explicit(&s->name_seq, memory_order_acquire);
  rw_slot_occ o;
  if (!(h->valid && h->slot == slot && h->seq == seq)) {
    if (!rw_slots_occupants(slot, UINT64_MAX, &o, 1) || !head_of(h, o.name))
      return 0;
    /* Kept only if read whole under seq (else: the next call reads it). */
    h->valid = !(seq & 1) && atomic_load_explicit(&s->name_seq, memory_order_acquire) == seq;
    h->slot = slot, h->seq = seq, h->first = o.first_epoch;
  }
  if (epoch >= h->first)
    return h;
  /* an earlier thread's */
  if (!rw_slots_occupants(slot, epoch, &o, 1) || !head_of(&past, o.name))
    return 0;
  return &past;
}

/* ["name",epoch] appended to b (sep: a comma first). */
static void put_head(rw_buf *b, const char *text, size_t len, uint64_t epoch) {
  char *p = rw_buf_reserve(b, 34 + 23);
  if (!p)
    return;
  if (b->len > 1)
    *p++ = ',';
  memcpy(p, text, 34);   /* (fixed size: no call) */
  p += len;
  p += rw_json_u64_text(epoch, p);
  *p++ = ']';
  rw_buf_commit(b, p);
}

/* The threads before the one at (slot, epoch) whose starts covered them,
 * at their final epochs, newest first, back to the one last sent (tag
 * was, 0: none; the chain holds it at `upto`, 0: unknown): whoever knows
 * the later thread's epochs knows theirs, and the server's vectors of
 * their events name them. */
static void put_earlier(rw_buf *b, uint32_t slot, uint64_t epoch, uint32_t was, uint64_t upto) {
  rw_slot_occ o[RW_SLOTS_PAST + 1];
  uint32_t n = rw_slots_occupants(slot, epoch, o, RW_SLOTS_PAST + 1);
  struct name_head h;
  for (uint32_t j = 1; j < n && o[j - 1].first_epoch > 1; j++) {
    if (!head_of(&h, o[j].name))
      break;
    if (h.tag == was && upto >= o[j - 1].first_epoch - 1)
      break;   /* held already */
    put_head(b, h.text, h.len, o[j - 1].first_epoch - 1);
    if (h.tag == was)
      break;
  }
}

/* ["pid:tid",epoch] for the entry (slot, epoch), last sent under the
 * name with tag `was` (0: none); the tag of the name written (`was` if
 * none: the thread is no longer known).  inherited: an entry never sent
 * (tag 0) is on the server's chain under this name already (a thread's
 * first vector, whole: its parent, the spawn, holds the same clock), so
 * its earlier threads need not go.  upto: the epoch the chain holds
 * under `was` (0: unknown). */
static uint32_t put_pair(rw_buf *b, uint32_t slot, uint64_t epoch, uint32_t was, int inherited,
                         uint64_t upto) {
  const struct name_head *h = name_head(slot, epoch);
  if (!h)
    return was;
  if (was != h->tag && (was || !inherited))
    put_earlier(b, slot, epoch, was, upto);   /* (it leaves h as it is) */
  put_head(b, h->text, h->len, epoch);
  return h->tag;
}

/* Entry i of v; its tag becomes the name written. */
static void put_entry(rw_buf *b, rw_cvec *v, uint32_t i, int inherited, uint64_t upto) {
  uint32_t slot = SLOT(v->vc[2 * i]);
  uint32_t tag = put_pair(b, slot, v->vc[2 * i + 1], TAG(v->vc[2 * i]), inherited, upto);
  v->vc[2 * i] = slot | (uint64_t)tag << 32;
}

static void put_tc_item(rw_buf *b, const rw_cvec_tc *t) {
  char id[37];
  rw_uuid_format(t->trace, id);
  if (b->len > 1)
    rw_buf_putc(b, ',');
  rw_buf_putc(b, '[');
  rw_json_string(b, id);
  rw_buf_putc(b, ',');
  rw_json_u64(b, t->n);
  rw_buf_putc(b, ']');
}

static void put_tc(rw_buf *b, const rw_cvec *v, uint32_t i) { put_tc_item(b, &v->tc[i]); }

static void put_clock_items(rw_buf *b, const char *clock) {
  if (!clock || !clock[0])
    return;
  if (b->len > 1)
    rw_buf_putc(b, ',');
  rw_buf_puts(b, clock);
}

static void put_clock(rw_buf *b, const rw_cvec *v) { put_clock_items(b, v->clock); }

/* The whole vector of pairs vc.  own: the vector is own's (vc is its
 * pairs), whose tags are read and written: an entry goes with its earlier
 * threads back to the name its chain holds.  NULL: the event is sent off
 * its thread's chain (the races window re-parents what it sends): no name
 * is taken as held, so every reused slot's entry goes with them. */
static void put_whole(rw_buf *b, const uint64_t *vc, uint32_t nvc, const char *clock,
                      const rw_cvec_tc *tc, uint32_t ntc, rw_cvec *own) {
  rw_buf_putc(b, '[');
  for (uint32_t i = 0; i < nvc; i++) {
    if (own)
      put_entry(b, own, i, !own->named, 0);
    else
      put_pair(b, SLOT(vc[2 * i]), vc[2 * i + 1], 0, 0, 0);
  }
  put_clock_items(b, clock);
  for (uint32_t i = 0; i < ntc; i++)
    put_tc_item(b, &tc[i]);
  rw_buf_putc(b, ']');
}

void rw_cvec_put_whole(rw_buf *b, const uint64_t *vc, uint32_t nvc, const char *clock,
                       const rw_cvec_tc *tc, uint32_t ntc) {
  put_whole(b, vc, nvc, clock, tc, ntc, NULL);
}

static const char *whole(rw_cvec *v) {
  if (v->full)
    return v->full;
  rw_buf b = {0};
  put_whole(&b, v->vc, v->nvc, v->clock, v->tc, v->ntc, v);
  size_t len = b.len;
  v->full = rw_buf_take(&b);
  v->full_len = v->full ? len : 0;
  if (v->full)
    rw_budget_count(RW_BUDGET_ENCODER, len + 1);
  return v->full ? v->full : "[]";
}

static const char *grown(rw_cvec *v) {
  rw_buf *b = &v->delta;
  b->len = 0;
  rw_buf_putc(b, '[');
  for (uint32_t k = 0; k < v->nchg; k++) {
    uint32_t i = find(v, SLOT(v->chg[2 * k]));
    if (i < v->nvc && SLOT(v->vc[2 * i]) == SLOT(v->chg[2 * k]))
      put_entry(b, v, i, 0, 0);
  }
  if (v->clock_new)
    put_clock(b, v);
  for (uint32_t i = 0; i < v->ntc; i++)
    if (v->tc_new >> i & 1)
      put_tc(b, v, i);
  rw_buf_putc(b, ']');
  return b->oom ? NULL : b->p;
}

const char *rw_cvec_take(rw_cvec *v, int all) {
  /* The usual case, an event whose vector did not grow: "[]" at once. */
  if (!all && !v->chg_lost && !v->nchg && !v->tc_new && !v->clock_new) {
    v->taken_len = 2;
    return "[]";
  }
  const char *text = all || v->chg_lost ? NULL : grown(v);
  int failed = 0;
  v->taken_len = v->delta.len;
  if (!text) {
    v->delta.oom = 0;
    held_reset(v);   /* the parent may be any event: only what goes now */
    text = whole(v);
    failed = !v->full;   /* out of memory: "[]" went, the next goes whole */
    v->taken_len = failed ? 2 : v->full_len;
  }
  rw_cvec_skip(v);
  v->chg_lost = (uint8_t)failed;
  v->named = 1;
  return text;
}

static int tc_held_by(const rw_cvec *p, const rw_cvec_tc *t) {
  for (uint32_t k = 0; k < p->ntc; k++)
    if (memcmp(p->tc[k].trace, t->trace, 16) == 0 && p->tc[k].n >= t->n)
      return 1;
  return p->nheld && held_n(p, t->trace) >= t->n;
}

/* After taking over from p: the server's chain of v is p's now. */
static void held_from(rw_cvec *v, const rw_cvec *p) {
  memcpy(v->held, p->held, sizeof v->held);
  v->nheld = p->nheld;
  for (uint32_t k = 0; k < p->ntc; k++)
    held_put(v, &p->tc[k]);
}

const char *rw_cvec_take_over(rw_cvec *v, const rw_cvec *p) {
  if (v->chg_lost || p->chg_lost)
    return rw_cvec_take(v, 1);
  rw_buf *b = &v->delta;
  b->len = 0;
  rw_buf_putc(b, '[');
  /* An entry the parent's vector p holds as large, under the same name
   * (tag), the server has from the parent already; else it goes, with
   * the earlier threads of its slot back to the one p sent.  Both by
   * slot: one walk (p's entry for slot, if any, at p->vc[2 * j]). */
  for (uint32_t i = 0, j = 0; i < v->nvc; i++) {
    uint32_t slot = SLOT(v->vc[2 * i]);
    while (j < p->nvc && SLOT(p->vc[2 * j]) < slot)
      j++;
    int in_p = j < p->nvc && SLOT(p->vc[2 * j]) == slot;
    const struct name_head *h =
        in_p && p->vc[2 * j + 1] >= v->vc[2 * i + 1] ? name_head(slot, v->vc[2 * i + 1]) : 0;
    v->vc[2 * i] = slot | (in_p ? p->vc[2 * j] >> 32 << 32 : 0);   /* p's chain's name */
    if (!h || TAG(p->vc[2 * j]) != h->tag)
      put_entry(b, v, i, 0, in_p ? p->vc[2 * j + 1] : 0);
  }
  if (v->clock && v->clock[0] && !(p->clock && strcmp(p->clock, v->clock) == 0))
    put_clock(b, v);
  for (uint32_t i = 0; i < v->ntc; i++)
    if (!tc_held_by(p, &v->tc[i]))
      put_tc(b, v, i);
  rw_buf_putc(b, ']');
  if (b->oom) {
    b->oom = 0;
    return rw_cvec_take(v, 1);
  }
  v->taken_len = b->len;
  rw_cvec_skip(v);
  held_from(v, p);
  v->named = 1;
  return b->p;
}

int rw_cvec_copy(rw_cvec *dst, const rw_cvec *src) {
  uint64_t bytes = (uint64_t)src->nvc * 2 * sizeof(uint64_t);
  if (bytes > dst->vc_bytes) {
    uint64_t *m = realloc(dst->vc, bytes);
    if (!m)
      return -1;
    rw_budget_count(RW_BUDGET_ENCODER, bytes - dst->vc_bytes);
    dst->vc = m, dst->vc_bytes = bytes;
  }
  if (bytes)
    memcpy(dst->vc, src->vc, bytes);
  dst->nvc = src->nvc;
  memcpy(dst->tc, src->tc, src->ntc * sizeof *src->tc);
  dst->ntc = src->ntc;
  memcpy(dst->held, src->held, sizeof dst->held);
  dst->nheld = src->nheld;
  rw_cvec_set_clock(dst, src->clock);
  if (src->clock && !dst->clock)
    return -1;
  dst->chg_lost = src->chg_lost;
  return 0;
}

void rw_cvec_free(rw_cvec *v) {
  rw_budget_give(RW_BUDGET_ENCODER, v->vc_bytes + (uint64_t)v->chgcap * 2 * sizeof *v->chg);
  stale(v);
  free(v->vc);
  free(v->chg);
  free(v->clock);
  rw_buf_free(&v->delta);
  memset(v, 0, sizeof *v);
}

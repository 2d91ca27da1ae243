/*
 * window.c - RACEWAY_SEND=races: per-thread windows of held events,
 * the race sides asked for, and the re-parented chains of what is sent.
 *
 * Everything here runs on the flusher thread; only the two counters are
 * read elsewhere.  A window is a ring of the thread's last held events in
 * seq order (records are drained in order), so an event is found by
 * binary search.  A held event is its ring record and a reference to its
 * thread's envelope at the time (wctx.h), encoded only when a race sends
 * it; events sent at once come encoded, with the parent spliced in
 * (rw_batch_put).  Windows take their bytes from the memory budget
 * (RW_BUDGET_WINDOW): a thread's window when first needed (halved until it
 * fits), each envelope while an event holds it; a take refused filters the
 * event (counted), as a full window does.
 */
#include "transport/window.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/budget.h"
#include "common/diag.h"
#include "common/ids.h"
#include "common/config.h"
#include "transport/batch.h"
#include "transport/wctx.h"
#include "capture/ring.h"

#define CHAINS 4              /* traces one thread keeps a chain for     */
#define MAX_WANTED 256        /* race sides not drained yet              */
#define MAX_WANT_RELEASE 16   /* releases that close a sent access       */
#define MAX_CONTEXT 16        /* enclosing locks sent with one access    */
#define RETIRED_WINDOWS 4     /* ended threads' held events, in windows  */

typedef struct held {
  uint64_t seq;
  rw_rec rec;                 /* the ring record (no extras), encoded    */
  uint64_t ts_ns;             /* only if sent, with its thread's         */
  rw_wctx *ctx;               /* envelope of the time (wctx.h)           */
  uintptr_t lock;
  uint32_t lock_gen;
  uint8_t type, acquire, sent;
} held;

/* The last sent event of a thread in one trace (seq 0: none). */
typedef struct chain {
  char trace[37];
  uint32_t slot;
  uint64_t seq;
  uint64_t used;              /* for least-recently-used replacement     */
} chain;

typedef struct lock_ref {
  uintptr_t lock;
  uint32_t gen;
} lock_ref;

typedef struct thread_state {
  held *win;                  /* cap entries, allocated on first hold    */
  uint32_t cap;               /* rw_cfg.race_window when allocated       */
  uint32_t head, n, unsent;
  uint64_t last_seq;          /* last event offered                      */
  chain chains[CHAINS];
  lock_ref want_release[MAX_WANT_RELEASE];
  uint32_t nwant_release;
  uint8_t retired;
} thread_state;

static thread_state **threads;          /* by slot                        */
static uint32_t nthreads;
static struct { uint32_t slot; uint64_t seq; } wanted[MAX_WANTED];
static uint32_t nwanted;
static uint64_t use_clock;
static uint64_t retired_unsent;         /* held in windows of ended threads */
static _Atomic uint64_t held_count, filtered_count;

void rw_window_counts(uint64_t *h, uint64_t *f) {
  *h = atomic_load(&held_count);
  *f = atomic_load(&filtered_count);
}

/* The counters have one writer, this thread: a load and a store, no
 * locked instruction per event (read-modify-writes, three per held
 * event, were a tenth of the window's instructions). */
static void bump(_Atomic uint64_t *c, int64_t d) {
  atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + (uint64_t)d,
                        memory_order_relaxed);
}

static void filtered(uint64_t n) { bump(&filtered_count, (int64_t)n); }

/* The per-slot states are counted, not refused: a few hundred bytes per
 * thread, and without one a thread's races could not be sent. */
static thread_state *state(uint32_t slot) {
  if (slot >= nthreads) {
    uint32_t n = nthreads ? nthreads : 16;
    while (n <= slot)
      n *= 2;
    thread_state **p = realloc(threads, n * sizeof *p);
    if (!p)
      return NULL;
    memset(p + nthreads, 0, (n - nthreads) * sizeof *p);
    rw_budget_count(RW_BUDGET_WINDOW, (uint64_t)(n - nthreads) * sizeof *p);
    threads = p;
    nthreads = n;
  }
  if (!threads[slot] && (threads[slot] = calloc(1, sizeof **threads)))
    rw_budget_count(RW_BUDGET_WINDOW, sizeof **threads);
  return threads[slot];
}

/* ---- chains ---- */

static chain *chain_find(thread_state *ts, const char *trace) {
  for (int i = 0; i < CHAINS; i++)
    if (ts->chains[i].seq && memcmp(ts->chains[i].trace, trace, 36) == 0)
      return &ts->chains[i];
  return NULL;
}

static void chain_set(thread_state *ts, const char *trace, uint32_t slot, uint64_t seq) {
  chain *c = chain_find(ts, trace);
  for (int i = 0; !c && i < CHAINS; i++)      /* a free one, else the LRU */
    if (!ts->chains[i].seq)
      c = &ts->chains[i];
  if (!c) {
    c = &ts->chains[0];
    for (int i = 1; i < CHAINS; i++)
      if (ts->chains[i].used < c->used)
        c = &ts->chains[i];
  }
  memcpy(c->trace, trace, 36);
  c->trace[36] = 0;
  c->slot = slot;
  c->seq = seq;
  c->used = ++use_clock;
}

/* Append to the batch as the next event of ts's chain in `trace`. */
static void put(thread_state *ts, uint32_t slot, uint64_t seq, const char *trace,
                const char *text, size_t len, size_t parent_at, const chain *parent) {
  char pid[37];
  if (parent)
    rw_ids_event(parent->slot, parent->seq, pid);
  rw_batch_put(text, len, parent_at, parent ? pid : NULL);
  chain_set(ts, trace, slot, seq);
}

/* ---- windows ---- */

/* Entry i (< cap) from the oldest: a wrap, not a division (the window's
 * size is the user's, any number). */
static held *at(thread_state *ts, uint32_t i) {
  uint32_t k = ts->head + i;
  return &ts->win[k >= ts->cap ? k - ts->cap : k];
}

static int find_held(thread_state *ts, uint64_t seq) {
  uint32_t lo = 0, hi = ts->n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (at(ts, mid)->seq < seq)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < ts->n && at(ts, lo)->seq == seq ? (int)lo : -1;
}

static void mark_sent(thread_state *ts, held *h) {
  h->sent = 1;
  ts->unsent--;
  bump(&held_count, -1);
  if (ts->retired)
    retired_unsent--;
}

/* Encoded now, as the next event of ts's chain in its trace. */
static void send_held(thread_state *ts, uint32_t slot, held *h) {
  if (h->sent)
    return;
  const chain *parent = chain_find(ts, h->ctx->trace);
  char pid[37];
  if (parent)
    rw_ids_event(parent->slot, parent->seq, pid);
  rw_wctx_put(slot, &h->rec, h->ts_ns, h->ctx, parent ? pid : NULL);
  chain_set(ts, h->ctx->trace, slot, h->seq);
  mark_sent(ts, h);
}

/* Drop the oldest entry; an unsent one is filtered. */
static void evict_oldest(thread_state *ts) {
  held *h = at(ts, 0);
  if (!h->sent) {
    h->sent = 1;
    ts->unsent--;
    bump(&held_count, -1);
    filtered(1);
    if (ts->retired)
      retired_unsent--;
  }
  rw_wctx_unref(h->ctx);
  h->ctx = NULL;
  ts->head = ts->head + 1 == ts->cap ? 0 : ts->head + 1;
  ts->n--;
}

static void free_window(thread_state *ts) {
  while (ts->n)
    evict_oldest(ts);
  if (ts->win)
    rw_budget_give(RW_BUDGET_WINDOW, (uint64_t)ts->cap * sizeof *ts->win);
  free(ts->win);
  ts->win = NULL;
  ts->head = 0;
}

/* A window, halved until it takes at most half of what windows may still
 * take (budget.c caps them; the rest for the envelopes its entries share;
 * a smaller window loses less than none), down to MIN_WINDOW entries. */
#define MIN_WINDOW 16
static held *hold(thread_state *ts, const rw_window_event *ev) {
  if (!ts->win) {
    ts->cap = rw_cfg.race_window ? rw_cfg.race_window : 1;
    while (ts->cap > MIN_WINDOW &&
           (uint64_t)ts->cap * sizeof *ts->win > rw_budget_room(RW_BUDGET_WINDOW) / 2)
      ts->cap /= 2;
    while (!(ts->win = rw_budget_alloc(RW_BUDGET_WINDOW, (size_t)ts->cap * sizeof *ts->win, 1)) && ts->cap > MIN_WINDOW)
      ts->cap /= 2;
    if (!ts->win)
      return NULL;
  }
  if (!ev->ctx || !ev->rec)
    return NULL;
  if (ts->n == ts->cap)
    evict_oldest(ts);
  held *h = at(ts, ts->n++);
  *h = (held){.seq = ev->seq, .rec = *ev->rec, .ts_ns = ev->ts_ns, .ctx = ev->ctx,
              .lock = ev->lock, .lock_gen = ev->lock_gen, .type = ev->type,
              .acquire = ev->acquire};
  h->rec.ext = NULL;   /* freed by the flusher; an access or lock needs none */
  rw_wctx_ref(h->ctx);
  ts->unsent++;
  bump(&held_count, 1);
  return h;
}

/* ---- an access and its enclosing locks ---- */

static int same_lock(const held *h, const lock_ref *l) {
  return h->lock == l->lock && h->lock_gen == l->gen;
}

static int in_list(const lock_ref *list, uint32_t n, const held *h) {
  for (uint32_t i = 0; i < n; i++)
    if (same_lock(h, &list[i]))
      return 1;
  return 0;
}

/* Send entry i with the acquires still open at it (oldest first) and the
 * releases that close them; a release not drained yet is sent on arrival. */
static void send_with_context(thread_state *ts, uint32_t slot, uint32_t i) {
  lock_ref open[MAX_CONTEXT], closed[MAX_CONTEXT];
  uint32_t open_at[MAX_CONTEXT], nopen = 0, nclosed = 0;
  for (uint32_t j = i; j-- > 0 && nopen < MAX_CONTEXT;) {
    held *h = at(ts, j);
    if (h->type != RW_REC_LOCK)
      continue;
    lock_ref l = {h->lock, h->lock_gen};
    if (!h->acquire && nclosed < MAX_CONTEXT && !in_list(closed, nclosed, h))
      closed[nclosed++] = l;
    else if (h->acquire && !in_list(closed, nclosed, h) && !in_list(open, nopen, h)) {
      open_at[nopen] = j;
      open[nopen++] = l;
    }
  }
  for (uint32_t k = nopen; k-- > 0;)
    send_held(ts, slot, at(ts, open_at[k]));
  send_held(ts, slot, at(ts, i));
  for (uint32_t k = 0; k < nopen; k++) {
    uint32_t j = i + 1;
    while (j < ts->n && !(at(ts, j)->type == RW_REC_LOCK && !at(ts, j)->acquire &&
                          same_lock(at(ts, j), &open[k])))
      j++;
    if (j < ts->n)
      send_held(ts, slot, at(ts, j));
    else if (ts->nwant_release < MAX_WANT_RELEASE)
      ts->want_release[ts->nwant_release++] = open[k];
  }
}

/* A release that closes a sent access: take it off the list. */
static int take_want_release(thread_state *ts, const rw_window_event *ev) {
  for (uint32_t i = 0; i < ts->nwant_release; i++)
    if (ts->want_release[i].lock == ev->lock && ts->want_release[i].gen == ev->lock_gen) {
      ts->want_release[i] = ts->want_release[--ts->nwant_release];
      return 1;
    }
  return 0;
}

/* Remember a race side to send when its thread is drained (bounded: past
 * MAX_WANTED, not sent). */
static void add_wanted(uint32_t slot, uint64_t seq) {
  if (nwanted < MAX_WANTED) {
    wanted[nwanted].slot = slot;
    wanted[nwanted++].seq = seq;
  }
}

static int take_wanted(uint32_t slot, uint64_t seq) {
  for (uint32_t i = 0; i < nwanted; i++)
    if (wanted[i].slot == slot && wanted[i].seq == seq) {
      wanted[i] = wanted[--nwanted];
      return 1;
    }
  return 0;
}

/* One side of a race, by event id: send it now, or when its thread is
 * drained, or (gone from its window) not at all. */
static void want_event(const char *id) {
  uint32_t slot;
  uint64_t seq;
  thread_state *ts;
  if (!id || rw_ids_event_decode(id, &slot, &seq) != 0 || !(ts = state(slot)))
    return;
  if (seq > ts->last_seq) {
    add_wanted(slot, seq);
    return;
  }
  int i = find_held(ts, seq);
  if (i >= 0)
    send_with_context(ts, slot, (uint32_t)i);
  else if (rw_cfg.pub.debug)
    fprintf(rw_diag_err(), "raceway: race event %s left its window before the race "
            "was found (RACEWAY_RACE_WINDOW=%u)\n", id, rw_cfg.race_window);
}

static int is_race_json(const char *kind_json) {
  static const char prefix[] = "{\"Custom\":{\"name\":\"race_detected\"";
  return kind_json && strncmp(kind_json, prefix, sizeof prefix - 1) == 0;
}

static int is_race_event(const rw_window_event *ev) {
  return ev->type == RW_REC_JSON && is_race_json(ev->kind_json);
}

/* The event id after `key` in the runtime's own race_detected JSON into
 * out (36 characters: ids need no escapes, and a quote inside a variable
 * name is escaped, so the key cannot occur in it); 0 if absent.  Read in
 * place, not parsed: a fork in the middle would leave the child a parse
 * tree only the flusher's stack pointed to (LeakSanitizer: a leak). */
static int event_id_after(const char *json, const char *key, char out[37]) {
  const char *p = strstr(json, key);
  if (!p)
    return 0;
  p += strlen(key);
  const char *q = strchr(p, '"');
  if (!q || q - p != 36)
    return 0;
  memcpy(out, p, 36);
  out[36] = 0;
  return 1;
}

/* Each side of the race, by event id, to want(id). */
static void race_sides(const char *kind_json, void (*want)(const char *id)) {
  char id[37];
  if (event_id_after(kind_json, "\"first_event_id\":\"", id))
    want(id);
  if (event_id_after(kind_json, "\"second_event_id\":\"", id))
    want(id);
}

/* A side that may come after the turn: wanted until rw_window_seed says
 * its thread's events up to it went out before the turn. */
static void want_later(const char *id) {
  uint32_t slot;
  uint64_t seq;
  if (id && rw_ids_event_decode(id, &slot, &seq) == 0)
    add_wanted(slot, seq);
}

void rw_window_race_batched(const char *kind_json) {
  if (is_race_json(kind_json))
    race_sides(kind_json, want_later);
}

/* ---- offering ---- */

/* Parent of an event sent at once: the thread's chain in its trace; an
 * await without one hangs under the joined thread's last sent event, a
 * spawned thread's first event under its spawn. */
static const chain *parent_now(thread_state *ts, const rw_window_event *ev, chain *tmp) {
  const chain *c = chain_find(ts, ev->trace);
  if (c || !ev->parent_seq)
    return c;
  if (ev->type == RW_REC_AWAIT) {
    thread_state *child = state(ev->parent_slot);
    return child ? chain_find(child, ev->trace) : NULL;
  }
  tmp->slot = ev->parent_slot;
  tmp->seq = ev->parent_seq;
  return tmp;
}

void rw_window_offer(const rw_window_event *ev) {
  thread_state *ts = state(ev->slot);
  if (!ts) {
    filtered(1);
    return;
  }
  ts->last_seq = ev->seq;
  if (ev->trace_root) {                   /* a request's chain starts anew */
    chain *c = chain_find(ts, ev->trace);
    if (c)
      c->seq = 0;
  }
  chain tmp;
  int race = is_race_event(ev);
  if (race || ev->type == RW_REC_SPAWN || ev->type == RW_REC_AWAIT) {
    if (race)
      race_sides(ev->kind_json, want_event);
    put(ts, ev->slot, ev->seq, ev->trace, ev->text, ev->len, ev->parent_at,
        parent_now(ts, ev, &tmp));
    return;
  }
  /* Held or filtered: a spawned thread's later events still descend from
   * the spawn. */
  if (ev->parent_seq && ev->type != RW_REC_AWAIT && !chain_find(ts, ev->trace))
    chain_set(ts, ev->trace, ev->parent_slot, ev->parent_seq);
  if (ev->type != RW_REC_ACCESS && ev->type != RW_REC_LOCK) {
    filtered(1);
    return;
  }
  held *h = hold(ts, ev);   /* kept even when sent now: later context scans */
  if (!h) {
    filtered(1);                 /* out of memory or budget: not kept    */
    return;
  }
  if (ev->type == RW_REC_LOCK && !ev->acquire && take_want_release(ts, ev))
    send_held(ts, ev->slot, h);
  else if (take_wanted(ev->slot, ev->seq))
    send_with_context(ts, ev->slot, ts->n - 1);
}

void rw_window_seed(uint32_t slot, const char *trace, uint64_t sent_seq, uint64_t done_seq) {
  thread_state *ts = state(slot);
  if (!ts)
    return;
  ts->last_seq = done_seq;   /* a race side up to here is not awaited */
  for (uint32_t i = 0; i < nwanted;)   /* sent before the turn */
    if (wanted[i].slot == slot && wanted[i].seq <= done_seq)
      wanted[i] = wanted[--nwanted];
    else
      i++;
  if (sent_seq)
    chain_set(ts, trace, slot, sent_seq);
}

/* ---- ended threads, the end, fork ---- */

void rw_window_retired(uint32_t slot) {
  thread_state *ts = slot < nthreads ? threads[slot] : NULL;
  if (!ts || ts->retired)
    return;
  ts->retired = 1;
  retired_unsent += ts->unsent;
  /* Bounded: past RETIRED_WINDOWS windows' worth, the oldest ended
   * threads (lowest slots) give theirs up first. */
  uint64_t limit = (uint64_t)RETIRED_WINDOWS * rw_cfg.race_window;
  for (uint32_t i = 1; i < nthreads && retired_unsent > limit; i++)
    if (threads[i] && threads[i]->retired && threads[i]->win)
      free_window(threads[i]);
}

void rw_window_finish(void) {
  for (uint32_t i = 0; i < nthreads; i++)
    if (threads[i])
      free_window(threads[i]);
  rw_wctx_trim();
  nwanted = 0;
}

void rw_window_after_fork(void) {
  uint64_t bytes = (uint64_t)nthreads * sizeof *threads;
  for (uint32_t i = 0; i < nthreads; i++) {
    thread_state *ts = threads[i];
    if (!ts)
      continue;
    for (uint32_t k = 0; k < ts->n; k++)
      rw_wctx_unref(at(ts, k)->ctx);   /* gives its own bytes back */
    if (ts->win)
      bytes += (uint64_t)ts->cap * sizeof *ts->win;
    free(ts->win);
    free(ts);
    bytes += sizeof *ts;
  }
  rw_budget_give(RW_BUDGET_WINDOW, bytes);
  rw_wctx_trim();
  free(threads);
  threads = NULL;
  nthreads = 0;
  nwanted = 0;
  retired_unsent = 0;
  atomic_store(&held_count, 0);
  atomic_store(&filtered_count, 0);
}

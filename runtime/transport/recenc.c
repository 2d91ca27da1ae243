/*
 * recenc.c - ring records to wire events (flusher thread only).
 *
 * Per thread the encoder keeps what the records leave implicit: the
 * previous event (the parent chain), the current trace, the last
 * causality vector and the held locks.  In RACEWAY_SEND=races mode the
 * encoded event goes to the races window, else to the batch.
 *
 * The server's order (docs/real-server.md): the server orders two events of
 * one trace on different threads only through parent_id ancestry (a tree),
 * and events of different traces only by their causality vectors.  So each
 * thread's events form a trace of their own (the first thread's is the
 * process trace; a thread's first event stays the child of its spawn), no
 * instance_id is sent (the server would name its own component after it in
 * every trace), and the vector carries the program's order: "pid:tid" =
 * the detector's epochs, and per trace the event is ordered after, the
 * server's number of the last such event (from each thread's encoded
 * history and a look-ahead over its ring).  A wrong guess only orders less.
 */
#include "transport/recenc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/slots.h"
#include "common/clock.h"
#include "common/budget.h"
#include "common/config.h"
#include "common/ids.h"
#include "common/wire.h"
#include "detect/log.h"
#include "transport/batch.h"
#include "transport/cvec.h"
#include "transport/evtext.h"
#include "transport/frag.h"
#include "transport/fstate.h"
#include "transport/held.h"
#include "transport/hist.h"
#include "transport/kind.h"
#include "transport/look.h"
#include "transport/offer.h"
#include "transport/sent.h"
#include "transport/spawnvec.h"
#include "transport/tcacc.h"
#include "transport/wctx.h"
#include "transport/window.h"

/* ---- trace components (the server's order, top of this file) ---- */

/* Where a record of slot u moves its trace to. */
static void rec_trace(const rw_fstate *fu, const rw_ext *e, uint8_t out[16]) {
  rw_look_trace(fu->home, e, out);
}

/* Nothing of the slot encoded yet: a first record (RW_EXT_FIRST) is the
 * slot's first thread, whose trace is already fs->cur. */
static int first_occupant(const rw_fstate *fs) { return fs->sent.done == 0; }

/* Slot u's records still in its ring up to epoch upto that go to its
 * current trace (look.h). */
static uint64_t look_ahead(uint32_t u, rw_fstate *fu, uint64_t upto) {
  rw_slot *s = rw_slots_get(u);
  return rw_look_ahead(&fu->look, s ? s->ring : 0, u, fu->epoch, fu->cur, fu->home,
                       first_occupant(fu), upto);
}

/* rw_tcacc_add for rw_hist_upto. */
static void tc_add_to(void *a, const uint8_t trace[16], uint64_t n) { rw_tcacc_add(a, trace, n); }

/* Add what slot u did up to its epoch `upto`: per trace, the number of
 * its last event there, from its latest `runs` runs.  1 if earlier runs
 * were left out. */
static int tc_from_slot(rw_tcacc *a, uint32_t u, uint64_t upto, int look, uint32_t runs) {
  rw_fstate *fu = rw_fstate_peer(u);   /* none yet: all u did is still in its ring */
  if (!fu) return 0;
  int more = rw_hist_upto(&fu->hist, upto, runs, tc_add_to, a);
  uint64_t k = look && fu->epoch <= upto ? look_ahead(u, fu, upto) : 0;
  if (k)
    rw_tcacc_add(a, fu->cur, *rw_fstate_count(fu) + k);
  return more;
}

/* Slots ever in a trace not their home (a request's): see skip_slot. */
static uint32_t foreign_slots;

/* The slots whose home traces a full accumulator holds (rw_fstate_home_slot;
 * 0: a request's trace), and a filter of them by slot. */
typedef struct home_set {
  uint32_t n, slot[RW_CVEC_MAX_TC];
  uint64_t bits[8];
} home_set;

static void homes_of(home_set *h, const rw_tcacc *a) {
  memset(h->bits, 0, sizeof h->bits);
  h->n = 0;
  for (uint32_t k = 0; k < a->n; k++) {
    uint32_t u = rw_fstate_home_slot(a->e[k].trace);
    h->slot[h->n++] = u;
    h->bits[u / 64 % 8] |= 1ull << (u % 64);
  }
}

/* Slot u adds nothing to a full accumulator whose traces are the home
 * traces of h (see tc_pass): it is not one of them, and was never in a
 * request's trace (or has no state). */
static int skip_slot(uint32_t u, const home_set *h) {
  if (h->bits[u / 64 % 8] >> (u % 64) & 1)
    for (uint32_t k = 0; k < h->n; k++)
      if (h->slot[k] == u)
        return 0;
  if (!foreign_slots)
    return 1;
  rw_fstate *fu = rw_fstate_if(u);
  return !fu || !fu->foreign;
}

/* What the slots of slot's vector v did up to its epochs, from their
 * latest `runs` runs each.  1 if runs were left out. */
static int tc_pass(rw_tcacc *a, uint32_t slot, const rw_cvec *v, uint32_t runs) {
  /* Once a is full only its traces can change, and a slot never in a
   * request's trace has only its own home traces: such a slot with none
   * of them in a adds nothing (most of a vector 256 wide).  Nor does one
   * whose history and look-ahead hold none of a's traces (tcacc.h: most
   * of the vector when every thread serves requests). */
  home_set h;
  int full = 0, more = 0;
  for (uint32_t i = 0; i < v->nvc; i++) {
    uint32_t u = (uint32_t)v->vc[2 * i];
    if (u == slot)
      continue;
    if (!full && a->n == RW_CVEC_MAX_TC) {
      full = 1;
      homes_of(&h, a);
      rw_tcacc_holders(a);
    }
    if (full && (skip_slot(u, &h) || !rw_tcacc_may_add(a, u, v->vc[2 * i + 1])))
      continue;
    more |= tc_from_slot(a, u, v->vc[2 * i + 1], 1, runs);
  }
  return more;
}

/* tc_items for slot's current vector and trace: its own earlier events
 * (in other traces) and those of the threads its vector names.  First
 * each slot's latest run (its thread then; for its own slot, the thread
 * before this one too), then, with room left, earlier runs: a reused
 * slot's earlier threads, whose traces the chains of the joins and
 * spawns in between carry already.  Otherwise a new thread listed the
 * latest 31 threads of its own slot, and its spawner those of the lowest
 * slot, two lists with little in common: the first event sent most of
 * its 32 components again (issue #13). */
static void encode_tc(uint32_t slot, rw_fstate *fs) {
  rw_tcacc a;
  rw_tcacc_init(&a);
  const rw_cvec *v = &fs->cv;
  int more = tc_from_slot(&a, slot, UINT64_MAX, 0, 2);
  more |= tc_pass(&a, slot, v, 1);
  if (more && a.n < RW_CVEC_MAX_TC) {
    tc_from_slot(&a, slot, UINT64_MAX, 0, RW_HIST_RUNS);
    tc_pass(&a, slot, v, RW_HIST_RUNS);
  }
  uint32_t k = 0;
  for (uint32_t i = 0; i < a.n; i++) {
    if (memcmp(a.e[i].trace, fs->cur, 16) == 0) continue; /* the server's own */
    a.e[k] = a.e[i];
    /* n + 1 (<= its next event's): the server needs one smaller entry */
    a.e[k++].n++;
  }
  rw_cvec_set_traces(&fs->cv, a.e, k);
}

/* After encoding an event of slot's current trace: its number, and the
 * history segment it extends. */
static void note_event(rw_fstate *fs) {
  uint64_t n = ++*rw_fstate_count(fs);
  rw_hist_note(&fs->hist, fs->epoch, fs->cur, n);
}

static void encode_vc(uint32_t slot, rw_fstate *fs, const rw_ext *e) {
  rw_cvec_merge(&fs->cv, e->vc, e->nvc);
  uint64_t own = rw_cvec_get(&fs->cv, slot);
  if (own > fs->epoch)
    fs->epoch = own;
}

static void apply_trace(uint32_t slot, rw_fstate *fs, const rw_ext *e) {
  int to_process = memcmp(e->trace_id, rw_ids_process_trace, 16) == 0;
  if (!to_process && e->trace_root) {
    /* A request trace starts: remember where the process chain was. */
    fs->saved_slot = fs->prev_slot;
    fs->saved_seq = fs->prev_seq;
    fs->prev_seq = 0;
  } else if (to_process && !e->trace_root) {
    fs->prev_slot = fs->saved_slot;
    fs->prev_seq = fs->saved_seq;
  } else if (e->trace_root) {
    fs->prev_seq = 0;
  }
  rec_trace(fs, e, fs->cur);
  if (!fs->foreign && memcmp(fs->cur, fs->home, 16) != 0) {
    fs->foreign = 1;
    foreign_slots++;
  }
  rw_fstate_set_trace(fs);
  rw_cvec_set_clock(&fs->cv, e->clock_json);
  memcpy(fs->span, e->span_id, sizeof fs->span);
  memcpy(fs->upstream, e->upstream_span, sizeof fs->upstream);
  fs->meta_ok = 0;
}

/* A record without a clock reading (capture.h: one data record in 16 has
 * one) is 1 ns after the previous event of its thread: order is exact,
 * time is as precise as the last reading. */
static uint64_t event_ns(rw_fstate *fs, const rw_rec *r) {
  uint64_t ns = r->ts ? rw_clock_to_ns(r->ts) : fs->last_ns + 1;
  if (ns <= fs->last_ns)
    ns = fs->last_ns + 1;
  fs->last_ns = ns;
  return ns;
}

/* RACEWAY_WIRE_VECTOR: delta, unless full, or auto with an output file
 * (a file is read line by line: each line keeps its whole vector). */
static int delta_on(void) {
  return rw_cfg.wire_vector == RW_WIRE_DELTA ||
         (rw_cfg.wire_vector == RW_WIRE_AUTO && !rw_cfg.pub.output_path);
}

/* The slot's last event, if it was put in the batch and nothing of the
 * slot was encoded after it, kept with its vector (spawnvec.h) while the
 * slot's state moves on: the parent of a join, or of the first events of
 * threads whose spawn was dropped (capture.h), encoded after that. */
static void keep_last(uint32_t slot, const rw_fstate *fs) {
  if (delta_on() && fs->base_seq && fs->text.id_seq == fs->base_seq)
    rw_spawnvec_keep(slot, fs->base_seq, fs->base_gen, &fs->cv, 1);
}

/* A new thread in a reused slot: its own trace, chain, clock and locks;
 * the slot's history (epochs go on across threads) stays. */
static void new_thread(uint32_t slot, rw_fstate *fs) {
  if (first_occupant(fs))
    return;                       /* all fresh */
  keep_last(slot, fs);            /* the old thread's last event: a parent */
  fs->occupant++;
  rw_fstate_home_trace(slot, fs->occupant, fs->home);
  memcpy(fs->cur, fs->home, 16);
  rw_fstate_set_trace(fs);
  fs->prev_seq = fs->saved_seq = 0;
  fs->span[0] = fs->upstream[0] = 0;
  fs->meta_ok = 0;
  rw_cvec_clear(&fs->cv);         /* its first event has its whole clock */
  fs->base_seq = 0;
  fs->ended = 0;
  rw_held_clear(&fs->held);
  memset(&fs->look, 0, sizeof fs->look);
}

/* The parent (pslot, pseq) is its thread's last event put in the batch,
 * nothing was lost since and its thread encoded nothing after it: the
 * server holds the parent's whole vector, which is fp->cv now. */
static int parent_whole(const rw_fstate *fp, uint64_t pseq, uint64_t losses) {
  return fp && pseq == fp->base_seq && fp->base_gen == losses && pseq == fp->text.id_seq;
}

/* The vector of an event whose parent is (pslot, pseq): what grew, when
 * that parent is the thread's own last event as above; what the parent's
 * vector lacks, when it is another thread's (a join's AsyncAwait, a first
 * event after its spawn, or after an event before its dropped spawn: that
 * event's vector kept, spawnvec.h); else the whole. */
static const char *vector_for(uint32_t slot, rw_fstate *fs, uint32_t pslot, uint64_t pseq,
                              uint64_t losses) {
  if (!delta_on() || !pseq)
    return rw_cvec_take(&fs->cv, 1);
  /* (the same slot: this thread's previous event, or the slot's previous
   * thread's last, kept by new_thread) */
  if (pslot == slot && (pseq == fs->base_seq || !rw_spawnvec_find(slot, pseq, losses)))
    return rw_cvec_take(&fs->cv, !(pseq == fs->base_seq && fs->base_gen == losses));
  rw_fstate *fp = pslot == slot ? 0 : rw_fstate_if(pslot);
  if (parent_whole(fp, pseq, losses))
    return rw_cvec_take_over(&fs->cv, &fp->cv);
  const rw_cvec *sv = rw_spawnvec_find(pslot, pseq, losses);   /* a spawn */
  if (!sv)
    return rw_cvec_take(&fs->cv, 1);
  const char *text = rw_cvec_take_over(&fs->cv, sv);
  rw_spawnvec_used(pslot, pseq);
  return text;
}

/* The envelope of held events changed: the next held event gets a new one. */
static void drop_wctx(rw_fstate *fs) {
  rw_wctx_unref(fs->wctx);
  fs->wctx = 0;
}

/* The thread's state before its record r: new thread, trace, clock. */
static void apply_ext(uint32_t slot, rw_fstate *fs, const rw_ext *e) {
  if (!e)
    return;
  if (e->flags & (RW_EXT_FIRST | RW_EXT_TRACE | RW_EXT_VC))
    drop_wctx(fs);
  if (e->flags & RW_EXT_FIRST)
    new_thread(slot, fs);
  if (e->flags & (RW_EXT_TRACE | RW_EXT_VC)) {
    if (e->flags & RW_EXT_TRACE)
      apply_trace(slot, fs, e);
    if (e->flags & RW_EXT_VC)
      encode_vc(slot, fs, e);
    encode_tc(slot, fs);
  }
}

/* RACEWAY_SEND=auto: every event until RACEWAY_SEND_ALL_LIMIT of them
 * were put in a batch, then races only (the races window), said once. */
static uint64_t auto_sent;
static int auto_races;

/* Turn to races: each thread's chain of sent events goes on from its last
 * event put in a batch. */
static void auto_switch(void) {
  auto_races = 1;
  fprintf(rw_log_file(), "raceway: %llu events sent; from now on only races and their "
          "context (RACEWAY_SEND=auto; RACEWAY_SEND=all sends every event)\n",
          (unsigned long long)auto_sent);
  uint32_t end = rw_slots_end();
  for (uint32_t i = 1; i < end; i++) {
    rw_fstate *fs = rw_fstate_if(i);
    if (!fs)
      continue;
    rw_window_seed(i, fs->base_trace, fs->base_seq, fs->sent.done);
    fs->base_seq = 0;   /* nothing goes to a batch any more: no parent kept */
  }
}

static int to_window(void) {
  if (rw_cfg.send == RW_SEND_AUTO && !auto_races && auto_sent >= rw_cfg.send_all_limit)
    auto_switch();
  return rw_recenc_races();
}

int rw_recenc_races(void) { return rw_cfg.send == RW_SEND_RACES || auto_races; }

/* The thread's metadata (its block is kept in fs->meta, frag.h). */
static rw_meta meta_of(const rw_fstate *fs, const char *thread_name) {
  return (rw_meta){thread_name, rw_ids_pid, rw_cfg.pub.service_name, rw_cfg.pub.environment,
                   0 /* no instance_id: see the top of this file */, fs->span, fs->upstream};
}

/* The metadata block, or NULL (then encoded the long way).  The span ids
 * change only with a trace (meta_ok cleared): not compared per event. */
static inline const char *meta_block(rw_fstate *fs, const char *thread_name, size_t *len) {
  const rw_frag_meta *c = &fs->meta;
  if (fs->meta_ok && rw_frag_on && c->pid == rw_ids_pid &&
      c->service == rw_cfg.pub.service_name && c->environment == rw_cfg.pub.environment &&
      __builtin_memcmp(c->thread, thread_name, sizeof c->thread) == 0) {
    *len = c->len;
    return c->text;
  }
  rw_meta m = meta_of(fs, thread_name);
  const char *text = rw_frag_meta_get(&fs->meta, &m, len);
  fs->meta_ok = text != 0;
  return text;
}

/* To the races window, an event it does not hold (a spawn, an await, a
 * race): encoded now, as rw_event with its head's texts. */
static int offer_event(uint32_t slot, rw_fstate *fs, const rw_rec *r, const char *thread_name,
                       int explicit_parent) {
  rw_meta m = meta_of(fs, thread_name);
  const rw_evtext *t = &fs->text;
  rw_event ev = {.id = rw_evtext_id_text(t), .parent_id = rw_evtext_parent_text(t),
                 .trace_id = fs->trace, .ts_ns = t->ts_ns, .meta = &m,
                 .lock_set_json = fs->held.json, .ts_text = rw_evtext_ts_text(t),
                 .causality_json = rw_cvec_take(&fs->cv, 1)};   /* re-parented later */
  return rw_offer_record(slot, r, &ev, explicit_parent);
}

/* To the races window, an access or lock event (rw_offer_holds): held
 * unencoded with the thread's envelope, made anew only after it changed
 * (drop_wctx); no event head, no vector text (wctx.h). */
static int hold_event(uint32_t slot, rw_fstate *fs, const rw_rec *r, const char *thread_name,
                      uint64_t ns, int explicit_parent) {
  if (!fs->wctx) {
    fs->wctx = rw_wctx_new(&fs->cv, fs->held.json, thread_name, fs->trace, fs->span,
                           fs->upstream);
    rw_cvec_skip(&fs->cv);   /* what grew: for deltas, none in this mode */
  }
  return rw_offer_held(slot, fs->wctx, r, fs->trace, ns, explicit_parent);
}

/* ev's vector or lock set: its text and length ("[]" for NULL). */
static const char *list_of(const char *json, size_t len, size_t *n) {
  *n = !json ? 2 : len ? len : strlen(json);
  return json ? json : "[]";
}

/* The event's text appended to b: head, kind and the rest (ev: vector and
 * lock set) in one reservation when its parts are kept (the usual case),
 * else part by part. */
static void put_text(rw_buf *b, uint32_t slot, rw_fstate *fs, const rw_rec *r,
                     const char *thread_name, const rw_frag_lock *lf, rw_event *ev) {
  size_t mlen = 0, ncv, nls;
  const char *meta = meta_block(fs, thread_name, &mlen);
  const char *cv = list_of(ev->causality_json, ev->causality_len, &ncv);
  const char *ls = list_of(ev->lock_set_json, ev->lock_set_len, &nls);
  rw_frag *f = !lf && r->type == RW_REC_ACCESS ? rw_kind_access_frag(r) : 0;
  size_t kind = lf ? lf->kind_len : f ? RW_KIND_ACCESS_ROOM(f) : 0;
  char *p = rw_buf_reserve(b, RW_EVTEXT_HEAD + kind + RW_WIRE_TAIL_ROOM(mlen, ncv, nls));
  if (!p)
    return;   /* (out of memory: the batch counts it) */
  char *q = rw_evtext_head_at(p, &fs->text);
  char *k = lf ? (memcpy(q, lf->kind, lf->kind_len), q + lf->kind_len)
               : f ? rw_kind_access_at(q, r, f) : 0;
  if (k && meta) {
    rw_buf_commit(b, rw_wire_event_tail_at(k, meta, mlen, cv, ncv, ls, nls));
    return;
  }
  rw_buf_commit(b, k ? k : q);
  if (!k)
    rw_kind_encode(b, slot, r);
  rw_meta m = meta_of(fs, thread_name);
  ev->meta = &m;
  if (meta)
    rw_wire_event_end_pre(b, ev, meta, mlen);
  else
    rw_wire_event_end(b, ev);
}

/* 1 if the event was put in the batch or offered to the window.  lf: a
 * lock record's fragments (frag.h), looked up once for kind and lock set. */
static int put_event(uint32_t slot, rw_fstate *fs, const rw_rec *r, const char *thread_name,
                     uint32_t pslot, uint64_t pseq, int explicit_parent,
                     const rw_frag_lock *lf) {
  if (to_window())
    return offer_event(slot, fs, r, thread_name, explicit_parent);
  uint64_t gen;   /* rw_batch_losses(): a loss from here on, not sent */
  rw_buf *b = rw_batch_event_open(&gen);
  if (b) {
    rw_event ev = {.causality_json = vector_for(slot, fs, pslot, pseq, gen),
                   .causality_len = fs->cv.taken_len, .lock_set_json = fs->held.json,
                   .lock_set_len = fs->held.json ? fs->held.text.len : 0};
    put_text(b, slot, fs, r, thread_name, lf, &ev);
    rw_batch_event_end();
    if (rw_cfg.send == RW_SEND_AUTO && r->type == RW_REC_JSON && r->ext)
      rw_window_race_batched(r->ext->json);
    fs->base_seq = r->seq;
    fs->base_gen = gen;
    memcpy(fs->base_trace, fs->trace, sizeof fs->base_trace);
    auto_sent++;
    return 1;
  }
  rw_cvec_skip(&fs->cv);
  return 0;
}

/* Spawns were dropped just before r (a full ring): their children's
 * parent is the thread's previous event (capture.h), kept as a spawn's if
 * it was put in the batch, so their first events send only what its
 * vector lacks (not their whole vectors, as roots). */
static void keep_before_lost_spawn(uint32_t slot, rw_fstate *fs) {
  if (fs->base_seq && fs->base_seq == fs->prev_seq)   /* (dropped records keep seqs) */
    keep_last(slot, fs);
}

void rw_recenc_record(uint32_t slot, const char *thread_name, const rw_rec *r) {
  rw_fstate *fs = rw_fstate_get(slot);
  if (!fs) {
    rw_batch_undeliverable(1);
    return;
  }
  const rw_ext *e = r->ext;
  if (e && (e->flags & RW_EXT_SPAWN_LOST))
    keep_before_lost_spawn(slot, fs);
  apply_ext(slot, fs, e);
  uint32_t pslot = fs->prev_slot;
  uint64_t pseq = fs->prev_seq;
  /* An explicit parent that was not sent (given up with its ring, or lost
   * on the way): the event keeps its own thread's chain, so it never names
   * an event the server does not have (the races window sends a spawn at
   * once, but not an event before a dropped one: RW_EXT_PARENT_BEFORE).
   * A new trace's first event is its root even when it is also its
   * thread's first (the spawn's child): the server lists a trace only from
   * a root, and a root's vector is whole. */
  int root = e && (e->flags & RW_EXT_TRACE) && e->trace_root;
  int explicit_parent = !root && e && (e->flags & RW_EXT_PARENT) &&
                        !((e->flags & RW_EXT_PARENT_BEFORE) && to_window()) &&
                        rw_recenc_sent(e->parent_slot, e->parent_seq);
  if (explicit_parent)
    pslot = e->parent_slot, pseq = e->parent_seq;
  uint64_t ns = event_ns(fs, r);
  const rw_frag_lock *lf = 0;
  int sent;
  if (rw_offer_holds(r) && to_window()) {
    sent = hold_event(slot, fs, r, thread_name, ns, explicit_parent);
  } else {
    rw_evtext_event(&fs->text, slot, r->seq, pslot, pseq, fs->trace);
    rw_evtext_ts(&fs->text, ns);
    lf = r->type == RW_REC_LOCK ? rw_frag_lock_get(r) : 0;
    sent = put_event(slot, fs, r, thread_name, pslot, pseq, explicit_parent, lf);
  }
  if (r->type == RW_REC_SPAWN && sent && fs->base_seq == r->seq && delta_on())
    rw_spawnvec_keep(slot, r->seq, fs->base_gen, &fs->cv, 0);   /* its child's parent */
  note_event(fs);
  if (r->type == RW_REC_LOCK) {
    /* (held: looked up after the offer, which may have encoded others) */
    rw_held_update(&fs->held, r, lf ? lf : rw_frag_lock_get(r));
    drop_wctx(fs);   /* the lock set changed */
  }
  fs->prev_slot = slot;
  fs->prev_seq = r->seq;
  rw_sent_note(&fs->sent, r->seq, sent);
}

int rw_recenc_done(uint32_t slot, uint64_t seq) {
  rw_fstate *fs = rw_fstate_if(slot);
  return fs && fs->sent.done >= seq;
}

int rw_recenc_sent(uint32_t slot, uint64_t seq) {
  rw_fstate *fs = rw_fstate_if(slot);
  return fs && rw_sent_has(&fs->sent, seq);
}

void rw_recenc_lost(uint32_t slot, uint64_t hi) {
  rw_fstate *fs = rw_fstate_get(slot);
  if (!fs)
    return;
  rw_sent_lost(&fs->sent, hi);
}

/* An ended thread's vector serves only its join (take-over above), and
 * slots of threads ended but not joined yet can outnumber live ones many
 * times (libmicrohttpd joins late under load: 952 slots for 50
 * connections, 22 MiB of vectors).  Past RETIRED_VEC_BYTES of encoder
 * state, the oldest ended ones are freed: their joins send whole vectors. */
#define RETIRED_VEC_BYTES (8u << 20)
void rw_recenc_retired(uint32_t slot) {
  static uint32_t cursor;
  rw_fstate *fs = rw_fstate_if(slot);
  if (fs)
    fs->ended = 1;
  uint32_t end = rw_slots_end();
  for (uint32_t n = 0; n < end && rw_budget_used(RW_BUDGET_ENCODER) > RETIRED_VEC_BYTES; n++) {
    cursor = cursor + 1 < end ? cursor + 1 : 1;
    rw_fstate *f = rw_fstate_if(cursor);
    if (f && f->ended && f->cv.vc) {
      rw_cvec_free(&f->cv);
      f->base_seq = 0;   /* no take-over from what is gone */
    }
  }
}

void rw_recenc_after_fork(uint32_t slot) {
  rw_fstate *fs = rw_fstate_if(slot);
  if (!fs)
    return;
  fs->prev_seq = 0;
  memset(&fs->text, 0, sizeof fs->text);   /* ids are keyed per process */
  rw_sent_forget(&fs->sent);      /* ... so nothing before was sent here */
  drop_wctx(fs);
  rw_cvec_clear(&fs->cv);         /* the thread's next event: its whole clock */
  fs->base_seq = 0;
  rw_fstate_home_trace(slot, fs->occupant, fs->home);
  memcpy(fs->cur, fs->home, 16);
  rw_fstate_set_trace(fs);
  rw_hist_clear(&fs->hist);
  foreign_slots -= fs->foreign;
  fs->foreign = 0;
  memset(&fs->look, 0, sizeof fs->look);
  rw_held_clear(&fs->held);
}

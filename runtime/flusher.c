/*
 * flusher.c - the background thread that turns ring records into JSON
 * events and gives them to the sink.
 *
 * Each pass drains every ring in slot order.  A record whose explicit
 * parent (a spawn, a joined thread's last event) was not encoded yet waits
 * for a later sweep, so the server always receives a parent before its
 * child.  Per thread the flusher keeps what the records leave implicit:
 * the previous event (the parent chain), the current trace, the last
 * causality vector and the held locks.
 */
#include "flusher.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "clock.h"
#include "config.h"
#include "encode.h"
#include "names.h"
#include "rawalloc.h"
#include "send_races.h"
#include "sink.h"
#include "thread.h"
#include "trace_context.h"

/* The server refuses bodies over 2 MiB; stay clear of it. */
#define MAX_BODY_BYTES 2000000u
#define MAX_HELD 16

typedef struct fslot {
  uint64_t done_seq;          /* every event <= this was encoded          */
  uint32_t prev_slot;         /* parent of the next chained event          */
  uint64_t prev_seq;          /* (0: the next event is a root)             */
  uint32_t saved_slot;        /* the process-trace chain during a request  */
  uint64_t saved_seq;
  char trace[37];
  char span[17], upstream[17];
  char *cv_json;              /* last causality vector, encoded            */
  char *vc_items;             /* its thread part ("[\"pid:tid\",n],...")   */
  char *clock_items;          /* its request part: the incoming
                                 raceway-clock (capture.c), NULL if none    */
  char *held[MAX_HELD];       /* lock ids held now, in order               */
  uint32_t nheld;
  char *ls_json;              /* `held` encoded, NULL when empty           */
} fslot;

static struct {
  pthread_t thread;
  _Atomic int running;        /* read by any thread (rw_flusher_start) */
  _Atomic int stopping;
  rw_sink *sink;
  int sink_tried;
  rw_buf events;              /* the batch being built                     */
  size_t *off;
  uint32_t n, off_cap;
  uint64_t slow_until_ns;     /* 206: longer interval until then           */
} F;

static _Atomic uint32_t kick_word;
static _Atomic int start_lock;

/* Accounting (written by the flusher, read by anyone). */
static _Atomic uint64_t st_delivered, st_rejected, st_undeliverable;

_Atomic uint64_t rw_sink_deadline_ns;

uint64_t rw_mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- waking ---- */

void rw_flusher_kick(void) {
  if (atomic_exchange_explicit(&kick_word, 1, memory_order_acq_rel) == 0)
    syscall(SYS_futex, &kick_word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

static void wait_kick(unsigned ms) {
  if (atomic_load(&kick_word) == 0) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    syscall(SYS_futex, &kick_word, FUTEX_WAIT_PRIVATE, 0, &ts, 0, 0);
  }
  atomic_store(&kick_word, 0);
}

/* ---- accounting ---- */

void rw_flusher_stats(raceway_stats *out, uint64_t *full, uint64_t *rejected,
                      uint64_t *undeliverable) {
  /* Ring headers are never freed while the process runs (retired rings
   * keep theirs), so reading them from any thread is safe. */
  uint64_t produced = 0, f = 0;
  uint32_t end = rw_slot_end();
  for (uint32_t i = 1; i < end; i++) {
    rw_slot *s = rw_slot_get(i);
    rw_ring *r = s ? s->ring : 0;
    if (r) {
      uint64_t re = atomic_load(&r->reentered);
      produced += atomic_load(&r->produced) + re;
      f += atomic_load(&r->dropped) + re;
    }
  }
  uint64_t rej = atomic_load(&st_rejected), und = atomic_load(&st_undeliverable);
  uint64_t held, filtered;
  rw_races_counts(&held, &filtered);
  out->produced = produced;
  out->delivered = atomic_load(&st_delivered);
  out->dropped = f + rej + und;
  out->filtered = filtered;
  uint64_t done = out->delivered + out->dropped + out->filtered;
  out->pending = produced > done ? produced - done : 0;
  if (full) *full = f;
  if (rejected) *rejected = rej;
  if (undeliverable) *undeliverable = und;
}

/* ---- batch ---- */

/* Once shutdown has given up waiting, the events still pending are counted
 * undeliverable; a batch the (abandoned) flusher finishes after that must
 * not be counted again.  The lock makes "close and count" atomic against
 * "add a result". */
static atomic_flag acct_lock = ATOMIC_FLAG_INIT;
static int acct_closed;

static void acct_enter(void) {
  while (atomic_flag_test_and_set_explicit(&acct_lock, memory_order_acquire))
    sched_yield();
}

static void acct_leave(void) {
  atomic_flag_clear_explicit(&acct_lock, memory_order_release);
}

static void acct_add(_Atomic uint64_t *counter, uint64_t n) {
  acct_enter();
  if (!acct_closed)
    atomic_fetch_add(counter, n);
  acct_leave();
}

static void account(const rw_sink_result *r) {
  acct_enter();
  if (!acct_closed) {
    atomic_fetch_add(&st_delivered, r->delivered);
    atomic_fetch_add(&st_rejected, r->rejected);
    atomic_fetch_add(&st_undeliverable, r->undeliverable);
  }
  acct_leave();
  if (r->slow_down)
    F.slow_until_ns = rw_mono_ns() + 10000000000ull;
}

/* The process that first started a flusher (a fork child must not
 * truncate its parent's output file). */
static uint32_t first_pid;

static void open_sink(void) {
  if (F.sink_tried)
    return;
  F.sink_tried = 1;
  if (rw_cfg.pub.output_path)
    F.sink = rw_sink_file_open(rw_cfg.pub.output_path, first_pid == rw_pid);
  else
    F.sink = rw_sink_http_open(&rw_cfg);
}

static void send_batch(void) {
  if (F.n == 0)
    return;
  open_sink();
  rw_sink_result r = {0};
  if (F.sink) {
    rw_batch b = {F.events.p, F.off, F.n};
    F.sink->ops->send(F.sink, &b, &r);
  } else {
    r.undeliverable = F.n;
  }
  account(&r);
  F.events.len = 0;
  F.n = 0;
}

/* Room for one more event; sends the batch first when it is full.
 * Returns -1 when memory ran out (the event is counted undeliverable). */
static int batch_event_start(void) {
  if (F.n >= rw_cfg.pub.batch_size || F.events.len >= MAX_BODY_BYTES / 2)
    send_batch();
  if (F.n + 2 > F.off_cap) {
    uint32_t cap = F.off_cap ? F.off_cap * 2 : 256;
    size_t *p = realloc(F.off, cap * sizeof *p);
    if (!p) {
      acct_add(&st_undeliverable, 1);
      return -1;
    }
    F.off = p;
    F.off_cap = cap;
  }
  F.off[F.n] = F.events.len;
  return 0;
}

/* Close the event just written.  One that alone exceeds the body limit is
 * rejected here rather than poisoning a batch; if the buffer ran out of
 * memory the whole batch is lost (and counted). */
static void batch_event_end(void) {
  size_t start = F.off[F.n];
  if (F.events.oom) {
    acct_add(&st_undeliverable, F.n + 1);
    F.events.len = 0;
    F.events.oom = 0;
    F.n = 0;
    return;
  }
  if (F.events.len - start > MAX_BODY_BYTES - 64) {
    F.events.len = start;
    acct_add(&st_rejected, 1);
    if (rw_cfg.pub.debug)
      fprintf(stderr, "raceway: dropped one event larger than 2 MiB\n");
    return;
  }
  F.n++;
  F.off[F.n] = F.events.len;
}

void rw_flusher_put(const char *text, size_t len, size_t parent_at,
                    const char *parent_id) {
  if (batch_event_start() != 0)
    return;
  rw_buf_put(&F.events, text, parent_at);
  if (parent_id) {
    rw_buf_putc(&F.events, '"');
    rw_buf_put(&F.events, parent_id, 36);
    rw_buf_putc(&F.events, '"');
  } else {
    rw_buf_put(&F.events, "null", 4);
  }
  rw_buf_put(&F.events, text + parent_at + 4, len - parent_at - 4);
  batch_event_end();
}

/* ---- per-thread state ---- */

static fslot *fstate(uint32_t slot) {
  rw_slot *s = rw_slot_get(slot);
  if (!s)
    return 0;
  if (!s->fstate) {
    fslot *fs = calloc(1, sizeof *fs);
    if (!fs)
      return 0;
    rw_uuid_format(rw_process_trace, fs->trace);
    s->fstate = fs;
  }
  return s->fstate;
}

static void set_owned(char **p, char *v) {
  free(*p);
  *p = v;
}

/* cv_json = [vc_items, clock_items]. */
static void encode_cv(fslot *fs) {
  rw_buf b = {0};
  rw_buf_putc(&b, '[');
  if (fs->vc_items)
    rw_buf_puts(&b, fs->vc_items);
  if (fs->clock_items) {
    if (fs->vc_items && fs->vc_items[0])
      rw_buf_putc(&b, ',');
    rw_buf_puts(&b, fs->clock_items);
  }
  rw_buf_putc(&b, ']');
  set_owned(&fs->cv_json, rw_buf_take(&b));
}

static void encode_vc(fslot *fs, const rw_ext *e) {
  rw_buf b = {0};
  rw_buf_puts(&b, "");
  for (uint32_t i = 0; i < e->nvc; i++) {
    const char *name = rw_thread_name((uint32_t)e->vc[2 * i]);
    if (!name)
      continue;
    if (b.len > 0)
      rw_buf_putc(&b, ',');
    rw_buf_putc(&b, '[');
    rw_json_string(&b, name);
    rw_buf_putc(&b, ',');
    rw_json_u64(&b, e->vc[2 * i + 1]);
    rw_buf_putc(&b, ']');
  }
  set_owned(&fs->vc_items, rw_buf_take(&b));
  encode_cv(fs);
}

static void encode_lock_set(fslot *fs) {
  if (fs->nheld == 0) {
    set_owned(&fs->ls_json, 0);
    return;
  }
  rw_buf b = {0};
  rw_buf_putc(&b, '[');
  for (uint32_t i = 0; i < fs->nheld; i++) {
    if (i)
      rw_buf_putc(&b, ',');
    rw_json_string(&b, fs->held[i]);
  }
  rw_buf_putc(&b, ']');
  set_owned(&fs->ls_json, rw_buf_take(&b));
}

static void apply_trace(fslot *fs, const rw_ext *e) {
  int to_process = memcmp(e->trace_id, rw_process_trace, 16) == 0;
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
  rw_uuid_format(e->trace_id, fs->trace);
  if (fs->clock_items || e->clock_json) {
    set_owned(&fs->clock_items, e->clock_json ? strdup(e->clock_json) : 0);
    encode_cv(fs);
  }
  memcpy(fs->span, e->span_id, sizeof fs->span);
  memcpy(fs->upstream, e->upstream_span, sizeof fs->upstream);
}

/* ---- names and locations ---- */

/* Symbolised code addresses, cached (flusher only). */
#define PC_CACHE 256
static struct { const void *pc; char text[160]; } pc_cache[PC_CACHE];

static const char *pc_location(const void *pc) {
  size_t i = ((uintptr_t)pc >> 2) % PC_CACHE;
  if (pc_cache[i].pc == pc)
    return pc_cache[i].text;
  rw_pc_describe(pc, pc_cache[i].text, sizeof pc_cache[i].text);
  pc_cache[i].pc = pc;
  return pc_cache[i].text;
}

static const char *rec_location(const rw_rec *r, char *buf, size_t len) {
  if (r->flags & RW_RECF_PC)
    return pc_location(r->site);
  if (r->flags & RW_RECF_TEXT)
    return r->site ? (const char *)r->site : "";
  if (!r->site)
    return "";
  rw_site_location(r->site, buf, len);
  return buf;
}

static const char *const lock_type_names[] = {"Mutex", "RwLock-Read",
                                              "RwLock-Write", "Spin", "Lock"};
static void lock_id(const rw_rec *r, char *out, size_t len) {
  rw_lock_id((uintptr_t)r->addr, r->aux, r->sub, out, len);
}

/* ---- one record -> one event ---- */

static void func_args(rw_buf *b, const raceway_func_site *f, const uint64_t *args) {
  rw_buf_putc(b, '{');
  for (uint32_t i = 0; args && i < f->nargs; i++) {
    char name[32];
    if (i)
      rw_buf_putc(b, ',');
    if (f->arg_names && f->arg_names[i])
      rw_json_string(b, f->arg_names[i]);
    else {
      snprintf(name, sizeof name, "arg%u", i);
      rw_json_string(b, name);
    }
    rw_buf_putc(b, ':');
    rw_value v = {.kind = f->arg_kinds ? f->arg_kinds[i] : RACEWAY_VALUE_SINT,
                  .size = 8, .present = 1, .bits = args[i]};
    rw_json_value(b, &v);
  }
  rw_buf_putc(b, '}');
}

static void encode_kind(rw_buf *b, uint32_t slot, const rw_rec *r) {
  char loc[512], name[512];
  switch (r->type) {
  case RW_REC_ACCESS: {
    const raceway_site *s = r->site;
    rw_variable_name(s, (uintptr_t)r->addr, name, sizeof name);
    int redact = s->flags & RACEWAY_SITE_REDACT;
    rw_value old = {s->value_kind, s->size, !redact && (r->flags & RW_RECF_HAS_OLD), r->a, 0};
    rw_value nv = {s->value_kind, s->size, !redact, r->b, 0};
    rw_site_location(s, loc, sizeof loc);
    rw_kind_state_change(b, name, &old, &nv, loc, s->access <= 4 ? s->access : 0);
    break;
  }
  case RW_REC_LOCK: {
    unsigned k = r->sub <= RW_LOCK_MANUAL ? r->sub : RW_LOCK_MANUAL;
    const char *type = k == RW_LOCK_MANUAL && r->a ? (const char *)(uintptr_t)r->a
                                                   : lock_type_names[k];
    lock_id(r, name, sizeof name);
    rw_kind_lock(b, r->flags & RW_RECF_ACQUIRE, name, type,
                 rec_location(r, loc, sizeof loc));
    break;
  }
  case RW_REC_SPAWN: {
    uint8_t id[16];
    rw_task_id(slot, r->seq, id);
    rw_uuid_format(id, name);
    rw_kind_spawn(b, name, rec_location(r, loc, sizeof loc));
    break;
  }
  case RW_REC_AWAIT: {
    uint8_t id[16];
    memcpy(id, &r->a, 8);
    memcpy(id + 8, &r->b, 8);
    rw_uuid_format(id, name);
    rw_kind_await(b, name, rec_location(r, loc, sizeof loc));
    break;
  }
  case RW_REC_FENCE:
    rw_kind_fence(b, r->sub, rec_location(r, loc, sizeof loc));
    break;
  case RW_REC_FUNC: {
    const raceway_func_site *f = r->site;
    rw_buf args = {0};
    func_args(&args, f, r->ext ? r->ext->args : 0);
    rw_kind_function_call(b, f->name, f->module, args.p, f->file, f->line);
    rw_buf_free(&args);
    break;
  }
  default:
    if (r->ext && r->ext->json)
      rw_buf_puts(b, r->ext->json);
    else
      rw_kind_custom(b, "raceway_lost_payload", 0);
  }
}

static void lock_update(fslot *fs, const rw_rec *r) {
  char id[512];
  lock_id(r, id, sizeof id);
  if (r->flags & RW_RECF_ACQUIRE) {
    if (fs->nheld < MAX_HELD && (fs->held[fs->nheld] = strdup(id)))
      fs->nheld++;
  } else {
    for (uint32_t i = fs->nheld; i-- > 0;) {
      if (strcmp(fs->held[i], id) == 0) {
        free(fs->held[i]);
        memmove(&fs->held[i], &fs->held[i + 1], (fs->nheld - i - 1) * sizeof(char *));
        fs->nheld--;
        break;
      }
    }
  }
  encode_lock_set(fs);
}

/* RACEWAY_SEND=races: encode with parent_id null and let send_races.c
 * send it (re-parented), hold it, or filter it. */
static rw_buf scratch;

static void offer_record(uint32_t slot, const rw_rec *r, rw_event *ev) {
  static const char key[] = "\"parent_id\":";
  ev->parent_id = 0;
  scratch.len = 0;
  rw_encode_event_begin(&scratch, ev);
  encode_kind(&scratch, slot, r);
  rw_encode_event_end(&scratch, ev);
  const char *p = scratch.p ? strstr(scratch.p, key) : 0;
  if (scratch.oom || !p) {
    acct_add(&st_undeliverable, 1);
    scratch.oom = 0;
    return;
  }
  const rw_ext *e = r->ext;
  int explicit_parent = e && (e->flags & RW_EXT_PARENT);
  rw_races_event o = {
      .slot = slot, .seq = r->seq, .type = r->type,
      .acquire = (r->flags & RW_RECF_ACQUIRE) != 0,
      .trace_root = e && (e->flags & RW_EXT_TRACE) && e->trace_root,
      .lock = r->type == RW_REC_LOCK ? (uintptr_t)r->addr : 0,
      .lock_gen = r->type == RW_REC_LOCK ? r->aux : 0,
      .parent_slot = explicit_parent ? e->parent_slot : 0,
      .parent_seq = explicit_parent ? e->parent_seq : 0,
      .trace = ev->trace_id, .text = scratch.p, .len = scratch.len,
      .parent_at = (size_t)(p - scratch.p) + sizeof key - 1,
      .kind_json = r->type == RW_REC_JSON && e ? e->json : 0};
  rw_races_offer(&o);
}

static void encode_record(uint32_t slot, rw_slot *s, fslot *fs, const rw_rec *r) {
  const rw_ext *e = r->ext;
  if (e && (e->flags & RW_EXT_TRACE))
    apply_trace(fs, e);
  if (e && (e->flags & RW_EXT_VC))
    encode_vc(fs, e);
  char id[37], parent[37];
  const char *parent_id = 0;
  rw_event_id(slot, r->seq, id);
  if (e && (e->flags & RW_EXT_PARENT)) {
    rw_event_id(e->parent_slot, e->parent_seq, parent);
    parent_id = parent;
  } else if (fs->prev_seq) {
    rw_event_id(fs->prev_slot, fs->prev_seq, parent);
    parent_id = parent;
  }
  rw_meta m = {s->name, rw_pid, rw_cfg.pub.service_name, rw_cfg.pub.environment,
               rw_cfg.pub.instance_id, fs->span, fs->upstream};
  rw_event ev = {id, parent_id, fs->trace, rw_clock_to_ns(r->ts), &m,
                 fs->cv_json, fs->ls_json};
  if (rw_cfg.send == RW_SEND_RACES) {
    offer_record(slot, r, &ev);
  } else if (batch_event_start() == 0) {
    rw_encode_event_begin(&F.events, &ev);
    encode_kind(&F.events, slot, r);
    rw_encode_event_end(&F.events, &ev);
    batch_event_end();
  }
  if (r->type == RW_REC_LOCK)
    lock_update(fs, r);
  fs->prev_slot = slot;
  fs->prev_seq = r->seq;
  fs->done_seq = r->seq;
}

/* The explicit parent of r was encoded already (or never will be). */
static int parent_ready(const rw_rec *r, int force) {
  if (force || !r->ext || !(r->ext->flags & RW_EXT_PARENT))
    return 1;
  rw_slot *ps = rw_slot_get(r->ext->parent_slot);
  fslot *pf = ps ? ps->fstate : 0;
  if (pf && pf->done_seq >= r->ext->parent_seq)
    return 1;
  /* The parent's ring is gone (fork) or retired: nothing to wait for. */
  return !ps || !ps->ring || ps->ring->retired;
}

/* Drain what one ring held on entry (a thread producing faster than we
 * encode must not starve the others).  Returns records encoded; *blocked
 * set if it stopped at a record waiting for its parent. */
/* The shutdown deadline passed: stop encoding too, so the exit waits at
 * most the timeout (what is left counts as undeliverable). */
static int past_deadline(void) {
  uint64_t d = atomic_load(&rw_sink_deadline_ns);
  return d && rw_mono_ns() >= d;
}

static uint64_t drain_slot(uint32_t slot, int force, int *blocked) {
  rw_slot *s = rw_slot_get(slot);
  if (!s || !s->ring || s->ring->retired)
    return 0;
  int exited = atomic_load_explicit(&s->exited, memory_order_acquire);
  fslot *fs = fstate(slot);
  uint64_t n = 0, limit = rw_ring_used(s->ring);
  const rw_rec *r;
  while (fs && n < limit && (r = rw_ring_peek(s->ring))) {
    if (!parent_ready(r, force)) {
      *blocked = 1;
      return n;
    }
    if ((n & 1023) == 1023 && past_deadline())
      return n;
    encode_record(slot, s, fs, r);
    /* Pop before freeing: a fork child inherits the ring as it is, and
     * must not see (and free again) extras already freed here. */
    rw_ext *ext = r->ext;
    rw_ring_pop(s->ring);
    rw_ext_free(ext);
    n++;
  }
  if (exited && !rw_ring_peek(s->ring)) {
    rw_ring_retire(s->ring);
    rw_races_retired(slot);
  }
  return n;
}

/* One pass: sweep the rings until nothing moves, then send. */
static void flush_pass(int final) {
  rw_clock_calibrate();
  int force = 0;
  for (;;) {
    int blocked = 0;
    uint64_t moved = 0;
    uint32_t end = rw_slot_end();
    for (uint32_t i = 1; i < end; i++)
      moved += drain_slot(i, force, &blocked);
    if (!blocked || past_deadline())
      break;
    if (!moved) {
      /* Waiting parents that will not come this pass: at the end, send
       * the children anyway rather than lose them. */
      if (!final)
        break;
      force = 1;
    }
  }
  send_batch();
}

static void *flusher_main(void *arg) {
  (void)arg;
  rw_thread_ignore_self();
  open_sink();
  while (!atomic_load(&F.stopping)) {
    unsigned ms = rw_cfg.pub.flush_interval_ms ? rw_cfg.pub.flush_interval_ms : 1000;
    if (F.slow_until_ns && rw_mono_ns() < F.slow_until_ns)
      ms = ms * 4 > 600000 ? 600000 : ms * 4;
    wait_kick(ms);
    flush_pass(0);
  }
  flush_pass(1);
  return 0;
}

int rw_flusher_start(void) {
  if (F.running)
    return 0;
  int expected = 0;
  if (!atomic_compare_exchange_strong(&start_lock, &expected, 1))
    return 0;   /* another thread is starting it */
  if (!first_pid)
    first_pid = rw_pid;
  if (!F.running && !atomic_load(&F.stopping)) {
    /* Signals go to application threads, never to the flusher; the
     * pthread interceptors must not see this thread as a spawn. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rw_thread *t = rw_thread_current();
    uint8_t saved = t ? t->in_runtime : 0;
    if (t)
      t->in_runtime = 1;
    /* The output file is opened (and truncated) here, before any fork
     * child could append to it; the HTTP sink opens on the flusher. */
    if (rw_cfg.pub.output_path)
      open_sink();
    if (pthread_create(&F.thread, 0, flusher_main, 0) == 0)
      F.running = 1;
    if (t)
      t->in_runtime = saved;
    pthread_sigmask(SIG_SETMASK, &old, 0);
  }
  atomic_store(&start_lock, 0);
  return F.running ? 0 : -1;
}

int rw_flusher_wait(unsigned timeout_ms) {
  raceway_stats st;
  rw_flusher_stats(&st, 0, 0, 0);
  uint64_t target = st.produced;
  uint64_t end = rw_mono_ns() + (uint64_t)timeout_ms * 1000000ull;
  if (st.pending && rw_flusher_start() != 0)
    return -1;
  for (;;) {
    rw_flusher_stats(&st, 0, 0, 0);
    /* Events held for races are settled as far as waiting can go. */
    uint64_t held, filtered;
    rw_races_counts(&held, &filtered);
    if (st.delivered + st.dropped + filtered + held >= target)
      return 0;
    if (rw_mono_ns() >= end)
      return -1;
    rw_flusher_kick();
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, 0);
  }
}

/* The thread is joined before anything it reads changes: a reconfigure
 * while it runs would be a data race on rw_cfg (found by TSan). */
static int join_flusher(unsigned timeout_ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t ns = (uint64_t)ts.tv_nsec + (uint64_t)timeout_ms * 1000000ull + 200000000ull;
  ts.tv_sec += (time_t)(ns / 1000000000ull);
  ts.tv_nsec = (long)(ns % 1000000000ull);
  if (pthread_timedjoin_np(F.thread, 0, &ts) != 0)
    return -1;
  F.running = 0;
  if (F.sink)
    F.sink->ops->close(F.sink);
  F.sink = 0;
  return 0;
}

void rw_flusher_stop(unsigned timeout_ms) {
  atomic_store(&rw_sink_deadline_ns, rw_mono_ns() + (uint64_t)timeout_ms * 1000000ull);
  raceway_stats st;
  rw_flusher_stats(&st, 0, 0, 0);
  if (!F.running && st.pending)
    rw_flusher_start();
  atomic_store(&F.stopping, 1);
  if (F.running) {
    rw_flusher_kick();
    join_flusher(timeout_ms);
  }
  /* Held for races that were not found: filtered (only once the flusher
   * thread is gone: send_races.c is its state). */
  if (!F.running)
    rw_races_finish();
  /* What did not make it by now never will. */
  acct_enter();
  acct_closed = 1;
  rw_flusher_stats(&st, 0, 0, 0);
  if (st.pending)
    atomic_fetch_add(&st_undeliverable, st.pending);
  acct_leave();
}

int rw_flusher_quiesce(unsigned timeout_ms) {
  if (!F.running)
    return 0;
  atomic_store(&rw_sink_deadline_ns, rw_mono_ns() + (uint64_t)timeout_ms * 1000000ull);
  atomic_store(&F.stopping, 1);
  rw_flusher_kick();
  int rc = join_flusher(timeout_ms);
  if (rc == 0) {
    F.sink_tried = 0;
    atomic_store(&rw_sink_deadline_ns, 0);
    atomic_store(&F.stopping, 0);
  }
  return rc;
}

void rw_flusher_after_fork(void) {
  /* The parent's flusher thread does not exist here; its rings hold the
   * parent's events, which the parent sends. */
  rw_races_after_fork();
  uint32_t end = rw_slot_end();
  for (uint32_t i = 1; i < end; i++) {
    rw_slot *s = rw_slot_get(i);
    if (!s)
      continue;
    if (s->ring) {        /* copies of the parent's events: not ours */
      const rw_rec *r;
      while ((r = rw_ring_peek(s->ring))) {   /* free this copy's extras */
        rw_ext *ext = r->ext;
        rw_ring_pop(s->ring);
        rw_ext_free(ext);
      }
      rw_ring_destroy(s->ring);
    }
    s->ring = 0;
    fslot *fs = s->fstate;
    if (fs) {
      fs->prev_seq = 0;
      while (fs->nheld)
        free(fs->held[--fs->nheld]);
      set_owned(&fs->ls_json, 0);
    }
  }
  if (F.sink && !F.sink->ops->fork_safe) {
    /* Abandoned, not closed: its connection is the parent's.  The copy
     * stays allocated in the child; LeakSanitizer is told so. */
    rw_lsan_ignore(F.sink);
    F.sink = 0, F.sink_tried = 0;
  }
  F.running = 0;
  F.events.len = 0;
  F.n = 0;
  atomic_store(&F.stopping, 0);
  atomic_store(&rw_sink_deadline_ns, 0);
  atomic_store(&start_lock, 0);
  atomic_store(&kick_word, 0);
  acct_closed = 0;
  atomic_flag_clear(&acct_lock);
  atomic_store(&st_delivered, 0);
  atomic_store(&st_rejected, 0);
  atomic_store(&st_undeliverable, 0);
}

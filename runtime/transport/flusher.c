/*
 * flusher.c - the background thread that drains the rings into the batch:
 * its start, wake-ups, passes, final flush, stop, and fork.
 *
 * Each pass drains every ring in slot order.  A record whose explicit
 * parent (a spawn, a joined thread's last event) was not encoded yet waits
 * for a later sweep, so the server always receives a parent before its
 * child.  A flusher that is behind paces itself (RACEWAY_FLUSH_CPU_PCT).
 */
#include "transport/flusher.h"

#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "capture/slots.h"
#include "common/clock.h"
#include "common/config.h"
#include "transport/batch.h"
#include "transport/gate.h"
#include "transport/recenc.h"
#include "transport/sink.h"
#include "transport/spawnvec.h"
#include "transport/window.h"

static struct {
  pthread_t thread;
  _Atomic int running;        /* read by any thread (rw_flusher_start) */
  _Atomic int stopping;
  void (*on_start)(void);     /* runs first on the new thread            */
  uint64_t slow_until_ns;     /* 206: longer interval until then           */
  uint64_t dropped;           /* drops at capture seen after the last pass */
  unsigned clean;             /* passes since the last one with drops      */
} F;

static _Atomic uint32_t kick_word;
static _Atomic uint32_t pace_word;   /* 1: stop pacing (stop, quiesce) */
static _Atomic int start_lock;

/* ---- waking ---- */

/* Sleep while *word is 0, at most ns; wake the one sleeper on word. */
static void futex_wait(_Atomic uint32_t *word, uint64_t ns) {
  struct timespec ts = rw_clock_timespec(ns);
  syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, 0, &ts, 0, 0);
}

static void futex_wake(_Atomic uint32_t *word) {
  syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

void rw_flusher_kick(void) {
  /* Read first: many threads with full rings kick a busy flusher, and a
   * load leaves the line shared where an exchange would bounce it. */
  if (atomic_load_explicit(&kick_word, memory_order_relaxed) == 0 &&
      atomic_exchange_explicit(&kick_word, 1, memory_order_acq_rel) == 0)
    futex_wake(&kick_word);
}

static void wait_kick(unsigned ms) {
  if (atomic_load(&kick_word) == 0)
    futex_wait(&kick_word, (uint64_t)ms * 1000000ull);
  atomic_store(&kick_word, 0);
  atomic_store(&pace_word, 0);
}

/* Pacing (RACEWAY_FLUSH_CPU_PCT): a flusher that cannot keep up would
 * otherwise take a whole core, kicked again by every ring half full, and
 * starve the threads it records (SEND=all, banking demo, keep-alive: 0.37
 * of plain's requests/s on 2 cores).  A pass that took c ns of its CPU
 * owes a rest of c x (100 - pct) / pct; the time it waited for a kick
 * before the pass pays for it.  Once 1 ms is owed it rests for what it
 * owes (at most the flush interval), deaf to kicks.  The debt carries
 * over passes: judged one by one, passes of about 0.5 ms each owed too
 * little, and a flusher kicked again at once rested 3 times in 406
 * passes (bench/kvstore.c, SEND=auto: most of a core).  The rings fill
 * meanwhile and what does not fit is dropped at capture, counted:
 * cheaper for the application than encoding it.  What is encoded, and in
 * which order, does not change.
 * Once only races are sent the pace is RACEWAY_RACES_CPU_PCT (10) if
 * lower: the records it holds are only the races' context, and on
 * bench/kvstore.c its CPU at 30 was a third of the default mode's cost;
 * since a dropped access takes no lock events with it (capture.c
 * rw_capture_drop_guarded), 10 keeps about as many first sides of races
 * as 30 did before (bench/RESULTS.md, Held-back acquisitions). */
static uint64_t pace_owed;   /* ns of rest owed (flusher thread only) */
static void pace(uint64_t cpu_ns, uint64_t waited_ns, unsigned interval_ms) {
  unsigned pct = rw_cfg.flush_cpu_pct;
  if (rw_recenc_races() && rw_cfg.races_cpu_pct < pct)
    pct = rw_cfg.races_cpu_pct;
  if (pct == 0 || pct >= 100)
    return;
  uint64_t owe = pace_owed + cpu_ns * (100 - pct) / pct, cap = (uint64_t)interval_ms * 1000000ull;
  pace_owed = owe > waited_ns ? owe - waited_ns : 0;
  if (pace_owed > cap)
    pace_owed = cap;
  if (pace_owed < 1000000)   /* under 1 ms: not behind, answer kicks */
    return;
  uint64_t pause = pace_owed;
  pace_owed = 0;
  uint64_t end = rw_clock_mono_ns() + pause;
  /* F.stopping too: a stop whose unpace() came before wait_kick() reset
   * pace_word must not wait out the pause. */
  for (uint64_t now; !atomic_load(&pace_word) && !atomic_load(&F.stopping) &&
                     (now = rw_clock_mono_ns()) < end;)
    futex_wait(&pace_word, end - now);
}

/* Stop or quiesce: end a pause now. */
static void unpace(void) {
  atomic_store(&pace_word, 1);
  futex_wake(&pace_word);
}

/* ---- accounting ---- */

void rw_flusher_stats(raceway_stats *out, uint64_t *full, uint64_t *rejected,
                      uint64_t *undeliverable) {
  uint64_t produced, f;
  rw_slots_counts(&produced, &f);
  uint64_t del, rej, und, held, filtered;
  rw_batch_counts(&del, &rej, &und);
  rw_window_counts(&held, &filtered);
  out->produced = produced;
  out->delivered = del;
  out->dropped = f + rej + und;
  out->filtered = filtered;
  uint64_t done = out->delivered + out->dropped + out->filtered;
  out->pending = produced > done ? produced - done : 0;
  if (full) *full = f;
  if (rejected) *rejected = rej;
  if (undeliverable) *undeliverable = und;
}

/* ---- passes ---- */

/* The explicit parent of r was encoded or given up already (recenc.c then
 * names it only if it was sent), or never will be. */
static int parent_ready(const rw_rec *r, int force) {
  if (force || !r->ext || !(r->ext->flags & RW_EXT_PARENT))
    return 1;
  if (rw_recenc_done(r->ext->parent_slot, r->ext->parent_seq))
    return 1;
  rw_slot *ps = rw_slots_get(r->ext->parent_slot);
  /* The parent's rings are gone (fork) or retired: nothing to wait for. */
  return !ps || (!atomic_load(&ps->ring) && !atomic_load(&ps->prev_ring) &&
                 !rw_slots_gone(r->ext->parent_slot));
}

/* The shutdown deadline passed: stop encoding too, so the exit waits at
 * most the timeout (what is left counts as undeliverable). */
static int past_deadline(void) {
  uint64_t d = atomic_load(&rw_sink_deadline_ns);
  return d && rw_clock_mono_ns() >= d;
}

/* Drain what one ring held on entry (a thread producing faster than we
 * encode must not starve the others); retire it once its thread ended and
 * it is empty.  Returns records encoded; *blocked set if it stopped at a
 * record waiting for its parent. */
static uint64_t drain_ring(uint32_t slot, rw_ring *ring, int exited, int force,
                           int *blocked) {
  uint64_t n = 0, limit = rw_ring_used(ring);
  const rw_rec *r;
  int waiting = 0;
  if (past_deadline())
    return 0;
  rw_gate_enter();
  while (n < limit && (r = rw_ring_peek(ring))) {
    if (!parent_ready(r, force)) {
      waiting = *blocked = 1;
      break;
    }
    if (n % RW_GATE_CHUNK == RW_GATE_CHUNK - 1) {
      rw_gate_leave();   /* a fork waiting goes first */
      if (past_deadline())
        return n;
      rw_gate_enter();
    }
    rw_recenc_record(slot, ring->name, r);
    /* Pop before freeing: a fork child inherits the ring as it is, and
     * must not see (and free again) extras already freed here. */
    rw_ext *ext = r->ext;
    rw_ring_pop(ring);
    rw_ring_ext_free(ext);
    n++;
  }
  if (!waiting && exited && !rw_ring_peek(ring)) {
    rw_slots_retire_ring(slot, ring);
    rw_window_retired(slot);
    rw_recenc_retired(slot);
  }
  rw_gate_leave();
  return n;
}

/* Rings given up in slot (capture/slots.h), oldest first: what they still
 * hold is dropped, counted, and told to the encoder (no event names it as
 * its parent), before anything newer of the slot is encoded. */
static void reap_gone(uint32_t slot) {
  rw_ring *ring;
  while ((ring = rw_slots_gone(slot))) {
    uint64_t hi = 0, n = rw_ring_discard(ring, &hi);
    if (n)
      rw_recenc_lost(slot, hi);
    rw_slots_reap(slot, ring, n);
  }
}

/* Rings given up are reaped at their slot's turn, and also in between:
 * they are given up because the flusher is behind, so its sweeps are
 * long, and under a thread per request thousands were given up during
 * one sweep, each keeping its mapping, header and extras until the sweep
 * reached its slot (banking demo, closing connections: rings at their
 * cap, new threads' rings refused, bench/RESULTS.md).  A look at every
 * slot's list costs a load per slot: taken when rings were given up since
 * the last one, at most once per as many records drained as there are
 * slots. */
static struct { uint64_t given_up, drained, at; } R;
static void reap_between(uint64_t drained) {
  uint32_t end = rw_slots_end();
  R.drained += drained;
  if (R.drained - R.at < end)
    return;
  uint64_t g = rw_slots_given_up();
  if (g == R.given_up)
    return;
  R.given_up = g;
  R.at = R.drained;
  for (uint32_t i = 1; i < end; i++)
    reap_gone(i);
}

/* A slot's rings in its seq order: given up, those of its earlier
 * threads that wait (prev_ring first), current.  Each pointer is read
 * again after the next one: a thread may take the slot over meanwhile
 * (slots.c stores gone, prev_ring, ring in that order), and nothing newer
 * may be encoded before what came first.  The next waiting ring is
 * drained once the one before it is retired (or given up: then reaped
 * first, next sweep). */
static uint64_t drain_slot(uint32_t slot, int force, int *blocked) {
  rw_slot *s = rw_slots_get(slot);
  if (!s)
    return 0;
  reap_gone(slot);
  uint64_t n = 0;
  for (rw_ring *prev; (prev = atomic_load_explicit(&s->prev_ring, memory_order_acquire));) {
    if (rw_slots_gone(slot))
      return n;
    n += drain_ring(slot, prev, 1, force, blocked);
    if (atomic_load_explicit(&s->prev_ring, memory_order_acquire) == prev)
      return n;   /* not retired: blocked, or more to come next pass */
  }
  /* The ring before `exited`: a slot taken over in between shows its new
   * ring with exited 0 (rw_slots_renew stores them in that order). */
  rw_ring *ring = atomic_load_explicit(&s->ring, memory_order_acquire);
  if (!ring || atomic_load_explicit(&s->prev_ring, memory_order_acquire))
    return n;
  int exited = atomic_load_explicit(&s->exited, memory_order_acquire);
  return n + drain_ring(slot, ring, exited, force, blocked);
}

/* One pass: sweep the rings until nothing moves, then send.  Past the
 * shutdown deadline no ring is touched any more: what is left counts as
 * undeliverable (a sweep over thousands of ended threads' rings is what
 * made the exit overshoot its bound). */
static void flush_pass(int final) {
  rw_clock_calibrate();
  rw_batch_refresh();     /* a sink that cannot deliver: drop, not encode */
  int force = 0;
  for (;;) {
    int blocked = 0;
    uint64_t moved = 0;
    uint32_t end = rw_slots_end();
    for (uint32_t i = 1; i < end && !past_deadline(); i++) {
      uint64_t n = drain_slot(i, force, &blocked);
      moved += n;
      reap_between(n);
    }
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
  rw_batch_send();
}

/* Behind: producers dropped events during a pass, so the rings fill
 * faster than this thread empties them, and longer rings would only hold
 * more of what it cannot send (capture/ring.h shrinks them then).  Not
 * behind again after BEHIND_CLEAR passes without drops, so that rings do
 * not grow and shrink on every other pass. */
#define BEHIND_CLEAR 4
static void note_behind(void) {
  uint64_t produced, dropped;
  rw_slots_counts(&produced, &dropped);
  if (dropped != F.dropped) {
    F.dropped = dropped;
    F.clean = 0;
    rw_ring_set_behind(1);
  } else if (++F.clean == BEHIND_CLEAR) {
    rw_ring_set_behind(0);
  }
}

static void *flusher_main(void *arg) {
  (void)arg;
  if (F.on_start)
    F.on_start();
  rw_batch_open_sink();
  while (!atomic_load(&F.stopping)) {
    unsigned ms = rw_cfg.pub.flush_interval_ms ? rw_cfg.pub.flush_interval_ms : 1000;
    if (rw_batch_take_slow_down())
      F.slow_until_ns = rw_clock_mono_ns() + 10000000000ull;   /* 10 s */
    if (F.slow_until_ns && rw_clock_mono_ns() < F.slow_until_ns)
      ms = ms * 4 > 600000 ? 600000 : ms * 4;
    uint64_t waited = rw_clock_mono_ns();
    wait_kick(ms);
    waited = rw_clock_mono_ns() - waited;
    if (rw_cfg.flush_hold)   /* held (tests): everything waits for exit */
      continue;
    uint64_t cpu = rw_clock_ns(CLOCK_THREAD_CPUTIME_ID);
    flush_pass(0);
    note_behind();
    pace(rw_clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu, waited, ms);
  }
  flush_pass(1);
  return 0;
}

/* Signals go to application threads, never to the flusher: it starts
 * with every signal blocked.  With glibc >= 2.32 the new thread gets that
 * mask from its attributes and the caller's mask never changes; else the
 * caller blocks everything for the pthread_create call only. */
static int spawn_flusher(void) {
  sigset_t all;
  sigfillset(&all);
  int rc;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0)
    return -1;
  rc = pthread_attr_setsigmask_np(&attr, &all);
  if (rc == 0)
    rc = pthread_create(&F.thread, &attr, flusher_main, 0);
  pthread_attr_destroy(&attr);
#else
  sigset_t old;
  pthread_sigmask(SIG_SETMASK, &all, &old);
  rc = pthread_create(&F.thread, 0, flusher_main, 0);
  pthread_sigmask(SIG_SETMASK, &old, 0);
#endif
  return rc == 0 ? 0 : -1;
}

int rw_flusher_start(void (*on_start)(void)) {
  if (F.running)
    return 0;
  int expected = 0;
  if (!atomic_compare_exchange_strong(&start_lock, &expected, 1))
    return 0;   /* another thread is starting it */
  if (!F.running && !atomic_load(&F.stopping)) {
    /* The output file is opened (and truncated) here, before any fork
     * child could append to it; the open never waits (sink_file.c: a FIFO
     * with no reader fails at once).  The HTTP sink opens on the flusher. */
    if (rw_cfg.pub.output_path)
      rw_batch_open_sink();
    F.on_start = on_start;
    rw_slots_set_reaper();   /* before the thread: slots.c frees no ring it may read */
    if (spawn_flusher() == 0)
      F.running = 1;
  }
  atomic_store(&start_lock, 0);
  return F.running ? 0 : -1;
}

int rw_flusher_wait(unsigned timeout_ms) {
  raceway_stats st;
  rw_flusher_stats(&st, 0, 0, 0);
  uint64_t target = st.produced;
  uint64_t end = rw_clock_mono_ns() + (uint64_t)timeout_ms * 1000000ull;
  if (st.pending && !F.running)
    return -1;
  for (;;) {
    rw_flusher_stats(&st, 0, 0, 0);
    /* Events held for races are settled as far as waiting can go. */
    uint64_t held, filtered;
    rw_window_counts(&held, &filtered);
    if (st.delivered + st.dropped + filtered + held >= target)
      return 0;
    if (rw_clock_mono_ns() >= end)
      return -1;
    rw_flusher_kick();
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, 0);
  }
}

/* The thread is joined before anything it reads changes: a reconfigure
 * while it runs would be a data race on rw_cfg (found by TSan). */
static int join_flusher(unsigned timeout_ms) {
  struct timespec ts = rw_clock_timespec(rw_clock_realtime_ns() +
                                         (uint64_t)timeout_ms * 1000000ull + 200000000ull);
  if (pthread_timedjoin_np(F.thread, 0, &ts) != 0)
    return -1;
  F.running = 0;
  rw_batch_close_sink();
  return 0;
}

static uint64_t pending_now(void) {
  raceway_stats st;
  rw_flusher_stats(&st, 0, 0, 0);
  return st.pending;
}

void rw_flusher_stop(unsigned timeout_ms) {
  atomic_store(&rw_sink_deadline_ns, rw_clock_mono_ns() + (uint64_t)timeout_ms * 1000000ull);
  atomic_store(&F.stopping, 1);
  if (F.running) {
    unpace();
    rw_flusher_kick();
    join_flusher(timeout_ms);
  }
  /* Held for races that were not found: filtered (only once the flusher
   * thread is gone: window.c is its state). */
  if (!F.running)
    rw_window_finish();
  /* What did not make it by now never will. */
  rw_batch_close_accounting(pending_now);
}

int rw_flusher_quiesce(unsigned timeout_ms) {
  if (!F.running)
    return 0;
  atomic_store(&rw_sink_deadline_ns, rw_clock_mono_ns() + (uint64_t)timeout_ms * 1000000ull);
  atomic_store(&F.stopping, 1);
  unpace();
  rw_flusher_kick();
  int rc = join_flusher(timeout_ms);
  if (rc == 0) {
    atomic_store(&rw_sink_deadline_ns, 0);
    atomic_store(&F.stopping, 0);
    atomic_store(&pace_word, 0);
  }
  return rc;
}

/* A fork child's copy of a parent thread's ring: free its extras too. */
static void drop_copy(rw_ring *ring) {
  if (!ring)
    return;
  uint64_t last;
  rw_ring_discard(ring, &last);
  rw_ring_destroy(ring);
}

void rw_flusher_before_fork(void) { rw_gate_before_fork(); }
void rw_flusher_after_fork_parent(void) { rw_gate_after_fork_parent(); }

void rw_flusher_after_fork(void) {
  rw_gate_after_fork();
  /* The parent's flusher thread does not exist here; its rings hold the
   * parent's events, which the parent sends. */
  rw_window_after_fork();
  uint32_t end = rw_slots_end();
  for (uint32_t i = 1; i < end; i++) {
    rw_slot *s = rw_slots_get(i);
    if (!s)
      continue;
    for (rw_ring *r = s->prev_ring, *next; r; r = next) {
      next = r->wait_next;
      drop_copy(r);            /* copies of the parent's events: not ours */
    }
    drop_copy(s->ring);
    s->prev_ring = 0;
    s->ring = 0;
    rw_recenc_after_fork(i);
  }
  rw_spawnvec_after_fork();
  rw_batch_after_fork();
  F.running = 0;
  atomic_store(&F.stopping, 0);
  atomic_store(&rw_sink_deadline_ns, 0);
  atomic_store(&start_lock, 0);
  atomic_store(&kick_word, 0);
  F.dropped = F.clean = 0;
  pace_owed = 0;
  rw_ring_set_behind(0);
}

int rw_flusher_running(void) { return F.running; }

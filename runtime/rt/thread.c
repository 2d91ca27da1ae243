/*
 * thread.c - per-thread state behind an initial-exec TLS pointer:
 * registration (in a reused slot when capture/slots.h allows), spawn,
 * attach, detach, and the fork child's own thread.
 */
#include "rt/thread.h"

#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "capture/slots.h"
#include "common/config.h"
#include "common/ids.h"
#include "common/rawalloc.h"
#include "rt/sweep.h"
#include "transport/flusher.h"

/* Both sentinels are ignored (their gate is not 0) and hold the sentinel
 * lazy entry (capture.h): the lock interceptors test the gate and the
 * newest entry before anything else.  A thread with no record yet points
 * at rw_thread_none, which registers on first use. */
RW_HIDDEN rw_thread rw_thread_none = {.ignore = 1, .cap.lazy_lock[0] = RW_LAZY_NONE};
__thread rw_thread *rw_self __attribute__((tls_model("initial-exec"))) = &rw_thread_none;

/* Threads that exited, or could not be registered, point here: the hooks
 * see `ignore` and return, and nothing registers them again. */
static rw_thread dead_thread = {.ignore = 1, .cap.lazy_lock[0] = RW_LAZY_NONE};

static pthread_key_t exit_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void on_thread_exit(void *arg) {
  (void)arg;
  rw_thread_detach();
}

static void init_once(void) { pthread_key_create(&exit_key, on_thread_exit); }

static rw_ring *new_ring(void) {
  return rw_ring_create(rw_cfg.pub.max_buffered ? rw_cfg.pub.max_buffered : 8192);
}

/* start: the thread's initial clock, if it has a known creator.  The
 * pthread_once below goes through the runtime's own interceptor, which
 * asks for this thread's record: that nested call must not register the
 * thread a second time (it would leak the first record and its ring). */
static rw_thread *register_self(const rw_vc *start) {
  static __thread int registering;
  if (registering)
    return 0;
  registering = 1;
  pthread_once(&key_once, init_once);
  rw_thread *t = rw_raw_calloc_kept(1, sizeof *t);
  uint32_t tid = (uint32_t)syscall(SYS_gettid);
  rw_ring *ring = t ? new_ring() : 0;
  uint64_t epoch = 0, seq = 1;
  uint32_t slot = t ? rw_slots_claim(tid, ring, start, &epoch, &seq) : 0;
  if (!slot) {
    if (ring)
      rw_ring_destroy(ring);
    rw_raw_free(t);
    rw_self = &dead_thread;
    registering = 0;
    return 0;
  }
  rw_sweep_due();            /* the claim may have found leaked threads */
  t->slot = slot;
  t->os_tid = tid;
  rw_sync_hb_init(&t->hb, slot);
  if (epoch)                 /* a reused slot: its epochs go on */
    rw_vc_set(&t->hb.vc, slot, epoch);
  rw_capture_init(&t->cap, slot, &t->hb, ring);
  t->cap.seq = seq;
  t->cap.last = rw_slots_last(slot);   /* a join of a thread that recorded
                                          nothing names the slot's last */
  pthread_setspecific(exit_key, t);
  rw_self = t;
  registering = 0;
  return t;
}

rw_thread *rw_thread_current(void) {
  rw_thread *t = rw_thread_self();
  return t ? t : register_self(0);
}

rw_thread *rw_thread_attach(rw_spawn *sp) {
  rw_thread *t = rw_thread_self();
  if (!t || t == &dead_thread)
    t = register_self(sp ? &sp->start_vc : 0);
  if (!t || !sp)
    return t;
  if (sp->start_vc.n)
    rw_sync_join(&t->hb, &sp->start_vc);
  rw_vc_free(&sp->start_vc);
  if (sp->spawn_seq) {
    /* The first event descends from the AsyncSpawn; the flusher holds it
     * back until that event was encoded. */
    t->cap.parent_slot = sp->parent_slot;
    t->cap.parent_seq = sp->spawn_seq;
  }
  return t;
}

void rw_thread_detach(void) {
  rw_thread *t = rw_thread_self();
  if (!t || t == &dead_thread)
    return;
  rw_self = &dead_thread;
  pthread_setspecific(exit_key, 0);
  rw_slot *s = rw_slots_get(t->slot);
  rw_slots_set_last(t->slot, t->cap.last);
  rw_slots_release(t->slot, rw_vc_get(&t->hb.vc, t->slot), t->cap.seq);
  rw_sync_hb_destroy(&t->hb);
  rw_capture_destroy(&t->cap);
  rw_raw_free(t->cap.trace_ctx);
  if (s)
    atomic_store_explicit(&s->exited, 1, memory_order_release);
  rw_raw_free(t);
  rw_flusher_kick();   /* let the flusher send and retire the ring */
}

void rw_thread_ignore_self(void) {
  rw_thread *t = rw_thread_current();
  if (t)
    t->ignore = 1;
}

void rw_thread_after_fork(void) {
  rw_thread *t = rw_thread_self();
  if (!t || t == &dead_thread)
    return;
  t->os_tid = (uint32_t)syscall(SYS_gettid);
  t->cap.ring = new_ring();
  memcpy(t->cap.trace_id, rw_ids_process_trace, 16);
  t->cap.trace_changed = 1;
  t->cap.trace_root = 1;
  t->cap.parent_seq = 0;
  t->hb.vc_changed = 1;
  rw_vc_free(&t->cap.sent);     /* the child's flusher knows nothing yet */
  /* (not covered: names carry the pid; a fork child is not ordered after
   * its parent on the server, docs/real-server.md) */
  rw_slots_renew(t->slot, t->os_tid, t->cap.ring, rw_vc_get(&t->hb.vc, t->slot), 0);
}
